// SPDX-License-Identifier: MIT
// Rules about the Django stack around CorsMiddleware. Every request a finding names is run
// through the stack model first: a finding is reported only when the request really breaks.
#include "browser/policyfix.h"
#include "lint/lintsupport.h"
#include "stack/djangostack.h"
#include "stack/middlewareorder.h"

namespace Cors::Lint {

namespace {

struct StackLint
{
    LintRun &run;
    const Deployment &deployment;
    const StackSettings &settings;
    int middlewareLine;
    qsizetype cors = -1;

    Finding &add(const char *id, const QString &djangoSetting)
    {
        Finding &f = run.add(id, SettingId::AllowedOrigins);
        f.djangoSetting = djangoSetting;
        f.line = settings.lines.value(djangoSetting, 0);
        return f;
    }

    /** A host ALLOWED_HOSTS accepts, for the requests the findings name. */
    QString host() const
    {
        for (const QString &pattern : settings.allowedHosts) {
            if (pattern == QLatin1String("*") || pattern.isEmpty())
                continue;
            return pattern.startsWith(u'.') ? QStringLiteral("api") + pattern : pattern;
        }
        return settings.debug ? QStringLiteral("localhost") : QStringLiteral("api.example");
    }

    /** An origin the policy admits, for the requests the findings name. */
    QString admittedOrigin() const
    {
        for (const PyValue &entry : run.entries(SettingId::AllowedOrigins)) {
            if (entry.isStr() && run.isSerializedOrigin(entry.text()) && entry.text() != u"null"
                && run.admits(entry.text()))
                return entry.text();
        }
        return QStringLiteral("https://app.example");
    }

    /** A route pattern as a concrete path: each <converter:name> replaced by a sample. */
    static QString concrete(QString route)
    {
        static const QList<std::pair<QString, QString>> samples = {
                {QStringLiteral("int"), QStringLiteral("1")},
                {QStringLiteral("uuid"), QStringLiteral("12345678-1234-1234-1234-123456789abc")},
        };
        qsizetype open;
        while ((open = route.indexOf(u'<')) >= 0) {
            const qsizetype close = route.indexOf(u'>', open);
            if (close < 0)
                break;
            const QString inside = route.mid(open + 1, close - open - 1);
            QString value = QStringLiteral("x");
            for (const auto &[converter, sample] : samples) {
                if (inside.startsWith(converter + u':'))
                    value = sample;
            }
            route.replace(open, close - open + 1, value);
        }
        return route;
    }

    /** A route with a trailing slash whose path CorsMiddleware handles, and the deployment with it. */
    std::pair<QString, Deployment> slashRoute() const
    {
        for (const Route &route : deployment.routes) {
            if (route.path.endsWith(u'/') && route.path.size() > 1)
                return {u'/' + concrete(route.path), deployment};
        }
        QString base = run.enabledPath().value_or(QStringLiteral("/"));
        if (!base.endsWith(u'/'))
            base += u'/';
        Deployment withRoute = deployment;
        withRoute.routes.append({base.mid(1) + QStringLiteral("items/"), ViewKind::Ok, {}, {}});
        return {base + QStringLiteral("items/"), withRoute};
    }

    HttpRequest request(const QString &method, const QString &path, bool secure,
                        const QString &origin) const
    {
        HttpRequest r;
        r.method = method;
        r.path = path;
        r.secure = secure;
        r.headers.append({QStringLiteral("Host"), host()});
        r.headers.append({QStringLiteral("Origin"), origin});
        if (method == QLatin1String("OPTIONS"))
            r.headers.append(
                    {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("PUT")});
        return r;
    }

    static bool hasAllowOrigin(const StackResponse &response)
    {
        return response.headers.contains(u"Access-Control-Allow-Origin");
    }

    void middlewarePresence()
    {
        const QStringList &mw = settings.middleware;
        bool session = false;
        for (qsizetype i = 0; i < mw.size(); ++i) {
            const MiddlewareKind kind = middlewareKind(mw.at(i));
            if (kind == MiddlewareKind::Session)
                session = true;
            if ((kind == MiddlewareKind::Authentication || kind == MiddlewareKind::Messages)
                && !session) {
                Finding &f = add("stack-session-missing", QStringLiteral("MIDDLEWARE"));
                f.entry = int(i);
                f.entryText = mw.at(i);
                f.message = tr("%1 needs django.contrib.sessions.middleware.SessionMiddleware "
                               "above it: every request that reaches it ends in a 500")
                                    .arg(mw.at(i));
                f.fixText = tr("put SessionMiddleware above %1 in MIDDLEWARE")
                                    .arg(middlewareClassName(mw.at(i)));
                f.attackRequest = QStringLiteral("GET /");
            }
            if (kind == MiddlewareKind::CorsPostCsrf && run.profile() == Profile::V4) {
                Finding &f = add("stack-corspostcsrf-removed", QStringLiteral("MIDDLEWARE"));
                f.entry = int(i);
                f.entryText = mw.at(i);
                f.message = tr("django-cors-headers 4.x has no CorsPostCsrfMiddleware: Django "
                               "fails to start with ImportError");
                f.fixText = tr("remove it from MIDDLEWARE and list the front-end origins in "
                               "CSRF_TRUSTED_ORIGINS");
            }
            if (kind == MiddlewareKind::Unknown) {
                Finding &f = add("stack-not-modelled", QStringLiteral("MIDDLEWARE"));
                f.entry = int(i);
                f.entryText = mw.at(i);
                f.message = tr("%1 is not modelled: the checks take it to pass requests and "
                               "responses through unchanged")
                                    .arg(mw.at(i));
                f.fixText = tr("if it can answer requests itself, keep CorsMiddleware above it");
            }
        }
        if (cors < 0) {
            Finding &f = add("stack-cors-missing", QStringLiteral("MIDDLEWARE"));
            f.message = tr("corsheaders.middleware.CorsMiddleware is not in MIDDLEWARE: no "
                           "response carries CORS headers");
            f.fixText = workingFix();
        }
    }

    void corsBelow(const DjangoStack &stack, const QString &slashPath)
    {
        const QString origin = admittedOrigin();
        QString withoutSlash = slashPath;
        withoutSlash.chop(1);
        const bool django5 = run.profile() == Profile::V4;
        for (qsizetype i = 0; i < cors; ++i) {
            const QString &path = settings.middleware.at(i);
            const MiddlewareKind kind = middlewareKind(path);
            std::optional<HttpRequest> breaking;
            QString why;
            if (kind == MiddlewareKind::Common && settings.appendSlash) {
                breaking = request(django5 ? QStringLiteral("GET") : QStringLiteral("OPTIONS"),
                                   withoutSlash, true, origin);
                why = django5 ? tr("APPEND_SLASH replaces the 404 for %1 with a 301 to %2")
                                        .arg(withoutSlash, slashPath)
                              : tr("APPEND_SLASH answers the preflight to %1 with a 301 to %2")
                                        .arg(withoutSlash, slashPath);
            } else if (kind == MiddlewareKind::Common) {
                HttpRequest r = request(QStringLiteral("OPTIONS"), slashPath, true, origin);
                r.headers.set(QStringLiteral("Host"), QStringLiteral("unlisted.example"));
                breaking = r;
                why = tr("a Host outside ALLOWED_HOSTS is answered with 400");
            } else if (kind == MiddlewareKind::Security && settings.secureSslRedirect) {
                breaking = request(QStringLiteral("OPTIONS"), slashPath, false, origin);
                why = tr(
                        "SECURE_SSL_REDIRECT answers the plain-HTTP preflight with a 301 to https");
            }
            if (!breaking)
                continue;
            const StackResponse response = stack.respond(*breaking, false);
            if (hasAllowOrigin(response) || response.decidedBy != middlewareClassName(path))
                continue;
            Finding &f = add("stack-cors-below", QStringLiteral("MIDDLEWARE"));
            f.entry = int(cors);
            f.entryText = settings.middleware.at(cors);
            f.message = tr("CorsMiddleware (MIDDLEWARE[%1]) is below %2 (MIDDLEWARE[%3]): %4, "
                           "without CORS headers, so the browser reports a CORS error")
                                .arg(cors)
                                .arg(middlewareClassName(path))
                                .arg(i)
                                .arg(why);
            f.fixText = workingFix();
            f.attackRequest
                    = QStringLiteral("%1 %2%3 (Origin: %4) → %5")
                              .arg(breaking->method,
                                   breaking->secure ? QStringLiteral("https://")
                                                    : QStringLiteral("http://"),
                                   *breaking->headers.value(u"Host") + breaking->path, origin)
                              .arg(response.status);
        }
    }

    /**
     * The MIDDLEWARE change that makes CorsMiddleware work, from the rule the Django export
     * uses (workingMiddleware): what the export would write.
     */
    QString workingFix() const
    {
        StackSettings withoutPostCsrf = settings;
        withoutPostCsrf.middleware.clear();
        for (const QString &path : settings.middleware) {
            if (middlewareKind(path) != MiddlewareKind::CorsPostCsrf)
                withoutPostCsrf.middleware.append(path); // stack-corspostcsrf-removed's part
        }
        QStringList changes;
        workingMiddleware(withoutPostCsrf, run.profile(), &changes);
        if (changes.isEmpty())
            return tr("move \"corsheaders.middleware.CorsMiddleware\" up in MIDDLEWARE");
        return tr("%1 (the Django export writes MIDDLEWARE so)")
                .arg(changes.join(QStringLiteral("; ")));
    }

    /**
     * The credentialed unsafe request a page on @p origin makes (a fetch() POST with the CSRF
     * cookie and token header, and the Referer browsers send by default: the origin), to a
     * route CsrfViewMiddleware checks. The API is https when the page is (mixed content).
     */
    HttpRequest csrfRequest(const QString &origin, const QString &path) const
    {
        HttpRequest r = request(QStringLiteral("POST"), path,
                                schemeOfOrigin(origin) == QLatin1String("https"), origin);
        r.headers.append({QStringLiteral("Referer"), origin + u'/'});
        // A valid token: the same 32-character secret in the cookie and the header.
        const QString secret = QStringLiteral("CorsStudioCsrfSecret0123456789ab");
        r.headers.append({QStringLiteral("Cookie"), settings.csrfCookieName + u'=' + secret});
        if (settings.csrfHeaderName.startsWith(QLatin1String("HTTP_")))
            r.headers.append({settings.csrfHeaderName.mid(5).replace(u'_', u'-'), secret});
        return r;
    }

    /** CsrfViewMiddleware refused @p response because of the origin or the Referer. */
    static std::optional<QString> csrfOriginRefusal(const StackResponse &response)
    {
        if (response.status != 403)
            return std::nullopt;
        for (const StackStep &step : response.steps) {
            if (step.layer == QLatin1String("CsrfViewMiddleware") && step.verdict == Verdict::Fail
                && step.setting == QLatin1String("CSRF_TRUSTED_ORIGINS")) {
                const qsizetype open = step.text.indexOf(u'"');
                const qsizetype close = step.text.lastIndexOf(u'"');
                return close > open ? step.text.mid(open + 1, close - open - 1) : step.text;
            }
        }
        return std::nullopt;
    }

    void csrfTrustedOrigins(const Deployment &withRoute)
    {
        if (!run.credentials() || run.allowAll() || cors < 0)
            return;
        if (std::none_of(settings.middleware.cbegin(), settings.middleware.cend(),
                         [](const QString &path) {
                             return middlewareKind(path) == MiddlewareKind::Csrf;
                         }))
            return;
        // A route CsrfViewMiddleware checks (not @csrf_exempt; DRF views are exempt).
        std::optional<QString> path;
        for (const Route &route : withRoute.routes) {
            if (route.view != ViewKind::CsrfExempt && route.view != ViewKind::Drf) {
                path = u'/' + concrete(route.path);
                break;
            }
        }
        if (!path)
            return;
        const DjangoStack stack(run.policy(), withRoute);
        const QString csrfName = QStringLiteral("CSRF_TRUSTED_ORIGINS");
        const QList<PyValue> entries = run.entries(SettingId::AllowedOrigins);
        // Each listed finding's fix is checked on a new stack (an engine over the whole list):
        // past MaxEntryFindingsPerRule the refused origins are only counted, or a long pasted
        // list would cost a stack per origin.
        int listed = 0;
        for (int i = 0; i < entries.size(); ++i) {
            const QString origin = entries.at(i).isStr() ? entries.at(i).text() : QString();
            if (origin.isEmpty() || origin == QLatin1String("null")
                || !run.isSerializedOrigin(origin)
                || !run.entryAdmits(SettingId::AllowedOrigins, i, origin))
                continue;
            const HttpRequest breaking = csrfRequest(origin, *path);
            const StackResponse response = stack.respond(breaking, true);
            const auto reason = csrfOriginRefusal(response);
            if (!reason)
                continue;
            if (listed == MaxEntryFindingsPerRule) {
                run.countUnlisted("stack-csrf-untrusted-origin", SettingId::AllowedOrigins);
                continue;
            }
            // The fix, in the form the profile's Django compares: it must cure this request.
            const bool django5 = run.profile() == Profile::V4;
            const QString value = django5 ? origin : origin.section(QLatin1String("://"), 1);
            const PolicyFix fix = LintRun::fix(PolicyFix::Action::AddToList,
                                               SettingId::CsrfTrustedOrigins, PyValue::str(value),
                                               tr("add %1 to %2").arg(quoted(value), csrfName));
            const DjangoStack fixed(applyPolicyFix(run.policy(), fix), withRoute);
            if (csrfOriginRefusal(fixed.respond(breaking, true)))
                continue;
            Finding &f = run.add("stack-csrf-untrusted-origin", SettingId::AllowedOrigins);
            ++listed;
            f.djangoSetting = csrfName;
            f.entryText = origin;
            const QString target
                    = (breaking.secure ? QStringLiteral("https://") : QStringLiteral("http://"))
                    + host() + *path;
            f.message = (hasAllowOrigin(response)
                                 ? tr("%1 is allowed with credentials, but CsrfViewMiddleware "
                                      "refuses its unsafe requests: POST %2 from it gets 403 "
                                      "(\"%3\"); the 403 carries CORS headers, so the page sees "
                                      "the 403, not a CORS error")
                                 : tr("%1 is allowed with credentials, but CsrfViewMiddleware "
                                      "refuses its unsafe requests: POST %2 from it gets 403 "
                                      "(\"%3\")"))
                                .arg(quoted(origin), target, *reason);
            f.fixes.append(fix);
            f.fixText = django5 ? tr("add %1 to %2 (Django 4.0 and later compare whole origins: "
                                     "the entry needs its scheme)")
                                          .arg(quoted(value), csrfName)
                                : tr("add %1 to %2 (Django 3.2 compares the Referer's host: the "
                                     "entry is the host name, without a scheme)")
                                          .arg(quoted(value), csrfName);
            f.attackRequest = QStringLiteral("POST %1 (Origin: %2, Referer: %2/, CSRF cookie and "
                                             "token header) → %3")
                                      .arg(target, origin)
                                      .arg(response.status);
        }
    }

    void sslRedirect(const DjangoStack &stack, const QString &slashPath)
    {
        if (!settings.secureSslRedirect || cors < 0)
            return;
        const StackResponse response = stack.respond(
                request(QStringLiteral("GET"), slashPath, false, admittedOrigin()), false);
        // With SecurityMiddleware above CorsMiddleware, stack-cors-below reports it. Below it,
        // the redirect carries CORS headers: Chromium follows it to https://, a different
        // origin, and from then on sends Origin: null.
        if (response.status != 301 || !hasAllowOrigin(response)
            || response.decidedBy != QLatin1String("SecurityMiddleware"))
            return;
        Finding &f = add("stack-ssl-redirect-http", QStringLiteral("SECURE_SSL_REDIRECT"));
        f.message = tr("a request to the API over http:// is redirected to https://; the browser "
                       "follows with Origin: null (the redirect changes the origin), which the "
                       "policy does not admit, and a preflight is never redirected at all");
        if (run.admits(QStringLiteral("null")))
            f.severity = Finding::Severity::Info;
        f.fixText = tr("call the API over https, or exempt its paths in SECURE_REDIRECT_EXEMPT");
        f.attackRequest = QStringLiteral("GET http://%1%2 → %3 %4")
                                  .arg(host(), slashPath)
                                  .arg(response.status)
                                  .arg(response.headers.value(u"Location").value_or(QString()));
    }
};

} // namespace

void lintStack(LintRun &run)
{
    const auto &deployment = run.context().deployment;
    if (!deployment)
        return;
    StackLint lint {run, *deployment, deployment->settings,
                    deployment->settings.lines.value(QStringLiteral("MIDDLEWARE"), 0)};
    for (qsizetype i = 0; i < lint.settings.middleware.size(); ++i) {
        if (middlewareKind(lint.settings.middleware.at(i)) == MiddlewareKind::Cors)
            lint.cors = i;
    }
    lint.middlewarePresence();
    const auto [slashPath, withRoute] = lint.slashRoute();
    const DjangoStack stack(run.policy(), withRoute);
    if (!stack.startupErrors().isEmpty())
        return;
    lint.corsBelow(stack, slashPath);
    lint.sslRedirect(stack, slashPath);
    lint.csrfTrustedOrigins(withRoute);
}

} // namespace Cors::Lint
