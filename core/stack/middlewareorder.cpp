// SPDX-License-Identifier: MIT
#include "stack/middlewareorder.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MiddlewareOrder", text);
}

const QString CorsPath = QStringLiteral("corsheaders.middleware.CorsMiddleware");

} // namespace

bool middlewareAnswersBeforeView(MiddlewareKind kind, const StackSettings &settings, QString *why)
{
    QString reason;
    switch (kind) {
    case MiddlewareKind::Security:
        if (settings.secureSslRedirect)
            reason = tr(
                    "SECURE_SSL_REDIRECT answers plain-HTTP requests, preflights included, with "
                    "a 301 to https");
        break;
    case MiddlewareKind::Common:
        reason = tr("it answers with APPEND_SLASH and PREPEND_WWW redirects and with 400 for a "
                    "Host outside ALLOWED_HOSTS");
        break;
    case MiddlewareKind::WhiteNoise:
        reason = tr("it serves static files itself");
        break;
    case MiddlewareKind::Session:
    case MiddlewareKind::Csrf:
    case MiddlewareKind::Authentication:
    case MiddlewareKind::Messages:
    case MiddlewareKind::XFrameOptions:
    case MiddlewareKind::Cors:
    case MiddlewareKind::CorsPostCsrf:
    case MiddlewareKind::Unknown:
        break;
    }
    if (why)
        *why = reason;
    return !reason.isEmpty();
}

QStringList workingMiddleware(const StackSettings &settings, Profile profile, QStringList *changes)
{
    const QStringList &middleware = settings.middleware;
    QStringList out;
    QStringList notes;
    for (const QString &path : middleware) {
        if (profile == Profile::V4 && middlewareKind(path) == MiddlewareKind::CorsPostCsrf) {
            notes.append(tr("removed %1: django-cors-headers 4.0 removed it, and Django would not "
                            "start (list the front-end origins in CSRF_TRUSTED_ORIGINS instead)")
                                 .arg(path));
            continue;
        }
        out.append(path);
    }

    qsizetype cors = -1;
    qsizetype firstAnswering = -1;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const MiddlewareKind kind = middlewareKind(out.at(i));
        if (kind == MiddlewareKind::Cors && cors < 0)
            cors = i;
        if (firstAnswering < 0 && middlewareAnswersBeforeView(kind, settings))
            firstAnswering = i;
    }

    if (cors < 0) {
        if (firstAnswering >= 0) {
            QString why;
            middlewareAnswersBeforeView(middlewareKind(out.at(firstAnswering)), settings, &why);
            notes.append(tr("added %1 above %2 (%3): without it no response carries CORS "
                            "headers")
                                 .arg(CorsPath, middlewareClassName(out.at(firstAnswering)), why));
            out.insert(firstAnswering, CorsPath);
        } else {
            notes.append(tr("added %1 at the top: without it no response carries CORS headers")
                                 .arg(CorsPath));
            out.prepend(CorsPath);
        }
    } else if (firstAnswering >= 0 && firstAnswering < cors) {
        QStringList above;
        QStringList reasons;
        for (qsizetype i = firstAnswering; i < cors; ++i) {
            QString why;
            if (middlewareAnswersBeforeView(middlewareKind(out.at(i)), settings, &why)) {
                above.append(middlewareClassName(out.at(i)));
                reasons.append(middlewareClassName(out.at(i)) + QStringLiteral(": ") + why);
            }
        }
        const QString path = out.takeAt(cors);
        out.insert(firstAnswering, path);
        notes.append(tr("moved %1 up, above %2: an answer made above CorsMiddleware leaves "
                        "without CORS headers, and the browser reports a CORS error (%3)")
                             .arg(path, above.join(QStringLiteral(", ")),
                                  reasons.join(QStringLiteral("; "))));
    }
    if (changes)
        *changes = notes;
    return out;
}

} // namespace Cors
