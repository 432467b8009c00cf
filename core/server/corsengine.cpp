// SPDX-License-Identifier: MIT
#include "server/corsengine.h"

#include "python/pcre2pattern.h"
#include "python/pyregex.h"
#include "python/pysemantics.h"
#include "python/urlsplit.h"
#include "server/djangoheaders.h"
#include "server/originlists.h"
#include "text/translation.h"

#include <algorithm>
#include <array>

namespace Cors {

namespace {

const FormatString &tr(const char *text)
{
    return cachedTranslation("CorsEngine", text);
}

QString quoted(const QString &text)
{
    return Py::reprString(text);
}

// The request header as Django's META sees it: names are case-insensitive and '-' and '_'
// map to the same key; the last of duplicates wins.
std::optional<QString> requestHeader(const HttpRequest &request, QStringView name)
{
    for (qsizetype i = request.headers.size() - 1; i >= 0; --i) {
        const QString &candidate = request.headers.at(i).name;
        if (candidate.size() != name.size())
            continue;
        bool same = true;
        for (qsizetype k = 0; k < name.size() && same; ++k) {
            QChar a = candidate.at(k);
            QChar b = name.at(k);
            if (a != b) {
                a = a.toLower();
                b = b.toLower();
            }
            if (a == u'_')
                a = u'-';
            if (b == u'_')
                b = u'-';
            same = a == b;
        }
        if (same)
            return request.headers.at(i).value;
    }
    return std::nullopt;
}

} // namespace

struct CorsEngine::Compiled
{
    explicit Compiled(const Policy &p);

    Policy policy;
    Profile profile;
    CorsHeaderNames names;

    std::optional<SettingId> urlsRegexSource;
    PyValue urlsRegexValue;
    Py::Regex urlsRegex;
    /** urlsRegex anchored at compile time, for the JIT (respondRaw()). */
    std::shared_ptr<const Py::Pcre2Pattern> urlsRegexAnchored;
    /** Py::Regex::plainPrefix() of urlsRegex: paths of printable ASCII skip the regex. */
    std::optional<Py::Regex::PlainPrefix> urlsPlain;
    /** The pattern as Python's repr() shows it, for the explanation of every request. */
    QString urlsRegexQuoted;
    QString urlsRegexError; // TypeError or re.error raised by re.match(CORS_URLS_REGEX, ...)

    std::optional<SettingId> allowAllSource;
    bool allowAll = false;
    bool credentials = false;
    bool privateNetwork = false;
    bool replaceReferer = false;

    OriginLists origins;

    QString exposeError; // len() or join() raising
    bool exposeNonEmpty = false;
    QString exposeValue;
    QString allowHeadersError;
    QString allowHeadersValue;
    QString allowMethodsError;
    QString allowMethodsValue;
    bool maxAgeTruthy = false;
    QString maxAgeValue;

    // respondRaw(): the header names and the values Django stores, as UTF-8. rawReady is false
    // when a value would raise (the general path then reports it).
    bool rawReady = false;
    QByteArray rawVaryName = QByteArrayLiteral("Vary");
    QByteArray rawContentLength, rawVaryToken, rawAllowOrigin, rawAllowCredentials,
            rawExposeHeaders, rawAllowHeaders, rawAllowMethods, rawMaxAge, rawAllowPrivateNetwork;
    QByteArray rawExposeValue, rawAllowHeadersValue, rawAllowMethodsValue, rawMaxAgeValue;
    bool rawVaryPlain = false, rawExposePlain = false, rawAllowHeadersPlain = false,
         rawAllowMethodsPlain = false, rawMaxAgePlain = false;
    void prepareRaw();
};

void CorsEngine::Compiled::prepareRaw()
{
    auto stored = [](const QString &value, QByteArray *out) {
        QString error;
        const auto v = djangoHeaderValue(value, &error);
        if (v)
            *out = v->toUtf8();
        return v.has_value();
    };
    rawContentLength = names.contentLength.toUtf8();
    rawVaryToken = names.varyToken.toUtf8();
    rawAllowOrigin = names.allowOrigin.toUtf8();
    rawAllowCredentials = names.allowCredentials.toUtf8();
    rawExposeHeaders = names.exposeHeaders.toUtf8();
    rawAllowHeaders = names.allowHeaders.toUtf8();
    rawAllowMethods = names.allowMethods.toUtf8();
    rawMaxAge = names.maxAge.toUtf8();
    rawAllowPrivateNetwork = names.allowPrivateNetwork.toUtf8();
    rawReady = urlsRegexError.isEmpty() && exposeError.isEmpty() && allowHeadersError.isEmpty()
            && allowMethodsError.isEmpty()
            && (!exposeNonEmpty || stored(exposeValue, &rawExposeValue))
            && stored(allowHeadersValue, &rawAllowHeadersValue)
            && stored(allowMethodsValue, &rawAllowMethodsValue)
            && (!maxAgeTruthy || stored(maxAgeValue, &rawMaxAgeValue));
    auto plain = [](const QByteArray &bytes) {
        return std::all_of(bytes.begin(), bytes.end(), [](char c) {
            return uchar(c) >= 0x20 && uchar(c) < 0x7f && c != '"' && c != '\\';
        });
    };
    // The names are constants in printable ASCII; only values from the policy may need escapes.
    rawVaryPlain = plain(rawVaryToken);
    rawExposePlain = plain(rawExposeValue);
    rawAllowHeadersPlain = plain(rawAllowHeadersValue);
    rawAllowMethodsPlain = plain(rawAllowMethodsValue);
    rawMaxAgePlain = plain(rawMaxAgeValue);
}

CorsEngine::Compiled::Compiled(const Policy &p)
    : policy(p)
    , profile(p.profile())
    , names(CorsHeaderNames::forProfile(p.profile()))
    , origins(p)
{
    urlsRegexSource = policy.effectiveSource(SettingId::UrlsRegex);
    urlsRegexValue = policy.effective(SettingId::UrlsRegex);
    if (const auto compiled = compilePythonPattern(urlsRegexValue, &urlsRegexError))
        urlsRegex = *compiled;
    if (urlsRegex.isSupported())
        urlsRegexAnchored = Py::Pcre2Pattern::compile(
                QString(QStringLiteral("(*LIMIT_MATCH=%1)").arg(Py::Regex::MatchLimit)
                        + urlsRegex.pcrePattern()),
                nullptr, true);
    urlsPlain = urlsRegex.plainPrefix();
    urlsRegexQuoted = quoted(urlsRegex.pattern());

    allowAllSource = policy.effectiveSource(SettingId::AllowAllOrigins);
    allowAll = Py::truthy(policy.effective(SettingId::AllowAllOrigins));
    credentials = Py::truthy(policy.effective(SettingId::AllowCredentials));
    privateNetwork = profile == Profile::V4
            && Py::truthy(policy.effective(SettingId::AllowPrivateNetwork));
    replaceReferer = profile == Profile::V3_14
            && Py::truthy(policy.effective(SettingId::ReplaceHttpsReferer));

    const PyValue expose = policy.effective(SettingId::ExposeHeaders);
    if (const auto length = Py::len(expose, &exposeError)) {
        exposeNonEmpty = *length > 0;
        if (exposeNonEmpty) {
            if (const auto joined = Py::join(QStringLiteral(", "), expose, &exposeError))
                exposeValue = *joined;
        }
    }
    if (const auto joined = Py::join(QStringLiteral(", "),
                                     policy.effective(SettingId::AllowHeaders), &allowHeadersError))
        allowHeadersValue = *joined;
    if (const auto joined = Py::join(QStringLiteral(", "),
                                     policy.effective(SettingId::AllowMethods), &allowMethodsError))
        allowMethodsValue = *joined;
    const PyValue maxAge = policy.effective(SettingId::PreflightMaxAge);
    maxAgeTruthy = Py::truthy(maxAge);
    maxAgeValue = Py::str(maxAge);
    prepareRaw();
}

CorsEngine::CorsEngine(const Policy &policy)
    : d(std::make_shared<const Compiled>(policy))
{ }
CorsEngine::~CorsEngine() = default;
CorsEngine::CorsEngine(const CorsEngine &) = default;
CorsEngine &CorsEngine::operator=(const CorsEngine &) = default;

const Policy &CorsEngine::policy() const
{
    return d->policy;
}

namespace {

/** Collects the response and the explanation while the middleware's steps run. */
class Run
{
public:
    Run(EngineResponse &response, bool explain)
        : m_response(response)
        , m_explain(explain)
    {
        if (explain)
            m_response.explanation.reserve(16); // a preflight's steps, without regrowing
    }

    /**
     * Adds an explanation step. The text comes from @p makeText, called only when explaining:
     * translating and formatting it costs more than the rest of a request.
     */
    template<typename MakeText>
    void note(const QString &topic, Verdict verdict, MakeText &&makeText,
              std::optional<SettingId> setting = std::nullopt, int entry = -1)
    {
        if (m_explain) {
            static_assert(std::is_base_of_v<QString, std::invoke_result_t<MakeText>>,
                          "the text must be a QString, not a builder of temporaries");
            m_response.explanation.append({topic, verdict, makeText(), setting, entry});
        }
    }
    bool explaining() const { return m_explain; }

    /**
     * A regex backtracks catastrophically: Python never finishes the request, the worker is
     * stuck until the server's timeout. Shown as a 500 without CORS headers, which is what the
     * browser sees of a gateway timeout too.
     */
    void stuck(const QString &topic, const QString &error, std::optional<SettingId> setting,
               int entry = -1)
    {
        fail(topic, error, setting, entry);
        if (m_explain) {
            m_response.explanation.last().text
                    = tr("%1: Django does not answer; the worker stays busy until the server "
                         "times the request out, and the client sees an error without CORS "
                         "headers.")
                              .arg(error);
        }
    }

    /** Django raised: the exception escapes the middleware and becomes a bare 500. */
    void fail(const QString &topic, const QString &error, std::optional<SettingId> setting,
              int entry = -1)
    {
        m_response.status = 500;
        m_response.shortCircuit = false;
        m_response.error = error;
        m_response.headers.clear();
        m_response.corsHeaders.clear();
        m_response.originAllowed = false;
        note(
                topic, Verdict::Error,
                [&] {
                    return tr("Django raises %1 here; the exception leaves the middleware, so the "
                              "client gets a 500 server error without CORS headers.")
                            .arg(error);
                },
                setting, entry);
    }

    /** `response[name] = value`; false (and a failed run) on BadHeaderError. */
    bool setHeader(const QString &name, const QString &value, const QString &topic,
                   std::optional<SettingId> setting)
    {
        QString error;
        const auto stored = djangoHeaderValue(value, &error);
        if (!stored) {
            fail(topic, error, setting);
            return false;
        }
        m_response.headers.set(name, *stored);
        m_response.corsHeaders.set(name, *stored);
        return true;
    }

private:
    EngineResponse &m_response;
    bool m_explain;
};

} // namespace

EngineResponse CorsEngine::respond(const HttpRequest &request, const EndpointResponse &endpoint,
                                   bool explain) const
{
    const Compiled &c = *d;
    EngineResponse response;
    // Room for every header the middleware may set, so that the lists never grow.
    response.corsHeaders.reserve(8);
    Run run(response, explain);

    const QString method = request.method.toUpper();
    const QString pathInfo = djangoPathInfo(request.path);

    // ---- Request phase -------------------------------------------------------------------
    if (!c.urlsRegexError.isEmpty()) {
        run.fail(QStringLiteral("enabled"), c.urlsRegexError, SettingId::UrlsRegex);
        response.requestPhaseError = true;
        return response;
    }
    bool urlsRegexStuck = false;
    const std::optional<bool> plainMatch
            = c.urlsPlain ? c.urlsPlain->matchPrintable(pathInfo) : std::nullopt;
    const bool urlMatch = plainMatch
            ? *plainMatch
            : c.urlsRegex.matchAtStart(pathInfo, &urlsRegexStuck).value_or(-1) >= 0;
    if (urlsRegexStuck) {
        run.stuck(QStringLiteral("enabled"),
                  catastrophicBacktracking(c.urlsRegex.pattern(), pathInfo), SettingId::UrlsRegex);
        response.requestPhaseError = true;
        return response;
    }
    response.enabled = urlMatch;
    if (run.explaining()) {
        const QString &pattern = c.urlsRegexQuoted;
        if (response.enabled)
            run.note(
                    QStringLiteral("enabled"), Verdict::Pass,
                    [&] {
                        return tr("CORS_URLS_REGEX %1 matches the start of path_info %2: the "
                                  "middleware handles this request.")
                                .arg(pattern, quoted(pathInfo));
                    },
                    SettingId::UrlsRegex);
        else
            run.note(
                    QStringLiteral("enabled"), Verdict::Fail,
                    [&] {
                        return tr("CORS_URLS_REGEX %1 does not match path_info %2 (re.match "
                                  "anchors at the start only): the middleware leaves the response "
                                  "alone, without Vary.")
                                .arg(pattern, quoted(pathInfo));
                    },
                    SettingId::UrlsRegex);
    }

    const std::optional<QString> origin = requestHeader(request, u"Origin");

    if (response.enabled && c.replaceReferer && request.secure && origin && !origin->isEmpty()) {
        // 3.14's CORS_REPLACE_HTTPS_REFERER: parses the Origin without the ValueError guard
        // and checks it against the lists (but not the signal) before the preflight test.
        QString error;
        const auto split = Py::urlsplit(*origin, &error);
        if (!split) {
            run.fail(QStringLiteral("referer"), QStringLiteral("ValueError: ") + error,
                     SettingId::ReplaceHttpsReferer);
            response.requestPhaseError = true;
            return response;
        }
        const OriginDecision decision
                = c.allowAll ? OriginDecision::allowAll() : c.origins.decide(*origin, *split);
        if (!decision.error.isEmpty()) {
            if (decision.stuck)
                run.stuck(QStringLiteral("referer"), decision.error, decision.setting,
                          decision.entry);
            else
                run.fail(QStringLiteral("referer"), decision.error, decision.setting,
                         decision.entry);
            response.requestPhaseError = true;
            return response;
        }
        if (decision.allowed) {
            response.replacesReferer = true;
            const auto referer = requestHeader(request, u"Referer");
            const auto host = requestHeader(request, u"Host");
            if (referer && host)
                run.note(
                        QStringLiteral("referer"), Verdict::Pass,
                        [&] {
                            return tr("CORS_REPLACE_HTTPS_REFERER: for the CSRF check the Referer "
                                      "%1 is replaced by %2 (and restored by "
                                      "CorsPostCsrfMiddleware).")
                                    .arg(quoted(*referer),
                                         quoted(QStringLiteral("https://") + *host + u'/'));
                        },
                        SettingId::ReplaceHttpsReferer);
        }
    }

    const bool hasRequestMethod
            = requestHeader(request, u"Access-Control-Request-Method").has_value();
    if (response.enabled && method == QLatin1String("OPTIONS") && hasRequestMethod) {
        response.shortCircuit = true;
        response.status = 200;
        const QString contentType = QStringLiteral("text/html; charset=utf-8");
        if (c.profile == Profile::V3_14) {
            response.headers.append({QStringLiteral("Content-Type"), contentType});
            response.headers.append({c.names.contentLength, QStringLiteral("0")});
        } else {
            response.headers.append({c.names.contentLength, QStringLiteral("0")});
            response.headers.append({QStringLiteral("Content-Type"), contentType});
        }
        response.corsHeaders.append({c.names.contentLength, QStringLiteral("0")});
        run.note(QStringLiteral("preflight"), Verdict::Pass, [&] {
            return tr("OPTIONS with an Access-Control-Request-Method header is a preflight: the "
                      "middleware answers it itself with 200, an empty body and Content-Length: 0. "
                      "The requested method and headers are never checked.");
        });
    } else {
        response.status = endpoint.status;
        response.headers = endpoint.headers;
        if (run.explaining()) {
            QString why;
            if (!response.enabled)
                why = tr("the URL is not enabled");
            else if (method != QLatin1String("OPTIONS"))
                why = tr("the method is %1, not OPTIONS").arg(method);
            else
                why = tr("there is no Access-Control-Request-Method header");
            run.note(QStringLiteral("preflight"), Verdict::Skip, [&] {
                return tr("Not a preflight (%1): the view answers with status %2.")
                        .arg(why)
                        .arg(endpoint.status);
            });
        }
    }

    // ---- Response phase ------------------------------------------------------------------
    if (!response.enabled)
        return response;
    response.headers.reserve(response.headers.size() + 8);

    const qsizetype varyBefore = response.headers.indexOf(u"Vary");
    patchVaryHeaders(response.headers, c.names.varyToken);
    response.corsHeaders.set(QStringLiteral("Vary"), *response.headers.value(u"Vary"));
    run.note(QStringLiteral("vary"), Verdict::Pass, [&] {
        return varyBefore >= 0 ? tr("%1 merged into the view's Vary header: every response of an "
                                    "enabled URL varies by Origin, allowed or not.")
                                         .arg(c.names.varyToken)
                               : tr("Vary: %1 added: every response of an enabled URL varies by "
                                    "Origin, allowed or not.")
                                         .arg(c.names.varyToken);
    });

    if (!origin || origin->isEmpty()) {
        run.note(QStringLiteral("origin"), Verdict::Skip, [&] {
            return origin
                    ? tr("The Origin header is empty, which counts as absent: no CORS headers.")
                    : tr("No Origin header (same-origin request, curl, a server): no CORS "
                         "headers.");
        });
        return response;
    }

    QString parseError;
    const auto split = Py::urlsplit(*origin, &parseError);
    if (!split) {
        run.note(QStringLiteral("origin"), Verdict::Fail, [&] {
            return tr("The Origin %1 cannot be parsed (urlsplit raises ValueError: %2): no CORS "
                      "headers, even with CORS_ALLOW_ALL_ORIGINS.")
                    .arg(quoted(*origin), parseError);
        });
        return response;
    }

    if (c.profile == Profile::V3_14 && c.credentials) {
        if (!run.setHeader(c.names.allowCredentials, QStringLiteral("true"),
                           QStringLiteral("credentials"), SettingId::AllowCredentials))
            return response;
        run.note(
                QStringLiteral("credentials"), Verdict::Pass,
                [&] {
                    return tr("CORS_ALLOW_CREDENTIALS is true: 3.14 sends "
                              "Access-Control-Allow-Credentials before it checks the origin, so "
                              "refused origins get it too (fixed in 4.3.0).");
                },
                SettingId::AllowCredentials);
    }

    const OriginDecision decision
            = c.allowAll ? OriginDecision::allowAll() : c.origins.decide(*origin, *split);
    if (!decision.error.isEmpty()) {
        if (decision.stuck)
            run.stuck(QStringLiteral("origin"), decision.error, decision.setting, decision.entry);
        else
            run.fail(QStringLiteral("origin"), decision.error, decision.setting, decision.entry);
        return response;
    }
    if (!decision.allowed) {
        if (run.explaining())
            run.note(
                    QStringLiteral("origin"), Verdict::Fail,
                    [&] { return c.origins.refusalText(*origin, *split); }, c.origins.listSource());
        return response;
    }
    response.originAllowed = true;
    if (run.explaining()) {
        if (c.allowAll)
            run.note(
                    QStringLiteral("origin"), Verdict::Pass,
                    [&] {
                        return tr("%1 is true: every parseable origin is allowed.")
                                .arg(settingName(
                                        c.allowAllSource.value_or(SettingId::AllowAllOrigins)));
                    },
                    c.allowAllSource.value_or(SettingId::AllowAllOrigins));
        else
            run.note(
                    QStringLiteral("origin"), Verdict::Pass,
                    [&] { return c.origins.admissionText(*origin, decision); }, decision.setting,
                    decision.entry);
    }

    const bool wildcard = c.allowAll && !c.credentials;
    if (!run.setHeader(c.names.allowOrigin, wildcard ? QStringLiteral("*") : *origin,
                       QStringLiteral("allow-origin"), std::nullopt))
        return response;
    run.note(
            QStringLiteral("allow-origin"), Verdict::Pass,
            [&] {
                return wildcard ? tr("Allow-Origin is * because all origins are allowed and "
                                     "credentials are off.")
                                : tr("Allow-Origin echoes the request's Origin byte for byte (%1).")
                                          .arg(quoted(*origin));
            },
            wildcard ? c.allowAllSource : std::nullopt);

    if (c.profile == Profile::V4 && c.credentials) {
        if (!run.setHeader(c.names.allowCredentials, QStringLiteral("true"),
                           QStringLiteral("credentials"), SettingId::AllowCredentials))
            return response;
        run.note(
                QStringLiteral("credentials"), Verdict::Pass,
                [&] {
                    return tr("CORS_ALLOW_CREDENTIALS is true: Access-Control-Allow-Credentials: "
                              "true.");
                },
                SettingId::AllowCredentials);
    } else if (!c.credentials) {
        run.note(
                QStringLiteral("credentials"), Verdict::Skip,
                [&] {
                    return tr("CORS_ALLOW_CREDENTIALS is off: no Access-Control-Allow-Credentials, "
                              "so browsers refuse credentialed requests.");
                },
                SettingId::AllowCredentials);
    }

    if (!c.exposeError.isEmpty()) {
        run.fail(QStringLiteral("expose-headers"), c.exposeError, SettingId::ExposeHeaders);
        return response;
    }
    if (c.exposeNonEmpty) {
        if (!run.setHeader(c.names.exposeHeaders, c.exposeValue, QStringLiteral("expose-headers"),
                           SettingId::ExposeHeaders))
            return response;
        run.note(
                QStringLiteral("expose-headers"), Verdict::Pass,
                [&] {
                    return tr("CORS_EXPOSE_HEADERS joined with \", \": scripts may read these "
                              "response headers.");
                },
                SettingId::ExposeHeaders);
    } else {
        run.note(
                QStringLiteral("expose-headers"), Verdict::Skip,
                [&] {
                    return tr("CORS_EXPOSE_HEADERS is empty: scripts can read only the "
                              "CORS-safelisted response headers.");
                },
                SettingId::ExposeHeaders);
    }

    if (method == QLatin1String("OPTIONS")) {
        if (!c.allowHeadersError.isEmpty()) {
            run.fail(QStringLiteral("allow-headers"), c.allowHeadersError, SettingId::AllowHeaders);
            return response;
        }
        if (!run.setHeader(c.names.allowHeaders, c.allowHeadersValue,
                           QStringLiteral("allow-headers"), SettingId::AllowHeaders))
            return response;
        run.note(
                QStringLiteral("allow-headers"), Verdict::Pass,
                [&] {
                    return tr("OPTIONS request: CORS_ALLOW_HEADERS is sent as it is (even when "
                              "empty); the browser compares it with the headers it asked for.");
                },
                SettingId::AllowHeaders);
        if (!c.allowMethodsError.isEmpty()) {
            run.fail(QStringLiteral("allow-methods"), c.allowMethodsError, SettingId::AllowMethods);
            return response;
        }
        if (!run.setHeader(c.names.allowMethods, c.allowMethodsValue,
                           QStringLiteral("allow-methods"), SettingId::AllowMethods))
            return response;
        run.note(
                QStringLiteral("allow-methods"), Verdict::Pass,
                [&] {
                    return tr("OPTIONS request: CORS_ALLOW_METHODS is sent as it is; the browser "
                              "compares it with the method it asked for (case-sensitively).");
                },
                SettingId::AllowMethods);
        if (c.maxAgeTruthy) {
            if (!run.setHeader(c.names.maxAge, c.maxAgeValue, QStringLiteral("max-age"),
                               SettingId::PreflightMaxAge))
                return response;
            run.note(
                    QStringLiteral("max-age"), Verdict::Pass,
                    [&] {
                        return tr("CORS_PREFLIGHT_MAX_AGE: the browser may cache this preflight "
                                  "for %1 seconds (Chromium caps it at 7200).")
                                .arg(c.maxAgeValue);
                    },
                    SettingId::PreflightMaxAge);
        } else {
            run.note(
                    QStringLiteral("max-age"), Verdict::Skip,
                    [&] {
                        return tr("CORS_PREFLIGHT_MAX_AGE is falsy (%1): no "
                                  "Access-Control-Max-Age, so browsers cache the preflight for 5 "
                                  "seconds only.")
                                .arg(c.maxAgeValue);
                    },
                    SettingId::PreflightMaxAge);
        }
    } else {
        run.note(QStringLiteral("allow-methods"), Verdict::Skip, [&] {
            return tr("Not an OPTIONS request: no Allow-Headers, Allow-Methods or Max-Age.");
        });
    }

    if (c.privateNetwork) {
        const auto requested = requestHeader(request, u"Access-Control-Request-Private-Network");
        if (requested == QLatin1String("true")) {
            if (!run.setHeader(c.names.allowPrivateNetwork, QStringLiteral("true"),
                               QStringLiteral("private-network"), SettingId::AllowPrivateNetwork))
                return response;
            run.note(
                    QStringLiteral("private-network"), Verdict::Pass,
                    [&] {
                        return tr("The request asks for private network access and "
                                  "CORS_ALLOW_PRIVATE_NETWORK is on: "
                                  "Access-Control-Allow-Private-Network: true.");
                    },
                    SettingId::AllowPrivateNetwork);
        } else {
            run.note(
                    QStringLiteral("private-network"), Verdict::Skip,
                    [&] {
                        return tr("CORS_ALLOW_PRIVATE_NETWORK is on, but the request does not "
                                  "carry Access-Control-Request-Private-Network: true exactly.");
                    },
                    SettingId::AllowPrivateNetwork);
        }
    }
    return response;
}

namespace {

/**
 * Per-thread scratch strings of the byte-level path (the path and the origin widened to UTF-16
 * for PCRE2 and the allow-list index): their capacity is reused, so that a request allocates
 * nothing once the first requests have sized them.
 */
struct RawScratch
{
    QString path;
    QString origin;
    QString key;
};

RawScratch &rawScratch()
{
    thread_local RawScratch scratch;
    return scratch;
}

void widen(QString &out, QLatin1StringView text)
{
    out.resize(text.size());
    char16_t *to = reinterpret_cast<char16_t *>(out.data());
    const char *from = text.data();
    for (qsizetype i = 0; i < text.size(); ++i)
        to[i] = uchar(from[i]);
}

bool isAsciiAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// What each byte may be in a plain origin, one table lookup a byte.
enum OriginByte : uchar { SchemeByte = 1, HostByte = 2, OpenBracket = 4, CloseBracket = 8 };
constexpr std::array<uchar, 256> originByteClasses = [] {
    std::array<uchar, 256> classes {};
    for (int c = 0; c < 256; ++c) {
        const bool alnum
                = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum || c == '+' || c == '-' || c == '.')
            classes[size_t(c)] |= SchemeByte;
        if (alnum || c == '.' || c == '-' || c == ':' || c == '_' || c == '[' || c == ']')
            classes[size_t(c)] |= HostByte;
    }
    classes['['] |= OpenBracket;
    classes[']'] |= CloseBracket;
    return classes;
}();

/**
 * The length of the scheme when @p origin is plainly scheme://host[:port]: then Python's
 * urlsplit() gives that scheme lower-cased and the rest as netloc, and nothing else (no
 * characters it strips, no brackets, '@', path, query or fragment). -2 when it is that but
 * for a '[' without ']' or the reverse, for which urlsplit() raises ValueError ("Invalid IPv6
 * URL"). -1 otherwise.
 */
qsizetype plainOriginScheme(QLatin1StringView origin)
{
    const char *p = origin.data();
    const qsizetype size = origin.size();
    if (size == 0 || !isAsciiAlpha(p[0]))
        return -1;
    qsizetype i = 1;
    while (i < size && (originByteClasses[uchar(p[i])] & SchemeByte))
        ++i;
    if (size - i < 4 || p[i] != ':' || p[i + 1] != '/' || p[i + 2] != '/')
        return -1;
    uchar seen = HostByte;
    for (qsizetype k = i + 3; k < size; ++k) {
        const uchar c = originByteClasses[uchar(p[k])];
        if (!(c & HostByte))
            return -1;
        seen |= c;
    }
    const bool open = seen & OpenBracket;
    const bool close = seen & CloseBracket;
    if (open != close)
        return -2;
    return open ? -1 : i;
}

} // namespace

bool CorsEngine::respondRaw(const RawRequest &request, RawResponse *response) const
{
    const Compiled &c = *d;
    if (!c.rawReady)
        return false;
    RawResponse &out = *response;
    // Only what a new RawResponse says: headers past headerCount are never read, and clearing
    // all ten cost more than the rest of an allowed answer's bookkeeping.
    out.status = 200;
    out.shortCircuit = false;
    out.headerCount = 0;
    auto add = [&out](const QByteArray &name, QByteArrayView value, bool plain = true) {
        out.headers[size_t(out.headerCount++)] = {name, value, plain};
    };
    RawScratch &scratch = rawScratch();

    // path_info: plain ASCII up to '?' is the path itself; escapes take the general path.
    const QLatin1StringView path = request.path;
    qsizetype end = 0;
    while (end < path.size() && path.at(end) != u'?') {
        if (path.at(end) == u'%')
            return false;
        ++end;
    }
    bool enabled = false;
    if (c.urlsPlain) {
        // A raw path is printable ASCII: there is no line break for `.` or `$` to stop at.
        enabled = c.urlsPlain->matchesPrintable(end > 0 ? path.first(end) : QLatin1StringView("/"));
    } else {
        QStringView pathInfo = u"/";
        if (end > 0) {
            widen(scratch.path, path.first(end));
            pathInfo = scratch.path;
        }
        if (c.urlsRegexAnchored) {
            const auto outcome = c.urlsRegexAnchored->matchValid(pathInfo, false).outcome;
            if (outcome == Py::Pcre2Pattern::Outcome::Error)
                return false;
            enabled = outcome == Py::Pcre2Pattern::Outcome::Match;
        } else {
            bool stuck = false;
            enabled = c.urlsRegex.matchAtStart(pathInfo, &stuck).value_or(-1) >= 0;
            if (stuck)
                return false;
        }
    }
    if (!enabled)
        return true; // not enabled: the view's 200, untouched

    const bool hasOrigin = request.origin && !request.origin->isEmpty();
    if (c.replaceReferer && request.secure && hasOrigin)
        return false;
    const bool options = request.method.compare(QLatin1String("OPTIONS"), Qt::CaseInsensitive) == 0;
    if (options && request.hasRequestMethod) {
        out.shortCircuit = true;
        add(c.rawContentLength, "0");
    }
    add(c.rawVaryName, c.rawVaryToken, c.rawVaryPlain);
    if (!hasOrigin)
        return true;

    const QLatin1StringView origin = *request.origin;
    const qsizetype schemeLength = plainOriginScheme(origin);
    if (schemeLength == -2)
        return true; // unparseable: no CORS headers, even with CORS_ALLOW_ALL_ORIGINS
    if (schemeLength < 0)
        return false;
    if (c.profile == Profile::V3_14 && c.credentials)
        add(c.rawAllowCredentials, "true");
    if (!c.allowAll) {
        widen(scratch.origin, origin);
        // OriginLists::indexKey(): scheme (lower-cased, as urlsplit does) '\n' netloc, built
        // in place (widening the origin and removing "//" moved the rest once more).
        scratch.key.resize(origin.size() - 2);
        char16_t *key = reinterpret_cast<char16_t *>(scratch.key.data());
        const char16_t *wide = reinterpret_cast<const char16_t *>(scratch.origin.constData());
        for (qsizetype i = 0; i < schemeLength; ++i)
            key[i] = wide[i] >= u'A' && wide[i] <= u'Z' ? char16_t(wide[i] + (u'a' - u'A'))
                                                        : wide[i];
        key[schemeLength] = u'\n';
        std::copy(wide + schemeLength + 3, wide + origin.size(), key + schemeLength + 1);
        const std::optional<OriginDecision> decision
                = c.origins.quickDecide(scratch.origin, scratch.key);
        if (!decision || !decision->error.isEmpty())
            return false;
        if (!decision->allowed)
            return true;
    }
    if (c.allowAll && !c.credentials)
        add(c.rawAllowOrigin, "*");
    else
        add(c.rawAllowOrigin, QByteArrayView(origin.data(), origin.size()));
    if (c.profile == Profile::V4 && c.credentials)
        add(c.rawAllowCredentials, "true");
    if (c.exposeNonEmpty)
        add(c.rawExposeHeaders, c.rawExposeValue, c.rawExposePlain);
    if (options) {
        add(c.rawAllowHeaders, c.rawAllowHeadersValue, c.rawAllowHeadersPlain);
        add(c.rawAllowMethods, c.rawAllowMethodsValue, c.rawAllowMethodsPlain);
        if (c.maxAgeTruthy)
            add(c.rawMaxAge, c.rawMaxAgeValue, c.rawMaxAgePlain);
    }
    if (c.privateNetwork && request.privateNetwork
        && *request.privateNetwork == QLatin1String("true"))
        add(c.rawAllowPrivateNetwork, "true");
    return true;
}

const OriginLists &CorsEngine::originLists() const
{
    return d->origins;
}

OriginReport CorsEngine::examineOrigin(const QString &origin) const
{
    const Compiled &c = *d;
    OriginReport report;
    report.origin = origin;
    report.entries = c.origins.examine(origin);

    QString parseError;
    const auto split = Py::urlsplit(origin, &parseError);
    if (origin.isEmpty()) {
        report.explanation.append({QStringLiteral("origin"), Verdict::Skip,
                                   tr("An empty Origin counts as absent."), std::nullopt, -1});
    } else if (!split) {
        report.explanation.append(
                {QStringLiteral("origin"), Verdict::Fail,
                 tr("%1 cannot be parsed (ValueError: %2): the middleware adds no CORS headers.")
                         .arg(quoted(origin), parseError),
                 std::nullopt, -1});
    } else {
        const OriginDecision decision
                = c.allowAll ? OriginDecision::allowAll() : c.origins.decide(origin, *split);
        report.allowed = decision.allowed && decision.error.isEmpty();
        report.error = decision.error;
        if (!decision.error.isEmpty())
            report.explanation.append({QStringLiteral("origin"), Verdict::Error, decision.error,
                                       decision.setting, decision.entry});
        else if (c.allowAll)
            report.explanation.append({QStringLiteral("origin"), Verdict::Pass,
                                       tr("All origins are allowed (CORS_ALLOW_ALL_ORIGINS)."),
                                       c.allowAllSource, -1});
        else if (decision.allowed)
            report.explanation.append({QStringLiteral("origin"), Verdict::Pass,
                                       c.origins.admissionText(origin, decision), decision.setting,
                                       decision.entry});
        else
            report.explanation.append({QStringLiteral("origin"), Verdict::Fail,
                                       c.origins.refusalText(origin, *split),
                                       c.origins.listSource(), -1});
    }
    return report;
}

} // namespace Cors
