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

bool middlewareAnswersBeforeView(const StackSettings &settings, qsizetype index, QString *why)
{
    const QStringList &middleware = settings.middleware;
    const bool sessionAbove = std::any_of(
            middleware.cbegin(), middleware.cbegin() + index,
            [](const QString &path) { return middlewareKind(path) == MiddlewareKind::Session; });
    const QString needsSession = tr("without SessionMiddleware above it, it raises in its "
                                    "request phase: a 500");
    QString reason;
    switch (middlewareKind(middleware.at(index))) {
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
    case MiddlewareKind::Authentication:
    case MiddlewareKind::Messages:
        if (!sessionAbove)
            reason = needsSession;
        break;
    case MiddlewareKind::Csrf:
        // Its 403 is made in process_view; only CSRF_USE_SESSIONS without a session raises
        // before that.
        if (settings.csrfUseSessions && !sessionAbove)
            reason = needsSession + tr(" (CSRF_USE_SESSIONS)");
        break;
    case MiddlewareKind::Session:
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

    StackSettings current = settings;
    current.middleware = out;
    qsizetype cors = -1;
    qsizetype firstAnswering = -1;
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (middlewareKind(out.at(i)) == MiddlewareKind::Cors && cors < 0)
            cors = i;
        if (firstAnswering < 0 && middlewareAnswersBeforeView(current, i))
            firstAnswering = i;
    }

    if (cors < 0) {
        if (firstAnswering >= 0) {
            QString why;
            middlewareAnswersBeforeView(current, firstAnswering, &why);
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
            if (middlewareAnswersBeforeView(current, i, &why)) {
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
