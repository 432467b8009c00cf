// SPDX-License-Identifier: MIT
#include "stack/djangostack.h"

#include "python/pyregex.h"
#include "python/pysemantics.h"
#include "python/urlsplit.h"
#include "server/djangoheaders.h"
#include "stack/csrfcheck.h"
#include "stack/djangohttp.h"
#include "stack/drfview.h"
#include "stack/layerresponse.h"
#include "stack/stackrequest.h"
#include "stack/urlresolver.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DjangoStack", text);
}

const QString HtmlUtf8 = QStringLiteral("text/html; charset=utf-8");

} // namespace

struct DjangoStack::Data
{
    Data(const Policy &p, const Deployment &dep)
        : policy(p)
        , deployment(dep)
        , engine(p)
        , resolver(dep.routes)
    {
        const Profile profile = p.profile();
        for (const QString &path : dep.settings.middleware)
            kinds.append(middlewareKind(path));
        QString error;
        if (const auto trusted = Py::iterate(p.effective(SettingId::CsrfTrustedOrigins), &error)) {
            for (const PyValue &item : *trusted) {
                if (item.isStr())
                    trustedOrigins.append(item.text());
            }
        }
        for (qsizetype i = 0; i < kinds.size(); ++i) {
            const QString &path = dep.settings.middleware.at(i);
            if (kinds.at(i) == MiddlewareKind::CorsPostCsrf && profile == Profile::V4)
                startupErrors.append(
                        tr("ImportError: Module \"corsheaders.middleware\" does not define a "
                           "\"CorsPostCsrfMiddleware\" attribute/class (MIDDLEWARE[%1]; removed "
                           "in django-cors-headers 4.0)")
                                .arg(i));
            if (kinds.at(i) == MiddlewareKind::Unknown)
                notModelled.append(tr("MIDDLEWARE[%1] %2 is not modelled: requests and "
                                      "responses pass through it unchanged")
                                           .arg(i)
                                           .arg(path));
        }
        if (kinds.contains(MiddlewareKind::Security)) {
            for (const QString &pattern : dep.settings.secureRedirectExempt) {
                Py::Regex regex = Py::Regex::compile(pattern);
                if (!regex.isValid())
                    startupErrors.append(
                            tr("re.error in SECURE_REDIRECT_EXEMPT %1: %2")
                                    .arg(Py::reprString(pattern), regex.errorMessage()));
                exempt.append(regex);
            }
        }
        for (const QString &e : resolver.errors())
            startupErrors.append(QStringLiteral("ImproperlyConfigured: ") + e);
    }

    Policy policy;
    Deployment deployment;
    CorsEngine engine;
    UrlResolver resolver;
    QList<MiddlewareKind> kinds;
    QStringList trustedOrigins;
    QList<Py::Regex> exempt;
    QStringList startupErrors;
    QStringList notModelled;
};

namespace {

/** An exception that leaves a layer's convert_exception_to_response (see callLayer). */
struct Propagating
{
    Raised raised;
};

struct Outcome
{
    std::optional<LayerResponse> response;
    std::optional<Raised> raised;

    static Outcome of(LayerResponse r) { return {std::move(r), std::nullopt}; }
    static Outcome raise(DjangoException kind, const QString &text)
    {
        return {std::nullopt, Raised {kind, text}};
    }
};

/** One request's walk down the middleware chain and back up. */
class ChainRun
{
public:
    ChainRun(const DjangoStack::Data &d, const HttpRequest &http, bool explain, StackResponse &out)
        : m_d(d)
        , m_request(http, d.deployment, d.policy.profile())
        , m_explain(explain)
        , m_out(out)
    { }

    LayerResponse run() { return callLayer(0); }

private:
    const StackSettings &settings() const { return m_d.deployment.settings; }
    bool django5() const { return m_request.isDjango5(); }
    QString layerName(int i) const { return middlewareClassName(settings().middleware.at(i)); }
    int lineOf(const QString &setting) const { return settings().lines.value(setting, 0); }

    void note(const QString &layer, const QString &phase, Verdict verdict, const QString &text,
              const QString &setting = {}, int status = 0)
    {
        if (!m_explain)
            return;
        StackStep step;
        step.layer = layer;
        step.phase = phase;
        step.verdict = verdict;
        step.text = text;
        step.setting = setting;
        step.line = setting.isEmpty() ? 0 : lineOf(setting);
        step.status = status;
        m_out.steps.append(step);
    }

    /**
     * convert_exception_to_response around one layer (or the innermost _get_response). When
     * response_for_exception itself raises, the exception leaves this layer (Propagating) and
     * the next layer out converts it.
     */
    LayerResponse callLayer(int i)
    {
        Outcome outcome;
        try {
            outcome = i < m_d.kinds.size() ? runLayer(i) : innermost();
        } catch (const Propagating &propagating) {
            outcome = {std::nullopt, propagating.raised};
        }
        if (outcome.raised)
            return fromException(*outcome.raised, i < m_d.kinds.size() ? layerName(i) : tr("view"));
        return std::move(*outcome.response);
    }

    /** django.core.handlers.exception.response_for_exception */
    LayerResponse fromException(const Raised &raised, const QString &where)
    {
        const QString html = django5() ? HtmlUtf8 : QStringLiteral("text/html");
        if (settings().debug && raised.kind == DjangoException::Http404) {
            // technical_404_response: with no route at all, the "install worked" page (200).
            if (m_d.deployment.routes.isEmpty() && raised.text.startsWith(u"Resolver404")) {
                note(where, QStringLiteral("response"), Verdict::Skip,
                     tr("DEBUG is on and the URLconf is empty: Django shows its \"The install "
                        "worked successfully\" page with 200"),
                     QStringLiteral("DEBUG"), 200);
                return LayerResponse::make(200, html, -1, where);
            }
            // The page shows request.build_absolute_uri, which checks ALLOWED_HOSTS: a bad Host
            // makes the 404 page itself raise, and the next layer out answers 400.
            QString error;
            if (!m_request.host(&error)) {
                note(where, QStringLiteral("response"), Verdict::Error,
                     tr("DEBUG's 404 page calls request.build_absolute_uri(), which raises "
                        "DisallowedHost: the exception leaves %1 and the layer above answers 400")
                             .arg(where),
                     QStringLiteral("ALLOWED_HOSTS"), 400);
                throw Propagating {Raised {DjangoException::SuspiciousOperation,
                                           QStringLiteral("DisallowedHost: ") + error}};
            }
        }
        if (settings().debug
            && (raised.kind == DjangoException::Other
                || raised.kind == DjangoException::SuspiciousOperation)
            && m_request.hasUser) {
            // technical_500_response shows str(request.user): the session is read.
            m_request.userIsAuthenticated();
        }
        int status = 500;
        switch (raised.kind) {
        case DjangoException::Http404:
            status = 404;
            break;
        case DjangoException::PermissionDenied:
            status = 403;
            break;
        case DjangoException::SuspiciousOperation:
            status = 400;
            break;
        case DjangoException::Other:
            status = 500;
            break;
        }
        if (status >= 500 || status == 400)
            m_out.error = raised.text;
        note(where, QStringLiteral("response"), Verdict::Error,
             tr("%1 raised %2: Django's handler turns it into a %3 page here, so only the "
                "layers above %1 see the response.")
                     .arg(where, raised.text)
                     .arg(status),
             QString(), status);
        const bool resolver
                = raised.kind == DjangoException::Http404 && raised.text.startsWith(u"Resolver404");
        return LayerResponse::make(status, html, -1, resolver ? tr("URL resolver") : where);
    }

    Outcome runLayer(int i)
    {
        switch (m_d.kinds.at(i)) {
        case MiddlewareKind::Security:
            return security(i);
        case MiddlewareKind::Session:
            return session(i);
        case MiddlewareKind::Common:
            return common(i);
        case MiddlewareKind::Csrf:
            return csrf(i);
        case MiddlewareKind::Authentication:
        case MiddlewareKind::Messages:
            return needsSession(i);
        case MiddlewareKind::XFrameOptions: {
            LayerResponse r = callLayer(i + 1);
            if (!r.headers.contains(u"X-Frame-Options"))
                r.headers.append({QStringLiteral("X-Frame-Options"), QStringLiteral("DENY")});
            return Outcome::of(std::move(r));
        }
        case MiddlewareKind::Cors:
            return cors(i);
        case MiddlewareKind::CorsPostCsrf:
            if (m_request.restoreReferer())
                note(layerName(i), QStringLiteral("request"), Verdict::Pass,
                     tr("restores the original Referer that CORS_REPLACE_HTTPS_REFERER replaced"),
                     QStringLiteral("MIDDLEWARE"));
            return Outcome::of(callLayer(i + 1));
        case MiddlewareKind::WhiteNoise:
            note(layerName(i), QStringLiteral("request"), Verdict::Skip,
                 tr("WhiteNoise serves files under STATIC_URL; the files are not modelled, so "
                    "the request passes through"),
                 QStringLiteral("MIDDLEWARE"));
            return Outcome::of(callLayer(i + 1));
        case MiddlewareKind::Unknown:
            note(layerName(i), QStringLiteral("request"), Verdict::Skip,
                 tr("%1 is not modelled: the request and the response pass through unchanged")
                         .arg(settings().middleware.at(i)),
                 QStringLiteral("MIDDLEWARE"));
            return Outcome::of(callLayer(i + 1));
        }
        return Outcome::of(callLayer(i + 1));
    }

    // ---- SecurityMiddleware ------------------------------------------------------------------
    Outcome security(int i)
    {
        const QString name = layerName(i);
        LayerResponse r;
        bool redirected = false;
        if (settings().secureSslRedirect && !m_request.isSecure()) {
            QString path = m_request.pathInfo();
            while (path.startsWith(u'/'))
                path.remove(0, 1);
            bool isExempt = false;
            for (const Py::Regex &regex : m_d.exempt)
                isExempt = isExempt || regex.search(path).value_or(false);
            if (isExempt) {
                note(name, QStringLiteral("request"), Verdict::Skip,
                     tr("SECURE_SSL_REDIRECT is on, but SECURE_REDIRECT_EXEMPT matches %1: no "
                        "redirect")
                             .arg(Py::reprString(path)),
                     QStringLiteral("SECURE_REDIRECT_EXEMPT"));
            } else {
                QString host = settings().secureSslHost;
                if (host.isEmpty()) {
                    QString error;
                    const auto h = m_request.host(&error);
                    if (!h)
                        return Outcome::raise(DjangoException::SuspiciousOperation,
                                              QStringLiteral("DisallowedHost: ") + error);
                    host = *h;
                }
                r = redirect(301, QStringLiteral("https://") + host + m_request.fullPath(), name);
                redirected = true;
                note(name, QStringLiteral("request"), Verdict::Fail,
                     tr("SECURE_SSL_REDIRECT: a plain-HTTP request is answered with 301 → %1 "
                        "before any layer below runs%2")
                             .arg(*r.headers.value(u"Location"), belowCors(i)),
                     QStringLiteral("SECURE_SSL_REDIRECT"), 301);
            }
        }
        if (!redirected)
            r = callLayer(i + 1);
        setDefault(r.headers, QStringLiteral("X-Content-Type-Options"), QStringLiteral("nosniff"));
        setDefault(r.headers, QStringLiteral("Referrer-Policy"), QStringLiteral("same-origin"));
        if (django5())
            setDefault(r.headers, QStringLiteral("Cross-Origin-Opener-Policy"),
                       QStringLiteral("same-origin"));
        return Outcome::of(std::move(r));
    }

    // ---- SessionMiddleware -------------------------------------------------------------------
    Outcome session(int i)
    {
        const QString name = layerName(i);
        m_request.hasSession = true;
        LayerResponse r = callLayer(i + 1);
        const QString cookie = settings().sessionCookieName;
        if (m_request.cookies().contains(cookie) && m_request.sessionIsEmpty()) {
            // response.delete_cookie(name, path, domain=SESSION_COOKIE_DOMAIN, samesite)
            const QString domain = settings().sessionCookieDomain
                    ? QStringLiteral("; Domain=") + *settings().sessionCookieDomain
                    : QString();
            r.cookies.append({QStringLiteral("Set-Cookie"),
                              cookie + QStringLiteral("=\"\"") + domain
                                      + QStringLiteral("; expires=Thu, 01 Jan 1970 00:00:00 "
                                                       "GMT; Max-Age=0; Path=/; SameSite=Lax")});
            patchVaryHeaders(r.headers, QStringLiteral("Cookie"));
            note(name, QStringLiteral("response"), Verdict::Pass,
                 tr("the %1 cookie names no session: it is deleted, and Vary: Cookie added")
                         .arg(cookie),
                 QStringLiteral("SESSION_COOKIE_NAME"), r.status);
        } else if (m_request.sessionAccessed) {
            patchVaryHeaders(r.headers, QStringLiteral("Cookie"));
            note(name, QStringLiteral("response"), Verdict::Pass,
                 tr("the session was read (request.user, login): Vary: Cookie added"), QString(),
                 r.status);
        }
        return Outcome::of(std::move(r));
    }

    // ---- CommonMiddleware --------------------------------------------------------------------
    bool shouldRedirectWithSlash() const
    {
        const QString &path = m_request.pathInfo();
        return settings().appendSlash && !path.endsWith(u'/') && !m_d.resolver.resolve(path)
                && m_d.resolver.resolve(path + u'/');
    }

    /** get_full_path_with_slash; nullopt (and @p raised) for DEBUG's RuntimeError. */
    std::optional<QString> fullPathWithSlash(std::optional<Raised> *raised) const
    {
        const QString path = Dj::escapeLeadingSlashes(m_request.fullPath(true));
        static const QStringList guarded3
                = {QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH")};
        static const QStringList guarded5 = {QStringLiteral("DELETE"), QStringLiteral("POST"),
                                             QStringLiteral("PUT"), QStringLiteral("PATCH")};
        if (settings().debug && (django5() ? guarded5 : guarded3).contains(m_request.method())) {
            QString error;
            const QString host = m_request.host(&error).value_or(m_request.rawHost());
            *raised = Raised {
                    DjangoException::Other,
                    QStringLiteral(
                            "RuntimeError: You called this URL via %1, but the URL doesn't end "
                            "in a slash and you have APPEND_SLASH set. Django can't redirect "
                            "to the slash URL while maintaining %1 data. Change your form to "
                            "point to %2 (note the trailing slash), or set APPEND_SLASH=False "
                            "in your Django settings.")
                            .arg(m_request.method(), host + path)};
            return std::nullopt;
        }
        return path;
    }

    Outcome common(int i)
    {
        const QString name = layerName(i);
        QString error;
        const auto host = m_request.host(&error);
        if (!host) {
            note(name, QStringLiteral("request"), Verdict::Fail,
                 tr("request.get_host() refuses the Host %1: not in ALLOWED_HOSTS → 400%2")
                         .arg(Py::reprString(m_request.rawHost()), belowCors(i)),
                 QStringLiteral("ALLOWED_HOSTS"), 400);
            return Outcome::raise(DjangoException::SuspiciousOperation,
                                  QStringLiteral("DisallowedHost: ") + error);
        }
        std::optional<LayerResponse> early;
        const bool mustPrepend = settings().prependWww && !host->isEmpty()
                && !host->startsWith(QLatin1String("www."));
        if (django5()) {
            if (mustPrepend) {
                std::optional<Raised> raised;
                QString path = m_request.fullPath();
                if (shouldRedirectWithSlash()) {
                    const auto withSlash = fullPathWithSlash(&raised);
                    if (!withSlash)
                        return {std::nullopt, raised};
                    path = *withSlash;
                }
                early = redirect(301, m_request.scheme() + QStringLiteral("://www.") + *host + path,
                                 name);
                note(name, QStringLiteral("request"), Verdict::Fail,
                     tr("PREPEND_WWW: 301 → %1%2")
                             .arg(*early->headers.value(u"Location"), belowCors(i)),
                     QStringLiteral("PREPEND_WWW"), 301);
            }
        } else {
            QString redirectUrl = mustPrepend
                    ? m_request.scheme() + QStringLiteral("://www.") + *host
                    : QString();
            QString path = m_request.fullPath();
            const bool slash = shouldRedirectWithSlash();
            if (slash) {
                std::optional<Raised> raised;
                const auto withSlash = fullPathWithSlash(&raised);
                if (!withSlash) {
                    note(name, QStringLiteral("request"), Verdict::Error,
                         tr("APPEND_SLASH with DEBUG on: Django refuses to redirect a %1 and "
                            "raises RuntimeError (a 500)%2")
                                 .arg(m_request.method(), belowCors(i)),
                         QStringLiteral("APPEND_SLASH"), 500);
                    return {std::nullopt, raised};
                }
                path = *withSlash;
            }
            if (!redirectUrl.isEmpty() || path != m_request.fullPath()) {
                early = redirect(301, redirectUrl + path, name);
                if (slash)
                    note(name, QStringLiteral("request"), Verdict::Fail,
                         tr("APPEND_SLASH: %1 matches no route but %1/ does, so Django 3.2 "
                            "answers 301 → %2 before the view runs%3")
                                 .arg(m_request.pathInfo(), *early->headers.value(u"Location"),
                                      belowCors(i)),
                         QStringLiteral("APPEND_SLASH"), 301);
                else
                    note(name, QStringLiteral("request"), Verdict::Fail,
                         tr("PREPEND_WWW: 301 → %1%2")
                                 .arg(*early->headers.value(u"Location"), belowCors(i)),
                         QStringLiteral("PREPEND_WWW"), 301);
            }
        }
        LayerResponse r = early ? std::move(*early) : callLayer(i + 1);
        if (r.status == 404 && shouldRedirectWithSlash()) {
            std::optional<Raised> raised;
            const auto withSlash = fullPathWithSlash(&raised);
            if (!withSlash) {
                note(name, QStringLiteral("response"), Verdict::Error,
                     tr("APPEND_SLASH with DEBUG on: Django refuses to redirect a %1 and raises "
                        "RuntimeError (a 500)")
                             .arg(m_request.method()),
                     QStringLiteral("APPEND_SLASH"), 500);
                return {std::nullopt, raised};
            }
            LayerResponse replaced = redirect(301, *withSlash, name);
            note(name, QStringLiteral("response"), Verdict::Fail,
                 tr("APPEND_SLASH: the 404 for %1 is replaced by a 301 → %2 (every header of "
                    "the 404 is lost)%3")
                         .arg(m_request.pathInfo(), *replaced.headers.value(u"Location"),
                              belowCors(i)),
                 QStringLiteral("APPEND_SLASH"), 301);
            return Outcome::of(std::move(replaced));
        }
        if (!r.headers.contains(u"Content-Length") && r.bodyLength >= 0)
            r.headers.append({QStringLiteral("Content-Length"), QString::number(r.bodyLength)});
        return Outcome::of(std::move(r));
    }

    // ---- CsrfViewMiddleware ------------------------------------------------------------------
    Outcome csrf(int i)
    {
        bool newCookie = false;
        const QString raised = csrfProcessRequest(m_request, &newCookie);
        if (!raised.isEmpty())
            return Outcome::raise(DjangoException::Other, raised);
        LayerResponse r = callLayer(i + 1);
        if (newCookie) {
            r.cookies.append({QStringLiteral("Set-Cookie"),
                              settings().csrfCookieName
                                      + (settings().csrfCookieDomain
                                                 ? QStringLiteral("=<new secret>; Domain=")
                                                         + *settings().csrfCookieDomain
                                                 : QStringLiteral("=<new secret>"))
                                      + QStringLiteral("; expires=<in 52 weeks>; Max-Age=31449600; "
                                                       "Path=/; SameSite=Lax")});
            patchVaryHeaders(r.headers, QStringLiteral("Cookie"));
            note(layerName(i), QStringLiteral("response"), Verdict::Pass,
                 tr("the CSRF cookie is malformed: Django 5.2 sets a fresh one, with Vary: Cookie"),
                 QStringLiteral("CSRF_COOKIE_NAME"), r.status);
        }
        return Outcome::of(std::move(r));
    }

    // ---- AuthenticationMiddleware, MessageMiddleware -----------------------------------------
    Outcome needsSession(int i)
    {
        const bool auth = m_d.kinds.at(i) == MiddlewareKind::Authentication;
        if (!m_request.hasSession) {
            note(layerName(i), QStringLiteral("request"), Verdict::Error,
                 tr("needs SessionMiddleware above it in MIDDLEWARE; without it every request "
                    "ends in a 500%1")
                         .arg(belowCors(i)),
                 QStringLiteral("MIDDLEWARE"), 500);
            const QString text = auth ? (django5() ? QStringLiteral("ImproperlyConfigured")
                                                   : QStringLiteral("AssertionError"))
                            + QStringLiteral(": The Django authentication middleware requires "
                                             "session middleware to be installed. Edit your "
                                             "MIDDLEWARE setting to insert "
                                             "'django.contrib.sessions.middleware."
                                             "SessionMiddleware' before "
                                             "'django.contrib.auth.middleware."
                                             "AuthenticationMiddleware'.")
                                      : (django5() ? QStringLiteral("ImproperlyConfigured")
                                                   : QStringLiteral("AssertionError"))
                            + QStringLiteral(": The session-based temporary message storage "
                                             "requires session middleware to be installed, and "
                                             "come before the message middleware in the "
                                             "MIDDLEWARE list.");
            return Outcome::raise(DjangoException::Other, text);
        }
        if (auth)
            m_request.hasUser = true;
        return Outcome::of(callLayer(i + 1));
    }

    // ---- CorsMiddleware ----------------------------------------------------------------------
    HttpRequest corsRequest() const
    {
        HttpRequest http = m_request.http();
        http.secure = m_request.isSecure();
        return http;
    }

    void corsSteps(const EngineResponse &response, int status)
    {
        if (!m_explain)
            return;
        for (const ExplanationStep &e : response.explanation) {
            StackStep step;
            step.layer = QStringLiteral("CorsMiddleware");
            const bool requestPhase = e.topic == QLatin1String("enabled")
                    || e.topic == QLatin1String("referer") || e.topic == QLatin1String("preflight");
            step.phase = requestPhase ? QStringLiteral("request") : QStringLiteral("response");
            step.verdict = e.verdict;
            step.text = e.text;
            step.corsSetting = e.setting;
            step.corsEntry = e.entry;
            if (e.setting)
                step.setting = settingName(*e.setting);
            step.status = requestPhase ? 0 : status;
            m_out.steps.append(step);
        }
    }

    Outcome cors(int i)
    {
        const HttpRequest http = corsRequest();
        const EngineResponse first = m_d.engine.respond(http, {}, true);
        if (!first.error.isEmpty() && first.requestPhaseError) {
            corsSteps(first, 500);
            return Outcome::raise(DjangoException::Other, first.error);
        }
        if (first.replacesReferer && m_request.replaceReferer())
            note(layerName(i), QStringLiteral("request"), Verdict::Pass,
                 tr("CORS_REPLACE_HTTPS_REFERER: the Referer becomes %1 for the CSRF check")
                         .arg(*m_request.referer()),
                 QStringLiteral("CORS_REPLACE_HTTPS_REFERER"));
        m_corsEnabled = first.enabled;
        m_corsReplaces = first.replacesReferer;
        if (first.shortCircuit) {
            corsSteps(first, first.status);
            m_out.corsShortCircuit = true;
            m_out.corsApplied = true;
            m_out.cors = first;
            LayerResponse r;
            r.status = first.status;
            r.headers = first.headers;
            r.bodyLength = 0;
            r.producer = layerName(i);
            return Outcome::of(std::move(r));
        }
        LayerResponse inner = callLayer(i + 1);
        EndpointResponse endpoint;
        endpoint.status = inner.status;
        endpoint.headers = inner.headers;
        const EngineResponse second = m_d.engine.respond(http, endpoint, m_explain);
        corsSteps(second, inner.status);
        if (!second.error.isEmpty())
            return Outcome::raise(DjangoException::Other, second.error);
        m_out.corsApplied = true;
        m_out.cors = second;
        inner.headers = second.headers;
        return Outcome::of(std::move(inner));
    }

    // ---- _get_response: URL resolution, process_view, the view -------------------------------
    Outcome innermost()
    {
        const auto route = m_d.resolver.resolve(m_request.pathInfo());
        if (!route) {
            note(tr("URL resolver"), QStringLiteral("view"), Verdict::Fail,
                 tr("no route matches %1: Http404 before any process_view runs")
                         .arg(Py::reprString(m_request.pathInfo())),
                 QString(), 404);
            return Outcome::raise(DjangoException::Http404,
                                  QStringLiteral("Resolver404: ") + m_request.pathInfo());
        }
        const Route &r = m_d.deployment.routes.at(*route);
        note(tr("URL resolver"), QStringLiteral("view"), Verdict::Pass,
             tr("%1 matches the route '%2' (%3 view)")
                     .arg(Py::reprString(m_request.pathInfo()), r.path, viewKindName(r.view)));
        const bool exempt = r.view == ViewKind::CsrfExempt || r.view == ViewKind::Drf;
        for (qsizetype i = 0; i < m_d.kinds.size(); ++i) {
            switch (m_d.kinds.at(i)) {
            case MiddlewareKind::Csrf: {
                const CsrfOutcome o = csrfProcessView(m_request, m_d.trustedOrigins, exempt);
                if (o.kind == CsrfOutcome::Kind::Raised)
                    return Outcome::raise(DjangoException::Other, o.text);
                if (o.kind == CsrfOutcome::Kind::Rejected) {
                    note(layerName(int(i)), QStringLiteral("view"), Verdict::Fail,
                         tr("CSRF check failed: \"%1\" → 403 (made at the view, so it passes "
                            "back up through every layer, CorsMiddleware included)")
                                 .arg(o.text),
                         o.setting, 403);
                    return Outcome::of(LayerResponse::make(
                            403, django5() ? HtmlUtf8 : QStringLiteral("text/html"), -1,
                            layerName(int(i))));
                }
                if (o.kind == CsrfOutcome::Kind::Accepted
                    && !(m_request.method() == QLatin1String("GET")
                         || m_request.method() == QLatin1String("HEAD")
                         || m_request.method() == QLatin1String("OPTIONS")
                         || m_request.method() == QLatin1String("TRACE")))
                    note(layerName(int(i)), QStringLiteral("view"), Verdict::Pass,
                         tr("CSRF check passed"), QStringLiteral("CSRF_TRUSTED_ORIGINS"));
                break;
            }
            case MiddlewareKind::Cors:
                if (!django5() && m_corsEnabled && m_corsReplaces && m_request.replaceReferer())
                    note(layerName(int(i)), QStringLiteral("view"), Verdict::Pass,
                         tr("CORS_REPLACE_HTTPS_REFERER (process_view): the Referer becomes %1")
                                 .arg(*m_request.referer()),
                         QStringLiteral("CORS_REPLACE_HTTPS_REFERER"));
                break;
            case MiddlewareKind::CorsPostCsrf:
                m_request.restoreReferer();
                break;
            default:
                break;
            }
        }
        return view(r);
    }

    Outcome view(const Route &route)
    {
        const QString name = tr("view");
        switch (route.view) {
        case ViewKind::Ok:
        case ViewKind::CsrfExempt:
            note(name, QStringLiteral("view"), Verdict::Pass, tr("the view answers 200"), QString(),
                 200);
            return Outcome::of(LayerResponse::make(200, HtmlUtf8, 2, name));
        case ViewKind::Error:
            note(name, QStringLiteral("view"), Verdict::Error, tr("the view raises RuntimeError"),
                 QString(), 500);
            return Outcome::raise(DjangoException::Other, QStringLiteral("RuntimeError: boom"));
        case ViewKind::LoginRequired:
            return loginRequired();
        case ViewKind::Drf: {
            const DrfOutcome drf = runDrfView(m_request, route, m_d.trustedOrigins);
            for (const QString &n : drf.notes)
                note(QStringLiteral("APIView"), QStringLiteral("view"),
                     drf.raised ? Verdict::Error
                                : (drf.response.status >= 400 ? Verdict::Fail : Verdict::Pass),
                     n, drf.setting, drf.raised ? 500 : drf.response.status);
            if (drf.raised)
                return {std::nullopt, drf.raised};
            return Outcome::of(drf.response);
        }
        }
        return Outcome::of(LayerResponse::make(200, HtmlUtf8, 2, name));
    }

    Outcome loginRequired()
    {
        const QString name = QStringLiteral("login_required");
        if (!m_request.hasUser) {
            note(name, QStringLiteral("view"), Verdict::Error,
                 tr("request.user does not exist without AuthenticationMiddleware: "
                    "AttributeError → 500"),
                 QStringLiteral("MIDDLEWARE"), 500);
            return Outcome::raise(DjangoException::Other,
                                  QStringLiteral("AttributeError: 'WSGIRequest' object has no "
                                                 "attribute 'user'"));
        }
        if (m_request.userIsAuthenticated()) {
            note(name, QStringLiteral("view"), Verdict::Pass,
                 tr("the session belongs to a user: the view answers 200"), QString(), 200);
            return Outcome::of(LayerResponse::make(200, HtmlUtf8, 2, QStringLiteral("view")));
        }
        QString error;
        const auto host = m_request.host(&error);
        if (!host)
            return Outcome::raise(DjangoException::SuspiciousOperation,
                                  QStringLiteral("DisallowedHost: ") + error);
        const QString loginUrl = settings().loginUrl;
        if (!loginUrl.startsWith(QLatin1String("./")) && !loginUrl.startsWith(QLatin1String("../"))
            && !loginUrl.contains(u'/') && !loginUrl.contains(u'.'))
            return Outcome::raise(DjangoException::Other,
                                  QStringLiteral("NoReverseMatch: Reverse for '%1' not found. "
                                                 "'%1' is not a valid view function or pattern "
                                                 "name.")
                                          .arg(loginUrl));
        const QString absolute = Dj::iriToUri(m_request.scheme() + QStringLiteral("://") + *host
                                              + m_request.fullPath());
        const auto login = Py::urlsplit(loginUrl).value_or(Py::SplitResult {});
        const auto current = Py::urlsplit(absolute).value_or(Py::SplitResult {});
        QString next = absolute;
        if ((login.scheme.isEmpty() || login.scheme == current.scheme)
            && (login.netloc.isEmpty() || login.netloc == current.netloc))
            next = m_request.fullPath();
        const QString url = Dj::urlunsplit(login.scheme, login.netloc, login.path,
                                           Dj::queryWithNext(login.query, next), login.fragment);
        LayerResponse r = redirect(302, url, QStringLiteral("view"));
        note(name, QStringLiteral("view"), Verdict::Fail,
             tr("@login_required: no logged-in user, so 302 → %1 (LOGIN_URL)")
                     .arg(*r.headers.value(u"Location")),
             QStringLiteral("LOGIN_URL"), 302);
        return Outcome::of(std::move(r));
    }

    // ---- helpers -----------------------------------------------------------------------------
    static LayerResponse redirect(int status, const QString &url, const QString &producer)
    {
        LayerResponse r = LayerResponse::make(status, HtmlUtf8, 0, producer);
        r.headers.append({QStringLiteral("Location"), Dj::iriToUri(url)});
        return r;
    }

    static void setDefault(HttpHeaders &headers, const QString &name, const QString &value)
    {
        if (!headers.contains(name))
            headers.append({name, value});
    }

    /** ", above CorsMiddleware, so without CORS headers" where that is so. */
    QString belowCors(int i) const
    {
        const qsizetype cors = m_d.kinds.indexOf(MiddlewareKind::Cors);
        if (cors < 0)
            return tr(" (there is no CorsMiddleware in MIDDLEWARE)");
        if (cors > i)
            return tr(" — %1 is above CorsMiddleware, so this answer gets no CORS headers")
                    .arg(layerName(i));
        return tr(" — below CorsMiddleware, which still adds its headers on the way out");
    }

    const DjangoStack::Data &m_d;
    StackRequest m_request;
    bool m_explain;
    StackResponse &m_out;
    bool m_corsEnabled = false;
    bool m_corsReplaces = false;
};

} // namespace

DjangoStack::DjangoStack(const Policy &policy, const Deployment &deployment)
    : d(std::make_shared<const Data>(policy, deployment))
{ }

DjangoStack::~DjangoStack() = default;
DjangoStack::DjangoStack(const DjangoStack &) = default;
DjangoStack &DjangoStack::operator=(const DjangoStack &) = default;

QStringList DjangoStack::startupErrors() const
{
    return d->startupErrors;
}

QStringList DjangoStack::notModelled() const
{
    return d->notModelled;
}

StackResponse DjangoStack::respond(const HttpRequest &request, bool explain) const
{
    if (m_front) {
        DjangoStack behind(*this);
        behind.m_front.reset();
        return m_front->respond(behind, request, explain);
    }
    StackResponse out;
    if (!d->startupErrors.isEmpty()) {
        out.status = 500;
        out.error = d->startupErrors.first();
        out.decidedBy = tr("Django");
        if (explain)
            out.steps.append({tr("Django"), QStringLiteral("request"), Verdict::Error,
                              tr("Django cannot start: %1").arg(out.error), QString(), 0,
                              std::nullopt, -1, 500});
        return out;
    }
    ChainRun run(*d, request, explain, out);
    LayerResponse response;
    try {
        response = run.run();
    } catch (const Propagating &propagating) {
        // The outermost wrapper's conversion raised: the WSGI server answers 500 itself.
        response = LayerResponse::make(500, QStringLiteral("text/plain"), -1, tr("WSGI server"));
        out.error = propagating.raised.text;
    }
    out.status = response.status;
    out.headers = response.headers;
    out.headers.append(response.cookies);
    out.decidedBy = response.producer;
    return out;
}

} // namespace Cors
