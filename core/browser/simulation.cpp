// SPDX-License-Identifier: MIT
#include "browser/simulation.h"

#include "browser/fetchrules.h"
#include "browser/weborigin.h"
#include "engines/preflightcacherules.h"
#include "engines/preflightlifetime.h"
#include "engines/requesterrors.h"
#include "engines/scriptheaders.h"
#include "python/pysemantics.h"
#include "stack/djangostack.h"
#include "text/asciicase.h"
#include "text/translation.h"

#include <QUrl>

namespace Cors {

namespace {

const FormatString &tr(const char *text)
{
    return cachedTranslation("BrowserSimulator", text);
}

const QString &chromiumUserAgent()
{
    static const QString ua = QStringLiteral("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                                             "(KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    return ua;
}

/** What the browser adds to every request it sends; Accept only when the script set none. */
void addBrowserHeaders(HttpHeaders &headers)
{
    if (!headers.contains(u"Accept"))
        headers.append({QStringLiteral("Accept"), QStringLiteral("*/*")});
    if (!headers.contains(u"User-Agent")) // Firefox sends the script's own
        headers.append({QStringLiteral("User-Agent"), chromiumUserAgent()});
}

const QString &failedToFetch()
{
    static const QString text = QStringLiteral("TypeError: Failed to fetch");
    return text;
}

QString fetchTypeError(const QString &detail)
{
    return QStringLiteral("TypeError: Failed to execute 'fetch' on 'Window': ") + detail;
}

bool isLatin1(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() <= 0xff; });
}

bool isHttpWhitespace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

QString normalizeHeaderValue(const QString &value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && isHttpWhitespace(value.at(begin)))
        ++begin;
    while (end > begin && isHttpWhitespace(value.at(end - 1)))
        --end;
    return value.mid(begin, end - begin);
}

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QString joinHeaderNames(const QList<Fetch::UnsafeHeader> &headers)
{
    QStringList names;
    for (const Fetch::UnsafeHeader &h : headers)
        names.append(h.name);
    return names.join(u',');
}

/** The prepared request after fetch()'s own processing: what the network layer gets. */
struct PreparedRequest
{
    QUrl url;
    QString urlText; // as Chromium prints it
    QString method;
    HttpHeaders headers; // script headers after filtering and merging, plus the body's type
    QStringList droppedHeaders;
    bool forcedPreflight = false;
    QString forcedReason;
};

/** Builds the Django request the server sees for @p wire. */
HttpRequest toServerRequest(const WireRequest &wire, const QUrl &url)
{
    HttpRequest request;
    request.method = wire.method;
    request.path = url.path(QUrl::FullyEncoded);
    if (request.path.isEmpty())
        request.path = QStringLiteral("/");
    if (url.hasQuery())
        request.path += u'?' + url.query(QUrl::FullyEncoded);
    request.headers = wire.headers;
    request.secure = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    return request;
}

/** What the browser receives: Django's response as a WSGI server would send it. */
HttpHeaders browserVisibleHeaders(const EngineResponse &response)
{
    const HttpHeaders &answered = response.headers;
    HttpHeaders headers;
    headers.reserve(answered.size() + 4);
    if (!response.error.isEmpty() || !answered.contains(u"Content-Type"))
        headers.append(
                {QStringLiteral("Content-Type"), QStringLiteral("text/html; charset=utf-8")});
    headers.append(answered);
    // Django's handler (or CommonMiddleware) and the WSGI server in front of it add these.
    if (!answered.contains(u"Content-Length"))
        headers.append({QStringLiteral("Content-Length"), QStringLiteral("0")});
    headers.append({QStringLiteral("Date"), QStringLiteral("Fri, 20 Nov 2026 12:00:00 GMT")});
    headers.append({QStringLiteral("Server"), QStringLiteral("WSGIServer/0.2 CPython/3.11.2")});
    return headers;
}

/** The stack's answer in the shape the browser side reads (status, headers, CORS facts). */
EngineResponse engineView(const StackResponse &stack)
{
    EngineResponse r;
    r.status = stack.status;
    r.headers = stack.headers;
    r.shortCircuit = stack.corsShortCircuit;
    for (const HttpHeader &h : stack.headers) {
        if (isStackReportedHeader(h.name))
            r.corsHeaders.append(h);
    }
    r.enabled = stack.corsApplied && stack.cors.enabled;
    r.originAllowed = stack.corsApplied && stack.cors.originAllowed;
    for (const StackStep &step : stack.steps) {
        // nginx steps name their directive by file:line (Django's name their setting in text).
        const QString text = step.layer == QLatin1String("nginx") && step.line > 0
                ? QStringLiteral("%1 (%2:%3)").arg(step.text, step.setting).arg(step.line)
                : step.text;
        r.explanation.append({step.layer, step.verdict, text, step.corsSetting, step.corsEntry});
    }
    return r;
}

/** What a scenario's page origin and URL texts say before anything is sent. */
struct ScenarioUrls
{
    std::optional<WebOrigin> page; // WebOrigin::parse of the page origin
    QUrl url;                      // the URL, resolved against the page's when relative
    QString urlText;               // canonicalUrl(url), when url is valid and absolute
    WebOrigin target;              // the URL's origin
};

/**
 * ScenarioUrls of @p pageOrigin and @p url: pure functions of the two texts, remembered per
 * thread, as a batch or a suite sends the same few URLs from the same few pages again and again
 * and parsing them (QUrl) cost a tenth of a scenario.
 */
ScenarioUrls scenarioUrls(const QString &pageOrigin, const QString &url)
{
    thread_local QHash<std::pair<QString, QString>, ScenarioUrls> memo;
    const std::pair<QString, QString> key(pageOrigin, url);
    if (const auto found = memo.constFind(key); found != memo.cend())
        return *found;
    ScenarioUrls urls;
    urls.page = WebOrigin::parse(pageOrigin);
    urls.url = QUrl(url.trimmed(), QUrl::StrictMode);
    if (urls.url.isRelative() && urls.page && !urls.page->isOpaque())
        urls.url = QUrl(pageOrigin.trimmed()).resolved(urls.url);
    if (urls.url.isValid() && !urls.url.isRelative()) {
        urls.urlText = canonicalUrl(urls.url);
        urls.target = WebOrigin::fromUrl(urls.url);
    }
    if (memo.size() >= 4096) // bounded: a generated suite may use a new URL every time
        memo.clear();
    memo.insert(key, urls);
    return urls;
}

EndpointResponse viewResponse(const Scenario &scenario, const QString &method)
{
    if (method == QLatin1String("OPTIONS") && scenario.preflightEndpoint)
        return *scenario.preflightEndpoint;
    return scenario.endpoint;
}

class Simulator
{
public:
    Simulator(const CorsEngine &engine, const Scenario &scenario, PreflightCache &cache,
              qint64 nowMs, const DjangoStack *stack, bool explain)
        : m_engine(engine)
        , m_scenario(scenario)
        , m_cache(cache)
        , m_nowMs(nowMs)
        , m_stack(stack)
        , m_explain(explain)
    { }

    /** Runs once: the result is moved out. */
    SimulationResult run() &&;

private:
    void walk();
    /** One hop of the request: same-origin, no-cors or CORS, for the current URL. */
    void hop();
    /** Chromium's HTTP-redirect fetch (stack mode): checks, rewrites the request, hops again. */
    void followRedirect(const QString &location, int status);
    bool prepare();
    bool checkPreconditions(const WebOrigin &target);
    void sameOriginFetch();
    void noCorsFetch();
    void corsFetch();
    bool preflight(const QList<Fetch::UnsafeHeader> &unsafe);
    bool checkPreflightResponse(const EngineResponse &response, const HttpHeaders &headers,
                                const QList<Fetch::UnsafeHeader> &unsafe, TraceStep &step);
    void actualRequest();
    void deliver(const EngineResponse &response, const HttpHeaders &headers, bool corsFiltered);
    /** The two exchanges a request makes, which name their steps. */
    enum class Exchange { Preflight, Actual };
    /** Sends @p sent and remembers the answer (m_lastStatus, m_lastHeaders). */
    EngineResponse send(const WireRequest &sent, Exchange exchange, const QString &title);
    /** Keeps the response's status and visible headers for the engines' error wording. */
    void remember(const EngineResponse &response)
    {
        m_lastStatus = response.error.isEmpty() ? response.status : 500;
        m_lastHeaders = browserVisibleHeaders(response);
    }

    void block(const CorsFailure &failure, const QString &stepId);
    /**
     * Whether the scenario's cookies go with this request: credentials included, and, as the
     * cookies carry no SameSite attribute (Lax by default), a same-site page.
     */
    bool sendsCookies() const;
    void throwTypeError(const QString &message, const QString &console = QString());
    /** fetch() refuses the request: Chromium's @p message, or the engine's own words. */
    void throwRequestError(RequestTypeError error, const QString &message);
    TraceStep &addStep(const QString &id, const QString &title, Verdict verdict,
                       const QString &summary);

    const CorsEngine &m_engine;
    const Scenario &m_scenario;
    PreflightCache &m_cache;
    qint64 m_nowMs;
    const DjangoStack *m_stack = nullptr;
    /**
     * The trace's texts are wanted: step summaries, facts and the engine's explanation. Off
     * when verifying a fix, which reads the outcome, the failure and the steps' responses only.
     */
    bool m_explain = true;
    QString m_initialUrlText;
    WebOrigin m_target;   // the origin of m_request.url
    QString m_cookieHost; // the host the scenario's cookies belong to
    int m_redirects = 0;
    bool m_corsFlag = false; // once cross-origin in cors mode, every later hop is CORS
    bool m_tainted = false;  // a cross-origin redirect made the request origin opaque

    SimulationResult m_result;
    PreparedRequest m_request;
    WebOrigin m_page;
    QString m_origin;            // serialised page origin, the Origin header value
    QStringList m_consoleLines;  // logged before the outcome (XHR's refused headers)
    bool m_include = false;      // credentials mode resolves to include for this request
    QStringList m_unsafeHeaders; // the preflight's non-safelisted headers, as the script wrote them
    int m_lastStatus = 0;        // the last response the browser saw
    HttpHeaders m_lastHeaders;
};

TraceStep &Simulator::addStep(const QString &id, const QString &title, Verdict verdict,
                              const QString &summary)
{
    TraceStep step;
    step.id = id;
    step.title = title;
    step.verdict = verdict;
    step.summary = summary;
    m_result.steps.append(std::move(step));
    return m_result.steps.last();
}

bool Simulator::sendsCookies() const
{
    if (!m_include || m_scenario.cookies.isEmpty())
        return false;
    if (m_request.url.host() != m_cookieHost)
        return false;
    const WebOrigin &target = m_target;
    if (m_scenario.cookieSameSite == CookieSameSite::None)
        return target.isPotentiallyTrustworthy(); // SameSite=None cookies must be Secure
    return m_page.isSameSite(target);
}

void Simulator::throwTypeError(const QString &message, const QString &console)
{
    m_result.allowed = false;
    m_result.responseType = QStringLiteral("error");
    m_result.scriptError = message;
    m_result.console = console;
    TraceStep &step = addStep(
            QStringLiteral("script"), tr("What the script gets"), Verdict::Fail,
            console.isEmpty() ? tr("fetch() throws before any request is sent: %1").arg(message)
                              : tr("No request is sent; the console shows: %1").arg(console));
    const BrowserEngine engine = m_scenario.browser;
    if (engine == BrowserEngine::Chromium)
        return;
    // Only the CORS errors are worded per engine; these are Chromium's words.
    if (message == failedToFetch())
        m_result.scriptError = engineNetworkError(engine, m_scenario.initiator);
    m_result.console.clear();
    step.facts.append(
            {tr("wording"),
             tr("%1's own wording for this error is not modelled: Chromium's error is \"%2\"%3.")
                     .arg(browserEngineTitle(engine), message,
                          console.isEmpty() ? QString()
                                            : tr(" and its console line \"%1\"").arg(console))});
}

void Simulator::throwRequestError(RequestTypeError error, const QString &message)
{
    const std::optional<QString> words = m_scenario.initiator == RequestInitiator::Fetch
            ? engineRequestTypeError(m_scenario.browser, error, m_request.method)
            : std::nullopt;
    if (!words) {
        throwTypeError(message);
        return;
    }
    m_result.allowed = false;
    m_result.responseType = QStringLiteral("error");
    m_result.scriptError = *words;
    m_result.console.clear();
    addStep(QStringLiteral("script"), tr("What the script gets"), Verdict::Fail,
            tr("fetch() throws before any request is sent: %1").arg(*words));
}

void Simulator::block(const CorsFailure &failure, const QString &stepId)
{
    FailureContext context;
    context.failure = failure;
    context.stage = stepId == QLatin1String("preflight") ? FailureStage::Preflight
            : stepId == QLatin1String("actual")          ? FailureStage::Actual
            : stepId == QLatin1String("redirect")        ? FailureStage::Redirect
                                                         : FailureStage::Request;
    context.initiator = m_scenario.initiator;
    context.url = m_request.urlText;
    context.firstUrl = m_initialUrlText;
    context.pageOrigin = m_page.serialize();
    context.requestOrigin = m_origin;
    context.method = m_request.method;
    context.credentialsInclude = m_include;
    if (context.stage == FailureStage::Preflight || context.stage == FailureStage::Actual) {
        context.status = m_lastStatus;
        context.responseHeaders = m_lastHeaders;
    }
    if (context.stage == FailureStage::Preflight)
        context.unsafeHeaders = m_unsafeHeaders;

    const BrowserEngine engine = m_scenario.browser;
    if (preflightCacheClearedOnFailure(engine)
        && (context.stage == FailureStage::Preflight || context.stage == FailureStage::Actual))
        m_cache.remove(m_origin, m_request.urlText);
    const EngineFailure words = describeFailure(engine, context);
    m_result.allowed = false;
    m_result.responseType = QStringLiteral("error");
    m_result.failure = failure;
    m_result.failureStage = context.stage;
    m_result.engineFailure = words;
    m_result.console = words.console.join(u'\n');
    m_result.scriptError = words.scriptError;
    m_result.firefoxReason
            = engine == BrowserEngine::Firefox ? words.identifier : firefoxReason(context);
    TraceStep &step
            = addStep(QStringLiteral("script"), tr("What the script gets"), Verdict::Fail, {});
    if (!m_explain)
        return;
    step.summary = tr("Blocked (%1 at %2): the script gets %3 and no response.")
                           .arg(corsErrorName(failure.error), stepId, m_result.scriptError);
    if (engine == BrowserEngine::Chromium) {
        step.facts.append({tr("Chromium console"), m_result.console});
        step.facts.append({tr("CorsError"), corsErrorName(failure.error)});
        step.facts.append({tr("Firefox reason"), m_result.firefoxReason});
        return;
    }
    for (const QString &line : words.console)
        step.facts.append({tr("%1 console").arg(browserEngineTitle(engine)), line});
    if (!words.identifier.isEmpty())
        step.facts.append(
                {engine == BrowserEngine::Firefox ? tr("Firefox reason") : tr("WebKit error"),
                 words.identifier});
    if (!words.documentation.isEmpty())
        step.facts.append({tr("documentation"), words.documentation});
    step.facts.append({tr("Chromium's CorsError"), corsErrorName(failure.error)});
}

bool Simulator::prepare()
{
    const ScenarioUrls urls = scenarioUrls(m_scenario.pageOrigin, m_scenario.url);
    if (!urls.page) {
        throwTypeError(tr("the page origin %1 is not a URL or null").arg(m_scenario.pageOrigin));
        return false;
    }
    m_page = *urls.page;
    m_origin = m_page.serialize();

    const QUrl &url = urls.url;
    if (!url.isValid() || url.isRelative()) {
        throwTypeError(fetchTypeError(tr("Failed to parse URL from %1").arg(m_scenario.url)));
        return false;
    }
    m_request.url = url;
    m_request.urlText = urls.urlText;
    m_target = urls.target;
    m_initialUrlText = m_request.urlText;
    m_cookieHost = url.host();
    m_result.urlList = {m_request.urlText};

    m_request.method = Fetch::normalizeMethod(m_scenario.method);
    if (Fetch::isForbiddenMethod(m_request.method)) {
        throwRequestError(
                RequestTypeError::ForbiddenMethod,
                fetchTypeError(
                        QStringLiteral("'%1' HTTP method is unsupported.").arg(m_scenario.method)));
        return false;
    }
    if (!Fetch::isToken(m_request.method)) {
        throwTypeError(fetchTypeError(
                QStringLiteral("'%1' is not a valid HTTP method.").arg(m_scenario.method)));
        return false;
    }
    const bool hasBody = m_scenario.body != BodyKind::None;
    if (hasBody
        && (m_request.method == QLatin1String("GET")
            || m_request.method == QLatin1String("HEAD"))) {
        throwRequestError(
                RequestTypeError::BodyWithGetOrHead,
                fetchTypeError(QStringLiteral("Request with GET/HEAD method cannot have body.")));
        return false;
    }
    if (m_scenario.body == BodyKind::ReadableStream) {
        if (m_scenario.mode == RequestMode::NoCors) {
            throwTypeError(
                    fetchTypeError(QStringLiteral("If request is made from ReadableStream, mode "
                                                  "should be\"same-origin\" or \"cors\"")));
            return false;
        }
        if (!m_scenario.duplexHalf) {
            throwTypeError(fetchTypeError(QStringLiteral(
                    "The `duplex` member must be specified for a request with a streaming body")));
            return false;
        }
    }
    if (m_scenario.mode == RequestMode::NoCors && !Fetch::isSafelistedMethod(m_request.method)) {
        throwRequestError(RequestTypeError::NoCorsMethod,
                          fetchTypeError(QStringLiteral("'%1' is unsupported in no-cors mode.")
                                                 .arg(m_request.method)));
        return false;
    }

    // Headers: validate, drop the forbidden ones, merge duplicates as Blink does.
    bool scriptSetContentType = false;
    for (const HttpHeader &h : m_scenario.headers) {
        if (!Fetch::isToken(h.name)) {
            throwTypeError(fetchTypeError(
                    QStringLiteral("'%1' is not a valid HTTP header field name.").arg(h.name)));
            return false;
        }
        const QString value = normalizeHeaderValue(h.value);
        if (!isLatin1(value)) {
            throwTypeError(fetchTypeError(QStringLiteral(
                    "Failed to read the 'headers' property from 'RequestInit': String contains non "
                    "ISO-8859-1 code point.")));
            return false;
        }
        if (value.contains(u'\0') || value.contains(u'\n') || value.contains(u'\r')) {
            throwTypeError(fetchTypeError(
                    QStringLiteral("'%1' is not a valid HTTP header field value.").arg(value)));
            return false;
        }
        if (Fetch::isForbiddenRequestHeader(h.name, value)
            && !engineSendsForbiddenHeader(m_scenario.browser, h.name)) {
            m_request.droppedHeaders.append(tr("%1 (forbidden: the browser sets it)").arg(h.name));
            if (m_scenario.initiator == RequestInitiator::XmlHttpRequest
                && m_scenario.browser == BrowserEngine::Chromium)
                m_consoleLines.append(
                        QStringLiteral("Refused to set unsafe header \"%1\"").arg(h.name));
            continue;
        }
        if (m_scenario.mode == RequestMode::NoCors
            && !Fetch::isNoCorsSafelistedHeader(h.name, value)) {
            m_request.droppedHeaders.append(
                    tr("%1 (no-cors keeps only safelisted headers)").arg(h.name));
            continue;
        }
        if (h.name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0)
            scriptSetContentType = true;
        const qsizetype existing = m_request.headers.indexOf(h.name);
        if (existing >= 0)
            m_request.headers[existing].value += QStringLiteral(", ") + value;
        else
            m_request.headers.append({h.name, value});
    }

    // The body's own type becomes Content-Type unless the script set one.
    QString implicitType;
    switch (m_scenario.body) {
    case BodyKind::Text:
        implicitType = QStringLiteral("text/plain;charset=UTF-8");
        break;
    case BodyKind::UrlSearchParams:
        implicitType = QStringLiteral("application/x-www-form-urlencoded;charset=UTF-8");
        break;
    case BodyKind::FormData:
        implicitType = QStringLiteral(
                "multipart/form-data; boundary=----WebKitFormBoundaryCorsStudio0001");
        break;
    case BodyKind::Blob:
        implicitType = m_scenario.blobType.toLower();
        break;
    case BodyKind::ReadableStream:
        m_request.forcedPreflight = true;
        m_request.forcedReason = tr("the body is a ReadableStream, which always needs a preflight");
        break;
    case BodyKind::None:
    case BodyKind::ArrayBuffer:
        break;
    }
    if (!implicitType.isEmpty() && !scriptSetContentType)
        m_request.headers.append({QStringLiteral("Content-Type"), implicitType});
    if (m_scenario.initiator == RequestInitiator::XmlHttpRequest && m_scenario.uploadListeners) {
        m_request.forcedPreflight = true;
        m_request.forcedReason = tr("upload event listeners were registered before send()");
    }
    return true;
}

bool Simulator::checkPreconditions(const WebOrigin &target)
{
    const QString scheme = lowerCased(m_request.url.scheme());
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        if (m_scenario.initiator == RequestInitiator::XmlHttpRequest) {
            m_result.steps.last().verdict = Verdict::Fail;
            block({CorsError::CorsDisabledScheme, QString()}, QStringLiteral("origins"));
        } else {
            throwTypeError(
                    failedToFetch(),
                    QStringLiteral("Fetch API cannot load %1. URL scheme \"%2\" is not supported.")
                            .arg(m_request.urlText, scheme));
        }
        return false;
    }
    if (m_scenario.mode == RequestMode::SameOrigin && !m_page.isSameOrigin(target)) {
        throwTypeError(
                failedToFetch(),
                QStringLiteral("Fetch API cannot load %1. Request mode is \"same-origin\" but "
                               "the URL's origin is not same as the request origin %2.")
                        .arg(m_request.urlText, m_origin));
        if (m_scenario.browser == BrowserEngine::Firefox) {
            // nsContentSecurityManager's CheckLoadURIWithPrincipal report (real Firefox ESR 153);
            // the page's URL is the scenario's page (its origin with "/" when only that is known).
            const QUrl page(m_scenario.pageOrigin.trimmed());
            const QString pageUrl
                    = page.path().isEmpty() ? m_page.serialize() + u'/' : canonicalUrl(page);
            m_result.console = QStringLiteral("Security Error: Content at %1 may not load data "
                                              "from %2.")
                                       .arg(pageUrl, m_request.urlText);
            m_result.steps.last().facts = {{tr("Firefox console"), m_result.console}};
        }
        return false;
    }
    return true;
}

EngineResponse Simulator::send(const WireRequest &sent, Exchange exchange, const QString &title)
{
    // Literals, not "stage" + "-request": concatenating allocated twice an exchange.
    const bool preflight = exchange == Exchange::Preflight;
    const QString requestStepId
            = preflight ? QStringLiteral("preflight-request") : QStringLiteral("actual-request");
    const QString responseStepId
            = preflight ? QStringLiteral("preflight-response") : QStringLiteral("actual-response");
    WireRequest wire = sent;
    addBrowserHeaders(wire.headers);
    if (m_stack) {
        // Django reads the Host (ALLOWED_HOSTS, redirects) and, on HTTPS, the Referer (CSRF).
        QString host = m_request.url.host();
        const int port = m_request.url.port();
        const int defaultPort = m_request.url.scheme() == QLatin1String("https") ? 443 : 80;
        if (port >= 0 && port != defaultPort)
            host += u':' + QString::number(port);
        wire.headers.prepend({QStringLiteral("Host"), host});
        const bool downgrade = m_page.scheme() == QLatin1String("https")
                && m_request.url.scheme() == QLatin1String("http");
        if (!m_page.isOpaque() && !downgrade && !wire.headers.contains(u"Referer"))
            wire.headers.append({QStringLiteral("Referer"), m_page.serialize() + u'/'});
    }
    m_result.serverSaw.append(wire);
    TraceStep &requestStep
            = addStep(requestStepId, title, Verdict::Pass,
                      m_explain ? tr("%1 %2").arg(wire.method, wire.url) : QString());
    requestStep.request = wire;
    if (m_stack) {
        const StackResponse stack = m_stack->respond(toServerRequest(wire, m_request.url), true);
        const EngineResponse response = engineView(stack);
        const bool byNginx = stack.decidedBy == QLatin1String("nginx");
        QString summary = byNginx
                ? tr("nginx decides the answer: %1.").arg(stack.status)
                : tr("Django answers %1 (decided by %2).").arg(stack.status).arg(stack.decidedBy);
        // nginx in front may add CORS headers to a response CorsMiddleware never saw.
        const bool corsHeaders = std::any_of(
                stack.headers.cbegin(), stack.headers.cend(), [](const HttpHeader &h) {
                    return h.name.startsWith(QLatin1String("access-control-"), Qt::CaseInsensitive);
                });
        if (!stack.corsApplied && !stack.corsShortCircuit)
            summary += corsHeaders
                    ? tr(" Its CORS headers come from nginx, not CorsMiddleware.")
                    : tr(" CorsMiddleware never saw this response: it has no CORS headers.");
        TraceStep &responseStep
                = addStep(responseStepId, tr("Server's answer"),
                          stack.status >= 500 ? Verdict::Error : Verdict::Pass, summary);
        responseStep.response = response;
        responseStep.stack = stack;
        remember(response);
        return response;
    }
    const EngineResponse response = m_engine.respond(
            toServerRequest(wire, m_request.url), viewResponse(m_scenario, wire.method), m_explain);
    QString summary;
    if (m_explain) {
        if (!response.error.isEmpty())
            summary = tr("Django fails with a server error (%1): status 500, no CORS headers.")
                              .arg(response.error);
        else if (response.shortCircuit)
            summary = tr("django-cors-headers answers the preflight itself: status %1.")
                              .arg(response.status);
        else
            summary = tr("The view answers with status %1; the middleware %2.")
                              .arg(response.status)
                              .arg(response.enabled ? tr("adds its headers")
                                                    : tr("leaves the response alone"));
    }
    TraceStep &responseStep
            = addStep(responseStepId, tr("Server's answer"),
                      response.error.isEmpty() ? Verdict::Pass : Verdict::Error, summary);
    responseStep.response = response;
    remember(response);
    return response;
}

void Simulator::deliver(const EngineResponse &response, const HttpHeaders &headers,
                        bool corsFiltered)
{
    m_result.allowed = true;
    m_result.status = response.error.isEmpty() ? response.status : 500;
    QStringList names;
    const auto exposeValue = Fetch::combinedValue(headers, u"Access-Control-Expose-Headers");
    QStringList exposed;
    bool exposeAll = false;
    if (corsFiltered && exposeValue) {
        if (const auto list = Fetch::parseHeaderList(*exposeValue)) {
            for (const QString &name : *list) {
                if (name == QLatin1String("*") && !m_include)
                    exposeAll = true;
                exposed.append(lowerCased(name));
            }
        }
    }
    for (const HttpHeader &h : headers) {
        // An ASCII name is judged as it is (the filters ignore ASCII case, and the exposed names
        // are tokens, so ASCII) and lowered only when kept: most of a response's are not.
        const bool ascii = std::all_of(h.name.cbegin(), h.name.cend(),
                                       [](QChar c) { return c.unicode() < 0x80; });
        const QString loweredFirst = ascii ? QString() : lowerCased(h.name);
        const QString &judged = ascii ? h.name : loweredFirst;
        if (Fetch::isForbiddenResponseHeader(judged))
            continue;
        if (corsFiltered && !exposeAll && !Fetch::isSafelistedResponseHeader(judged)
            && !(ascii ? exposed.contains(judged, Qt::CaseInsensitive) : exposed.contains(judged)))
            continue;
        const QString lower = ascii ? lowerCased(h.name) : loweredFirst;
        if (!names.contains(lower))
            names.append(lower);
    }
    std::sort(names.begin(), names.end());
    m_result.readableHeaders = names;
    TraceStep &step
            = addStep(QStringLiteral("script"), tr("What the script gets"), Verdict::Pass, {});
    if (!m_explain)
        return;
    step.summary = tr("The promise resolves: a %1 response with status %2.")
                           .arg(m_result.responseType)
                           .arg(m_result.status);
    step.facts.append({tr("readable headers"), names.join(QStringLiteral(", "))});
    if (corsFiltered) {
        step.facts.append({tr("rule"),
                           exposeAll ? tr("Access-Control-Expose-Headers: * exposes every header "
                                          "(not credentialed)")
                                     : tr("the CORS-safelisted response headers plus "
                                          "Access-Control-Expose-Headers")});
        if (exposed.contains(QStringLiteral("*")) && m_include)
            step.facts.append({tr("note"),
                               tr("with credentials, * in Access-Control-Expose-Headers only "
                                  "exposes a header literally named *")});
    }
}

void Simulator::sameOriginFetch()
{
    addStep(QStringLiteral("preflight-needed"), tr("Preflight needed?"), Verdict::Skip,
            tr("Same-origin request: CORS does not apply, so there is no preflight and no check."));
    WireRequest wire {m_request.method, m_request.urlText, {}};
    const bool safeMethod
            = m_request.method == QLatin1String("GET") || m_request.method == QLatin1String("HEAD");
    if (!safeMethod)
        wire.headers.append({QStringLiteral("Origin"), m_origin});
    wire.headers.append(m_request.headers);
    if (sendsCookies())
        wire.headers.append({QStringLiteral("Cookie"), m_scenario.cookies});
    const EngineResponse response = send(wire, Exchange::Actual, tr("The request"));
    if (m_stack && isRedirectStatus(response.status) && response.headers.contains(u"Location")) {
        followRedirect(*response.headers.value(u"Location"), response.status);
        return;
    }
    m_result.responseType = QStringLiteral("basic");
    deliver(response, m_lastHeaders, false); // send() remembered what the browser received
}

void Simulator::noCorsFetch()
{
    addStep(QStringLiteral("preflight-needed"), tr("Preflight needed?"), Verdict::Skip,
            tr("mode: 'no-cors': never preflighted; the response will be opaque to the script."));
    WireRequest wire {m_request.method, m_request.urlText, {}};
    if (m_request.method != QLatin1String("GET") && m_request.method != QLatin1String("HEAD"))
        wire.headers.append({QStringLiteral("Origin"), m_origin});
    wire.headers.append(m_request.headers);
    if (sendsCookies())
        wire.headers.append({QStringLiteral("Cookie"), m_scenario.cookies});
    const EngineResponse response = send(wire, Exchange::Actual, tr("The request"));
    if (m_stack && isRedirectStatus(response.status) && response.headers.contains(u"Location")) {
        followRedirect(*response.headers.value(u"Location"), response.status);
        return;
    }
    m_result.allowed = true;
    m_result.responseType = QStringLiteral("opaque");
    m_result.status = 0;
    addStep(QStringLiteral("script"), tr("What the script gets"), Verdict::Pass,
            tr("An opaque response: status 0, no readable headers, empty body. Not an error, but "
               "the script cannot read anything."));
}

bool Simulator::checkPreflightResponse(const EngineResponse &response, const HttpHeaders &headers,
                                       const QList<Fetch::UnsafeHeader> &unsafe, TraceStep &step)
{
    const int status = response.error.isEmpty() ? response.status : 500;
    if (m_explain)
        step.facts.reserve(8); // a fact per check, and the notes of some
    auto passed = [&](const QString &check, const QString &detail) {
        if (m_explain)
            step.facts.append({check, tr("passed: %1").arg(detail)});
    };
    auto failed = [&](const QString &check, const CorsFailure &failure) {
        if (m_explain)
            step.facts.append({check, tr("failed: %1").arg(corsErrorName(failure.error))});
        step.verdict = Verdict::Fail;
        block(failure, QStringLiteral("preflight"));
        return false;
    };

    if (isRedirectStatus(status) && headers.contains(u"Location"))
        return failed(tr("redirect"), {CorsError::PreflightDisallowedRedirect, QString()});
    passed(tr("redirect"), tr("not a redirect"));

    if (const auto failure = corsCheck(headers, m_origin, m_include, true))
        return failed(tr("Allow-Origin / Allow-Credentials"), *failure);
    passed(tr("Allow-Origin / Allow-Credentials"),
           m_include ? tr("Allow-Origin is %1 and Allow-Credentials is true").arg(m_origin)
                     : tr("Allow-Origin admits %1").arg(m_origin));

    if (status < 200 || status > 299)
        return failed(tr("status"), {CorsError::PreflightInvalidStatus, QString()});
    passed(tr("status"), tr("%1 is an ok status").arg(status));

    const auto methodsValue = Fetch::combinedValue(headers, u"Access-Control-Allow-Methods");
    const auto methods = Fetch::parseHeaderList(methodsValue.value_or(QString()));
    if (!methods)
        return failed(tr("Allow-Methods syntax"),
                      {CorsError::InvalidAllowMethodsPreflightResponse, QString()});
    const auto headersValue = Fetch::combinedValue(headers, u"Access-Control-Allow-Headers");
    const auto allowedHeaders = Fetch::parseHeaderList(headersValue.value_or(QString()));
    if (!allowedHeaders)
        return failed(tr("Allow-Headers syntax"),
                      {CorsError::InvalidAllowHeadersPreflightResponse, QString()});

    const BrowserEngine engine = m_scenario.browser;
    QStringList lowerAllowed;
    for (const QString &h : *allowedHeaders)
        lowerAllowed.append(lowerCased(h));
    // What the preflight allows goes into the cache: after every check passed, or (WebKit) as
    // soon as the response passed the access check, even when the method or a header is refused.
    const auto cacheResult = [&] {
        const auto maxAge = Fetch::combinedValue(headers, u"Access-Control-Max-Age");
        const std::optional<qint64> lifetime = preflightLifetimeSeconds(engine, maxAge);
        const qint64 seconds = lifetime.value_or(0);
        m_result.preflightLifetimeSeconds = lifetime;
        if (m_explain) {
            if (engine == BrowserEngine::Chromium)
                step.facts.append(
                        {tr("max-age"),
                         maxAge ? tr("%1 -> cached for %2 s (Chromium: default 5, cap 7200)")
                                          .arg(*maxAge)
                                          .arg(seconds)
                                : tr("absent -> cached for 5 s")});
            else
                step.facts.append({tr("max-age"),
                                   tr("%1 -> %2 (%3)")
                                           .arg(maxAge ? *maxAge : tr("absent"),
                                                lifetime ? tr("cached for %1 s").arg(seconds)
                                                         : tr("not cached"),
                                                preflightLifetimeRule(engine))});
        }
        // Chromium never caches preflights for URLs of 1024 characters or more.
        if (lifetime && !preflightCacheWriteSkipped(engine, m_scenario.cacheMode)
            && (engine != BrowserEngine::Chromium || m_request.urlText.size() < 1024)) {
            PreflightCacheEntry entry;
            entry.origin = m_origin;
            entry.url = m_request.urlText;
            entry.methods = *methods;
            entry.headers = lowerAllowed;
            entry.credentials = m_include;
            entry.storedAtMs = m_nowMs;
            entry.expiresAtMs = m_nowMs + seconds * 1000;
            const bool byCredentials = preflightCacheKeyedByCredentials(engine);
            if (preflightCacheMergesTokens(engine)) {
                // Firefox keeps each token with its own expiry; CORS Studio keeps the union with the
                // newest expiry (an approximation: an older token may outlive its own lifetime).
                if (const auto old = m_cache.lookup(m_origin, m_request.urlText, m_nowMs,
                                                    std::optional<bool>(m_include))) {
                    for (const QString &method : old->methods) {
                        if (!entry.methods.contains(method))
                            entry.methods.append(method);
                    }
                    for (const QString &header : old->headers) {
                        if (!entry.headers.contains(header))
                            entry.headers.append(header);
                    }
                }
            }
            m_cache.store(entry, byCredentials);
        }
    };
    const bool keepRefused = preflightCacheStoresRefusedPreflight(engine);
    const QString &method = m_request.method;
    if (methods->contains(method))
        passed(tr("method"), tr("%1 is listed in Access-Control-Allow-Methods").arg(method));
    else if (Fetch::isSafelistedMethod(method))
        passed(tr("method"), tr("%1 is CORS-safelisted").arg(method));
    else if (methods->contains(QStringLiteral("*")) && !m_include)
        passed(tr("method"), tr("* allows any method for requests without credentials"));
    else {
        if (keepRefused)
            cacheResult();
        return failed(tr("method"), {CorsError::MethodDisallowedByPreflightResponse, method});
    }

    const bool wildcard = lowerAllowed.contains(QStringLiteral("*")) && !m_include;
    for (const Fetch::UnsafeHeader &h : unsafe) {
        if (lowerAllowed.contains(h.name)) {
            passed(tr("header %1").arg(h.name), tr("listed in Access-Control-Allow-Headers"));
        } else if (wildcard) {
            passed(tr("header %1").arg(h.name), tr("covered by *"));
            if (h.name == QLatin1String("authorization"))
                m_result.warnings.append(QStringLiteral(
                        "Authorization will not be covered by the wildcard symbol (*) in CORS "
                        "`Access-Control-Allow-Headers` handling."));
        } else {
            if (keepRefused)
                cacheResult();
            return failed(tr("header %1").arg(h.name),
                          {CorsError::HeaderDisallowedByPreflightResponse, h.name});
        }
    }
    if (lowerAllowed.contains(QStringLiteral("*")) && m_include)
        step.facts.append({tr("note"), tr("with credentials, * is a literal header name")});

    cacheResult();
    return true;
}

bool Simulator::preflight(const QList<Fetch::UnsafeHeader> &unsafe)
{
    m_unsafeHeaders.clear();
    for (const Fetch::UnsafeHeader &h : unsafe) {
        QString written = h.name;
        for (const HttpHeader &header : m_request.headers) {
            if (header.name.compare(h.name, Qt::CaseInsensitive) == 0)
                written = header.name;
        }
        m_unsafeHeaders.append(written);
    }
    // Cache lookup: Chromium keys it by initiator origin and URL (Firefox adds the credentials
    // flag) and checks it with the non-wildcard rule for Authorization (engines/preflightcacherules).
    const BrowserEngine engine = m_scenario.browser;
    const bool byCredentials = preflightCacheKeyedByCredentials(engine);
    const bool bypass = preflightCacheLookupSkipped(engine, m_scenario.cacheMode);
    if (bypass) {
        addStep(QStringLiteral("preflight-cache"), tr("Preflight cache"), Verdict::Skip,
                tr("The request's cache mode bypasses the preflight cache."));
    } else if (const auto entry
               = m_cache.lookup(m_origin, m_request.urlText, m_nowMs,
                                byCredentials ? std::optional<bool>(m_include) : std::nullopt)) {
        QStringList names;
        for (const Fetch::UnsafeHeader &h : unsafe)
            names.append(h.name);
        const QString miss = preflightCacheMiss(engine, *entry, m_request.method, names, m_include);
        if (miss.isEmpty()) {
            m_result.servedFromPreflightCache = true;
            TraceStep &step = addStep(
                    QStringLiteral("preflight-cache"), tr("Preflight cache"), Verdict::Pass,
                    tr("Served from the preflight cache: no OPTIONS request is sent."));
            step.facts.append({tr("stored at"), tr("%1 s").arg(entry->storedAtMs / 1000.0)});
            step.facts.append({tr("expires at"), tr("%1 s").arg(entry->expiresAtMs / 1000.0)});
            return true;
        }
        if (preflightCacheDropsEntryOnMiss(engine))
            m_cache.remove(m_origin, m_request.urlText);
        // A miss is not a failure of the request: it only means a preflight goes out.
        addStep(QStringLiteral("preflight-cache"), tr("Preflight cache"), Verdict::Skip,
                tr("A cached entry exists but cannot be used (%1): it is dropped and a new "
                   "preflight "
                   "is sent.")
                        .arg(miss));
    } else {
        addStep(QStringLiteral("preflight-cache"), tr("Preflight cache"), Verdict::Skip,
                m_explain ? tr("No fresh entry for %1 from %2: a preflight is sent.")
                                    .arg(m_request.urlText, m_origin)
                          : QString());
    }

    WireRequest wire {QStringLiteral("OPTIONS"), m_request.urlText, {}};
    wire.headers.reserve(6); // these four and the browser's own, without regrowing
    wire.headers.append({QStringLiteral("Origin"), m_origin});
    wire.headers.append({QStringLiteral("Accept"), QStringLiteral("*/*")});
    wire.headers.append({QStringLiteral("Access-Control-Request-Method"), m_request.method});
    if (!unsafe.isEmpty())
        wire.headers.append(
                {QStringLiteral("Access-Control-Request-Headers"), joinHeaderNames(unsafe)});
    m_result.preflightSent = true;
    const EngineResponse response = send(wire, Exchange::Preflight, tr("The preflight"));
    const HttpHeaders headers = m_lastHeaders; // send() remembered what the browser received
    TraceStep &checks = addStep(QStringLiteral("preflight-checks"),
                                tr("Chromium checks the preflight"), Verdict::Pass,
                                tr("In Chromium's order: redirect, Allow-Origin and "
                                   "Allow-Credentials, status, syntax, method, headers."));
    const qsizetype checksIndex = m_result.steps.size() - 1;
    const bool ok = checkPreflightResponse(response, headers, unsafe, checks);
    // block() appended a step, so the reference may be stale; update through the index.
    if (!ok)
        m_result.steps[checksIndex].verdict = Verdict::Fail;
    return ok;
}

void Simulator::actualRequest()
{
    if (m_scenario.body == BodyKind::ReadableStream) {
        // Chromium streams request bodies only over HTTP/2; Django's WSGI servers speak HTTP/1.1.
        m_result.allowed = false;
        m_result.responseType = QStringLiteral("error");
        m_result.scriptError = engineNetworkError(m_scenario.browser, m_scenario.initiator);
        TraceStep &step = addStep(
                QStringLiteral("script"), tr("What the script gets"), Verdict::Fail,
                tr("The upload is not sent: Chromium streams request bodies only over HTTP/2, and "
                   "the "
                   "server speaks HTTP/1.1 (net::ERR_ALPN_NEGOTIATION_FAILED). Not a CORS error."));
        step.facts.append(
                {tr("network error"),
                 QStringLiteral("Failed to load resource: net::ERR_ALPN_NEGOTIATION_FAILED")});
        return;
    }
    WireRequest wire {m_request.method, m_request.urlText, {}};
    wire.headers.reserve(m_request.headers.size() + 4); // Origin, Cookie and the browser's own
    wire.headers.append({QStringLiteral("Origin"), m_origin});
    wire.headers.append(m_request.headers);
    if (sendsCookies())
        wire.headers.append({QStringLiteral("Cookie"), m_scenario.cookies});
    const EngineResponse response = send(wire, Exchange::Actual, tr("The actual request"));
    const HttpHeaders headers = m_lastHeaders; // send() remembered what the browser received
    const int status = response.error.isEmpty() ? response.status : 500;
    TraceStep &check = addStep(QStringLiteral("actual-check"), tr("Chromium checks the response"),
                               Verdict::Pass, QString());
    const qsizetype checkIndex = m_result.steps.size() - 1;
    if (const auto failure = corsCheck(headers, m_origin, m_include, false)) {
        check.verdict = Verdict::Fail;
        if (m_explain)
            check.summary = tr("The CORS check fails: %1. The server has already processed the "
                               "request.")
                                    .arg(corsErrorName(failure->error));
        block(*failure, QStringLiteral("actual"));
        m_result.steps[checkIndex].verdict = Verdict::Fail;
        return;
    }
    if (m_explain)
        check.summary = m_include
                ? tr("Allow-Origin is %1 and Allow-Credentials is true.").arg(m_origin)
                : tr("Allow-Origin admits %1.").arg(m_origin);
    if (m_stack && isRedirectStatus(status) && headers.contains(u"Location")) {
        followRedirect(*headers.value(u"Location"), status);
        return;
    }
    if (isRedirectStatus(status) && headers.contains(u"Location"))
        check.facts.append({tr("limitation"),
                            tr("Chromium would now follow the redirect to %1; CORS Studio does not "
                               "simulate the next hop.")
                                    .arg(*headers.value(u"Location"))});
    m_result.responseType = QStringLiteral("cors");
    deliver(response, headers, true);
}

void Simulator::corsFetch()
{
    const bool clientHints = engineSafelistsClientHints(m_scenario.browser);
    const QList<Fetch::UnsafeHeader> unsafe
            = Fetch::corsUnsafeRequestHeaders(m_request.headers, clientHints);
    const bool methodUnsafe = !Fetch::isSafelistedMethod(m_request.method);
    const bool needed = m_request.forcedPreflight || methodUnsafe || !unsafe.isEmpty();
    TraceStep &decision = addStep(QStringLiteral("preflight-needed"), tr("Preflight needed?"),
                                  needed ? Verdict::Pass : Verdict::Skip, {});
    if (m_explain) {
        QStringList reasons;
        if (m_request.forcedPreflight)
            reasons.append(m_request.forcedReason);
        if (methodUnsafe)
            reasons.append(tr("the method %1 is not GET, HEAD or POST").arg(m_request.method));
        for (const Fetch::UnsafeHeader &h : unsafe)
            reasons.append(tr("the header %1: %2").arg(h.name, h.reason));
        decision.summary = needed ? tr("Yes: %1.").arg(reasons.join(QStringLiteral("; ")))
                                  : tr("No: a simple request (safelisted method and headers).");
        decision.facts.reserve(m_request.headers.size() + 1);
        for (const HttpHeader &h : m_request.headers) {
            const Fetch::SafelistVerdict verdict
                    = Fetch::safelistVerdict(h.name, h.value, clientHints);
            decision.facts.append({h.name, verdict.reason});
        }
        if (!m_request.droppedHeaders.isEmpty())
            decision.facts.append(
                    {tr("dropped"), m_request.droppedHeaders.join(QStringLiteral(", "))});
    }

    if (needed && !preflight(unsafe))
        return;
    actualRequest();
}

SimulationResult Simulator::run() &&
{
    m_result.browser = m_scenario.browser;
    m_result.steps.reserve(12); // a preflighted request with a redirect takes about ten
    walk();
    if (!m_consoleLines.isEmpty()) {
        if (!m_result.console.isEmpty())
            m_consoleLines.append(m_result.console);
        m_result.console = m_consoleLines.join(u'\n');
    }
    return std::move(m_result);
}

void Simulator::walk()
{
    if (!prepare())
        return;
    const WebOrigin &target = m_target;
    const bool sameOrigin = m_page.isSameOrigin(target);
    m_include = m_scenario.credentials == CredentialsMode::Include
            || (m_scenario.credentials == CredentialsMode::SameOrigin && sameOrigin);

    TraceStep &origins = addStep(QStringLiteral("origins"), tr("Origins"), Verdict::Pass, {});
    if (m_explain) {
        origins.summary = sameOrigin
                ? tr("%1 and %2 are the same origin: no CORS.").arg(m_origin, target.serialize())
                : tr("%1 calls %2: a cross-origin request.").arg(m_origin, target.serialize());
        // Five facts at most, in one allocation (appending one by one reallocated three times).
        origins.facts.reserve(5);
        origins.facts.append({tr("page origin"), m_origin});
        origins.facts.append({tr("target origin"), target.serialize()});
        origins.facts.append(
                {tr("method"),
                 m_scenario.method == m_request.method
                         ? m_request.method
                         : tr("%1 (normalised from %2)").arg(m_request.method, m_scenario.method)});
        origins.facts.append({tr("credentials"), credentialsModeName(m_scenario.credentials)});
    }
    if (!checkPreconditions(target))
        return;

    if (m_explain && !sameOrigin && m_scenario.mode != RequestMode::NoCors)
        m_result.steps.first().facts.append({tr("Origin header"), m_origin});
    hop();
}

void Simulator::hop()
{
    const WebOrigin target = m_target;
    const bool sameOrigin = m_page.isSameOrigin(target) && !m_tainted && !m_corsFlag;
    m_include = m_scenario.credentials == CredentialsMode::Include
            || (m_scenario.credentials == CredentialsMode::SameOrigin && sameOrigin);
    if (sameOrigin) {
        sameOriginFetch();
    } else if (m_scenario.mode == RequestMode::NoCors) {
        noCorsFetch();
    } else {
        m_corsFlag = true;
        corsFetch();
    }
}

void Simulator::followRedirect(const QString &location, int status)
{
    const QUrl current = m_request.url;
    const QUrl next = current.resolved(QUrl(location));
    const WebOrigin currentOrigin = WebOrigin::fromUrl(current);
    const WebOrigin nextOrigin = WebOrigin::fromUrl(next);
    TraceStep &step
            = addStep(QStringLiteral("redirect"), tr("Redirect"), Verdict::Pass,
                      tr("%1 → %2: Chromium follows it.").arg(status).arg(canonicalUrl(next)));
    const qsizetype stepIndex = m_result.steps.size() - 1;
    if (++m_redirects > 20) {
        m_result.steps[stepIndex].verdict = Verdict::Fail;
        throwTypeError(
                failedToFetch(),
                QStringLiteral("GET %1 net::ERR_TOO_MANY_REDIRECTS").arg(canonicalUrl(next)));
        return;
    }
    const QString scheme = lowerCased(next.scheme());
    if (!next.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        m_result.steps[stepIndex].verdict = Verdict::Fail;
        throwTypeError(failedToFetch());
        return;
    }
    if (m_scenario.mode == RequestMode::SameOrigin && !m_page.isSameOrigin(nextOrigin)) {
        m_result.steps[stepIndex].verdict = Verdict::Fail;
        block({CorsError::DisallowedByMode, QString()}, QStringLiteral("redirect"));
        return;
    }
    const bool userinfo = !next.userName().isEmpty() || !next.password().isEmpty();
    if (userinfo && m_scenario.mode == RequestMode::Cors
        && (m_corsFlag || !m_page.isSameOrigin(nextOrigin))) {
        m_result.steps[stepIndex].verdict = Verdict::Fail;
        block({CorsError::RedirectContainsCredentials, QString()}, QStringLiteral("redirect"));
        return;
    }
    const QString &method = m_request.method;
    if (((status == 301 || status == 302) && method == QLatin1String("POST"))
        || (status == 303 && method != QLatin1String("GET") && method != QLatin1String("HEAD"))) {
        step.facts.append({tr("method"), tr("%1 becomes GET and the body is dropped").arg(method)});
        m_request.method = QStringLiteral("GET");
        for (const char *name :
             {"Content-Encoding", "Content-Language", "Content-Location", "Content-Type"})
            m_request.headers.remove(QString::fromLatin1(name));
        m_request.forcedPreflight = false;
    }
    if (!currentOrigin.isSameOrigin(nextOrigin) && m_request.headers.contains(u"Authorization")) {
        m_request.headers.remove(u"Authorization");
        step.facts.append({tr("Authorization"), tr("removed: the redirect crosses origins")});
    }
    if (!nextOrigin.isSameOrigin(currentOrigin) && !m_page.isSameOrigin(currentOrigin)
        && !m_tainted) {
        m_tainted = true;
        m_origin = QStringLiteral("null");
        step.facts.append({tr("Origin"),
                           tr("null from now on: the redirect leaves %1, which is not the page's "
                              "origin")
                                   .arg(currentOrigin.serialize())});
    }
    m_request.url = next;
    m_target = nextOrigin;
    m_request.urlText = canonicalUrl(next);
    m_result.urlList.append(m_request.urlText);
    hop();
}

// ---- Fixes --------------------------------------------------------------------------------

/** What to change when a layer outside CorsMiddleware's reach answered the request. */
QString stackAdvice(const StackResponse &answer, const Deployment &deployment, Profile profile)
{
    const QStringList &mw = deployment.settings.middleware;
    qsizetype cors = -1;
    for (qsizetype i = 0; i < mw.size(); ++i) {
        if (middlewareKind(mw.at(i)) == MiddlewareKind::Cors)
            cors = i;
    }
    if (cors < 0)
        return tr("corsheaders.middleware.CorsMiddleware is not in MIDDLEWARE, so no response "
                  "carries CORS headers: add it near the top, above CommonMiddleware.");
    const QString layer = answer.decidedBy;
    QString moveUp;
    for (qsizetype i = 0; i < cors; ++i) {
        if (middlewareClassName(mw.at(i)) == layer)
            moveUp = tr("move corsheaders.middleware.CorsMiddleware above %1 in MIDDLEWARE (it "
                        "is at position %2, %1 at %3), so that it also adds its headers to "
                        "what %1 answers")
                             .arg(mw.at(i))
                             .arg(cors)
                             .arg(i);
    }
    QStringList advice;
    const auto location = answer.headers.value(u"Location");
    if (layer == QLatin1String("CommonMiddleware") && answer.status == 301 && location
        && location->startsWith(u'/'))
        advice.append(tr("request the URL with its trailing slash (%1): APPEND_SLASH redirects "
                         "the one without")
                              .arg(*location));
    else if (layer == QLatin1String("SecurityMiddleware") && answer.status == 301)
        advice.append(tr("call the API over https, or add its path to SECURE_REDIRECT_EXEMPT: "
                         "SECURE_SSL_REDIRECT answers plain-HTTP requests (preflights too) with "
                         "a redirect"));
    else if (answer.status == 400 && answer.error.startsWith(QLatin1String("DisallowedHost")))
        advice.append(tr("add the API's host to ALLOWED_HOSTS (%1)").arg(answer.error));
    else if (answer.status == 301 && location && location->contains(QLatin1String("://www.")))
        advice.append(tr("call the www. host, or turn PREPEND_WWW off"));
    else if (answer.status >= 500)
        advice.append(tr("fix the server error (%1)").arg(answer.error));
    if (!moveUp.isEmpty())
        advice.append(moveUp);
    if (advice.isEmpty())
        return tr("%1 answered %2 without passing through CorsMiddleware; no "
                  "django-cors-headers setting changes that.")
                .arg(layer)
                .arg(answer.status);
    Q_UNUSED(profile);
    return tr("%1 answered %2 before CorsMiddleware could add its headers: %3.")
            .arg(layer)
            .arg(answer.status)
            .arg(advice.join(tr("; or ")));
}

/**
 * What to change when the user's nginx in front decided the failure: a header it adds beside
 * CorsMiddleware's, or an answer it gives itself. Empty when nginx is not the cause.
 */
QString nginxAdvice(const SimulationResult &result)
{
    const TraceStep *answer = nullptr;
    for (const TraceStep &step : result.steps) {
        if (step.stack)
            answer = &step;
    }
    if (!answer || !result.failure)
        return {};
    const StackResponse &stack = *answer->stack;
    const auto where = [](const StackStep &step) {
        return QStringLiteral("%1:%2").arg(step.setting).arg(step.line);
    };
    const CorsError error = result.failure->error;
    if (error == CorsError::MultipleAllowOriginValues
        || error == CorsError::PreflightMultipleAllowOriginValues) {
        for (const StackStep &step : stack.steps) {
            if (step.layer == QLatin1String("nginx")
                && step.text.startsWith(QLatin1String("add_header Access-Control-Allow-Origin"),
                                        Qt::CaseInsensitive))
                return tr("nginx adds its own Access-Control-Allow-Origin (%1) to the one "
                          "CorsMiddleware sends: let one layer answer CORS. Remove that "
                          "add_header, or choose \"nginx answers CORS\" (the export pane's CORS "
                          "by) and leave CorsMiddleware out.")
                        .arg(where(step));
        }
    }
    if (stack.decidedBy == QLatin1String("nginx")) {
        for (const StackStep &step : stack.steps) {
            if (step.layer == QLatin1String("nginx") && step.status != 0 && step.line > 0)
                return tr("nginx answers %1 itself (%2), so CorsMiddleware never adds its "
                          "headers: pass the request to Django (proxy_pass), or choose \"nginx "
                          "answers CORS\" (the export pane's CORS by) for the nginx export.")
                        .arg(stack.status)
                        .arg(where(step));
        }
    }
    return {};
}

std::optional<PolicyFix> proposeFix(const Policy &policy, const Scenario &scenario,
                                    const SimulationResult &result, QString *noFix)
{
    if (!result.failure) {
        *noFix = tr("The request fails before CORS is involved; no policy change helps.");
        return std::nullopt;
    }
    // Find the server's answer the failing check looked at.
    const EngineResponse *answer = nullptr;
    for (const TraceStep &step : result.steps) {
        if (step.response)
            answer = &*step.response;
    }
    const auto origin = scenarioUrls(scenario.pageOrigin, scenario.url).page;
    const QString serialized = origin ? origin->serialize() : QStringLiteral("null");
    const bool include = scenario.credentials == CredentialsMode::Include;

    switch (result.failure->error) {
    case CorsError::MissingAllowOriginHeader:
    case CorsError::PreflightMissingAllowOriginHeader:
    case CorsError::PreflightInvalidStatus:
        if (answer && !answer->error.isEmpty()) {
            *noFix = tr("Django fails with a server error (%1); fix that first.")
                             .arg(answer->error);
            return std::nullopt;
        }
        if (answer && !answer->enabled) {
            *noFix = tr("CORS_URLS_REGEX does not match this URL's path, so django-cors-headers "
                        "leaves it alone: widen CORS_URLS_REGEX to cover it.");
            return std::nullopt;
        }
        if (answer && !answer->originAllowed) {
            PolicyFix fix = describeFix({PolicyFix::Action::AddToList, SettingId::AllowedOrigins,
                                         PyValue::str(serialized), QString()});
            if (serialized == QLatin1String("null"))
                fix.description += tr(" (beware: a \"null\" entry admits every Origin without a "
                                      "scheme, such as Origin: evil)");
            return fix;
        }
        break;
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        if (include)
            return describeFix({PolicyFix::Action::Set, SettingId::AllowCredentials,
                                PyValue::boolean(true), QString()});
        break;
    case CorsError::MethodDisallowedByPreflightResponse:
        return describeFix({PolicyFix::Action::AddToList, SettingId::AllowMethods,
                            PyValue::str(result.failure->hint), QString()});
    case CorsError::HeaderDisallowedByPreflightResponse:
        return describeFix({PolicyFix::Action::AddToList, SettingId::AllowHeaders,
                            PyValue::str(result.failure->hint), QString()});
    case CorsError::InvalidAllowMethodsPreflightResponse:
    case CorsError::InvalidAllowHeadersPreflightResponse: {
        const SettingId id
                = result.failure->error == CorsError::InvalidAllowMethodsPreflightResponse
                ? SettingId::AllowMethods
                : SettingId::AllowHeaders;
        const PyValue value = policy.effective(id);
        for (const PyValue &item : value.items()) {
            if (item.isStr() && !Fetch::isToken(item.text()))
                return describeFix({PolicyFix::Action::RemoveFromList, id, item, QString()});
        }
        break;
    }
    default:
        break;
    }
    *noFix = tr("No change to the django-cors-headers settings makes this request pass (%1).")
                     .arg(corsErrorName(result.failure->error));
    return std::nullopt;
}

} // namespace

SimulationResult BrowserSession::run(const CorsEngine &engine, const Scenario &scenario,
                                     const DjangoStack *stack)
{
    return Simulator(engine, scenario, m_cache, m_nowMs, stack, true).run();
}

SimulationResult BrowserSession::runUnexplained(const CorsEngine &engine, const Scenario &scenario,
                                                const DjangoStack *stack)
{
    return Simulator(engine, scenario, m_cache, m_nowMs, stack, false).run();
}

FixCache::Fixed::Fixed(const Policy &fixedPolicy, const ServerSide &server)
    : policy(fixedPolicy)
    , engine(policy)
    , stack(server.stackFor(policy))
{ }

const FixCache::Fixed &FixCache::fixed(const QString &key, const Policy &base, const PolicyFix &fix,
                                       const ServerSide &server)
{
    if (const auto found = m_fixed.constFind(key); found != m_fixed.cend())
        return **found;
    // Bounded: a batch where every blocked origin differs would otherwise keep them all.
    if (m_fixed.size() >= 512)
        m_fixed.clear();
    return **m_fixed.insert(key, std::make_shared<const Fixed>(applyPolicyFix(base, fix), server));
}

void computeFixes(const Policy &policy, const Scenario &scenario, SimulationResult &result,
                  const Deployment *deployment, FixCache *cache)
{
    computeFixes(policy, scenario, result, ServerSide::of(deployment), cache);
}

void computeFixes(const Policy &policy, const Scenario &scenario, SimulationResult &result,
                  const ServerSide &server, FixCache *cache)
{
    const Deployment *deployment = server.deployment ? &*server.deployment : nullptr;
    result.fixes.clear();
    result.fixExplanation.clear();
    if (result.allowed)
        return;
    if (server.front && !server.frontAnswersCors) {
        // The user's nginx in front decided: its file and line, not a policy change.
        const QString advice = nginxAdvice(result);
        if (!advice.isEmpty()) {
            result.fixExplanation = advice;
            return;
        }
    }
    if (deployment && !server.frontAnswersCors) {
        // A response CorsMiddleware never saw cannot be fixed by its settings: name the layer.
        const TraceStep *answer = nullptr;
        for (const TraceStep &step : result.steps) {
            if (step.stack)
                answer = &step;
        }
        if (answer && !answer->stack->corsApplied && !answer->stack->corsShortCircuit) {
            result.fixExplanation = stackAdvice(*answer->stack, *deployment, policy.profile());
            return;
        }
    }
    // Each fix must move the failure forward; the search ends when the request passes.
    Policy fixed = policy;
    // The fixes applied so far, as the cache's key: they determine the fixed policy.
    QString applied;
    SimulationResult current = result;
    for (int round = 0; round < 6 && !current.allowed; ++round) {
        QString noFix;
        // nginx answering CORS from the policy: the policy's decisions (which proposeFix reads)
        // are CorsMiddleware's for the same request; the fix is still verified through nginx.
        const auto fix = proposeFix(fixed, scenario,
                                    server.frontAnswersCors
                                            ? BrowserSession().run(CorsEngine(fixed), scenario)
                                            : current,
                                    &noFix);
        if (!fix) {
            result.fixExplanation = noFix;
            result.fixes.clear();
            return;
        }
        SimulationResult next;
        if (cache) {
            applied += QString::number(int(fix->action)) + u' ' + QString::number(int(fix->setting))
                    + u' ' + Py::repr(fix->value) + u' ' + fix->description + u'\n';
            const FixCache::Fixed &made = cache->fixed(applied, fixed, *fix, server);
            fixed = made.policy;
            next = BrowserSession().runUnexplained(made.engine, scenario,
                                                   made.stack ? &*made.stack : nullptr);
        } else {
            fixed = applyPolicyFix(fixed, *fix);
            const std::optional<DjangoStack> stack = server.stackFor(fixed);
            next = BrowserSession().runUnexplained(CorsEngine(fixed), scenario,
                                                   stack ? &*stack : nullptr);
        }
        if (!next.allowed && next.failure && current.failure
            && next.failure->error == current.failure->error
            && next.failure->hint == current.failure->hint) {
            result.fixExplanation = tr("%1 does not make the request pass.").arg(fix->description);
            result.fixes.clear();
            return;
        }
        result.fixes.append(*fix);
        current = next;
    }
    if (!current.allowed) {
        result.fixes.clear();
        result.fixExplanation
                = tr("No combination of setting changes found that makes this request pass.");
    }
}

SimulationResult simulate(const Policy &policy, const Scenario &scenario,
                          const Deployment *deployment)
{
    return simulate(policy, scenario, ServerSide::of(deployment));
}

SimulationResult simulate(const Policy &policy, const Scenario &scenario, const ServerSide &server)
{
    BrowserSession session;
    const std::optional<DjangoStack> stack = server.stackFor(policy);
    SimulationResult result = session.run(CorsEngine(policy), scenario, stack ? &*stack : nullptr);
    computeFixes(policy, scenario, result, server);
    return result;
}

} // namespace Cors
