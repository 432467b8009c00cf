// SPDX-License-Identifier: MIT
#include "engines/errorexplainer.h"

#include "engines/enginewords.h"
#include "text/translation.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace Cors {

namespace {

const FormatString &tr(const char *text)
{
    return cachedTranslation("ErrorExplainer", text);
}

// Markers the engines' sentence builders are filled with; printable ASCII, so that Chromium's
// hint encoding leaves them alone.
const QString MarkUrl = QStringLiteral("@@U@@");
const QString MarkFirst = QStringLiteral("@@F@@");
const QString MarkOrigin = QStringLiteral("@@O@@");
const QString MarkValue = QStringLiteral("@@V@@");
const QString MarkStatus = QStringLiteral("@@S@@");

/** What failed, independent of the engine's wording. */
enum class Kind {
    MissingAllowOrigin,
    OriginMismatch,
    OriginNotAllowed,
    MultipleOrigins,
    InvalidOrigin,
    WildcardWithCredentials,
    AllowCredentials,
    PreflightStatus,
    PreflightRedirect,
    InvalidAllowMethods,
    InvalidAllowHeaders,
    MethodNotAllowed,
    HeaderNotAllowed,
    NotHttp,
    DisallowedByMode,
    RedirectWithCredentials,
    NetworkFailure,
    Companion,
    ScriptError,
};

struct Template
{
    BrowserEngine engine = BrowserEngine::Chromium;
    QString identifier;
    Kind kind = Kind::Companion;
    std::optional<FailureStage> stage;
    std::optional<RequestInitiator> initiator;
    bool companion = false;
    bool scriptError = false;
    QString text; ///< normalised, with markers
    QRegularExpression regex;
    QList<QChar> groups;   ///< the marker letter of each capture group, in order
    QStringList fragments; ///< the literal pieces, lower-case
};

QString normaliseLine(QString line)
{
    for (QChar &c : line) {
        switch (c.unicode()) {
        case 0x2018:
        case 0x2019:
        case 0x201a:
        case 0x201b:
        case 0x2032:
            c = u'\'';
            break;
        case 0x201c:
        case 0x201d:
        case 0x201e:
            c = u'"';
            break;
        case 0x00a0:
        case 0x2009:
        case 0x202f:
            c = u' ';
            break;
        default:
            break;
        }
    }
    return line.simplified();
}

QString normalise(const QString &text)
{
    QStringList lines;
    for (const QString &line : text.split(QRegularExpression(QStringLiteral("\r\n|\r|\n")))) {
        const QString n = normaliseLine(line);
        if (!n.isEmpty())
            lines.append(n);
    }
    return lines.join(u'\n');
}

Kind chromiumKind(CorsError e)
{
    switch (e) {
    case CorsError::DisallowedByMode:
        return Kind::DisallowedByMode;
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
        return Kind::WildcardWithCredentials;
    case CorsError::MissingAllowOriginHeader:
    case CorsError::PreflightMissingAllowOriginHeader:
        return Kind::MissingAllowOrigin;
    case CorsError::MultipleAllowOriginValues:
    case CorsError::PreflightMultipleAllowOriginValues:
        return Kind::MultipleOrigins;
    case CorsError::InvalidAllowOriginValue:
    case CorsError::PreflightInvalidAllowOriginValue:
        return Kind::InvalidOrigin;
    case CorsError::AllowOriginMismatch:
    case CorsError::PreflightAllowOriginMismatch:
        return Kind::OriginMismatch;
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        return Kind::AllowCredentials;
    case CorsError::CorsDisabledScheme:
        return Kind::NotHttp;
    case CorsError::PreflightInvalidStatus:
        return Kind::PreflightStatus;
    case CorsError::PreflightDisallowedRedirect:
        return Kind::PreflightRedirect;
    case CorsError::InvalidAllowMethodsPreflightResponse:
        return Kind::InvalidAllowMethods;
    case CorsError::InvalidAllowHeadersPreflightResponse:
        return Kind::InvalidAllowHeaders;
    case CorsError::MethodDisallowedByPreflightResponse:
        return Kind::MethodNotAllowed;
    case CorsError::HeaderDisallowedByPreflightResponse:
        return Kind::HeaderNotAllowed;
    case CorsError::RedirectContainsCredentials:
        return Kind::RedirectWithCredentials;
    }
    return Kind::Companion;
}

std::optional<FailureStage> chromiumStage(CorsError e)
{
    switch (e) {
    case CorsError::DisallowedByMode:
    case CorsError::RedirectContainsCredentials:
        return FailureStage::Redirect;
    case CorsError::CorsDisabledScheme:
        return FailureStage::Request;
    case CorsError::PreflightInvalidStatus:
    case CorsError::PreflightDisallowedRedirect:
    case CorsError::PreflightWildcardOriginNotAllowed:
    case CorsError::PreflightMissingAllowOriginHeader:
    case CorsError::PreflightMultipleAllowOriginValues:
    case CorsError::PreflightInvalidAllowOriginValue:
    case CorsError::PreflightAllowOriginMismatch:
    case CorsError::PreflightInvalidAllowCredentials:
    case CorsError::InvalidAllowMethodsPreflightResponse:
    case CorsError::InvalidAllowHeadersPreflightResponse:
    case CorsError::MethodDisallowedByPreflightResponse:
    case CorsError::HeaderDisallowedByPreflightResponse:
        return FailureStage::Preflight;
    default:
        return FailureStage::Actual;
    }
}

struct EngineKind
{
    const char *identifier;
    Kind kind;
    std::optional<FailureStage> stage;
};

const EngineKind firefoxKinds[] = {
        {"CORSDidNotSucceed", Kind::NetworkFailure, std::nullopt},
        {"CORSRequestNotHttp", Kind::NotHttp, FailureStage::Request},
        {"CORSExternalRedirectNotAllowed", Kind::PreflightRedirect, FailureStage::Preflight},
        {"CORSMissingAllowOrigin", Kind::MissingAllowOrigin, std::nullopt},
        {"CORSMultipleAllowOriginNotAllowed", Kind::MultipleOrigins, std::nullopt},
        {"CORSAllowOriginNotMatchingOrigin", Kind::OriginMismatch, std::nullopt},
        {"CORSNotSupportingCredentials", Kind::WildcardWithCredentials, std::nullopt},
        {"CORSMethodNotFound", Kind::MethodNotAllowed, FailureStage::Preflight},
        {"CORSMIssingAllowCredentials", Kind::AllowCredentials, std::nullopt},
        {"CORSPreflightDidNotSucceed", Kind::PreflightStatus, FailureStage::Preflight},
        {"CORSInvalidAllowMethod", Kind::InvalidAllowMethods, FailureStage::Preflight},
        {"CORSInvalidAllowHeader", Kind::InvalidAllowHeaders, FailureStage::Preflight},
        {"CORSMissingAllowHeaderFromPreflight", Kind::HeaderNotAllowed, FailureStage::Preflight},
};

const EngineKind webkitKinds[] = {
        {"PreflightNotSuccessful", Kind::PreflightStatus, FailureStage::Preflight},
        {"WildcardWithCredentials", Kind::WildcardWithCredentials, std::nullopt},
        {"MultipleOrigins", Kind::MultipleOrigins, std::nullopt},
        {"OriginNotAllowed", Kind::OriginNotAllowed, std::nullopt},
        {"CredentialsNotTrue", Kind::AllowCredentials, std::nullopt},
        {"InvalidAllowMethods", Kind::InvalidAllowMethods, FailureStage::Preflight},
        {"InvalidAllowHeaders", Kind::InvalidAllowHeaders, FailureStage::Preflight},
        {"MethodNotAllowed", Kind::MethodNotAllowed, FailureStage::Preflight},
        {"HeaderNotAllowed", Kind::HeaderNotAllowed, FailureStage::Preflight},
        {"SchemeNotHttp", Kind::NotHttp, FailureStage::Request},
        {"RedirectWithCredentials", Kind::RedirectWithCredentials, FailureStage::Redirect},
};

template<size_t N>
const EngineKind *findKind(const EngineKind (&table)[N], const QString &id)
{
    for (const EngineKind &k : table) {
        if (id == QLatin1String(k.identifier))
            return &k;
    }
    return nullptr;
}

void compile(Template &t)
{
    static const QRegularExpression marker(QStringLiteral("@@([UFOVS])@@"));
    QString pattern;
    qsizetype at = 0;
    auto it = marker.globalMatch(t.text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString literal = t.text.mid(at, m.capturedStart() - at);
        pattern += QRegularExpression::escape(literal);
        if (literal.trimmed().size() >= 6)
            t.fragments.append(literal.trimmed().toLower());
        const QChar kind = m.captured(1).at(0);
        const bool last = m.capturedEnd() == t.text.size();
        if (kind == u'S')
            pattern += QStringLiteral("(\\d{3}|\\(null\\)|0)");
        else if (kind == u'V')
            pattern += last ? QStringLiteral("([^\\n]*)") : QStringLiteral("([^\\n]*?)");
        else
            pattern += last ? QStringLiteral("(\\S+)") : QStringLiteral("(\\S+?)");
        t.groups.append(kind);
        at = m.capturedEnd();
    }
    const QString tail = t.text.mid(at);
    pattern += QRegularExpression::escape(tail);
    if (tail.trimmed().size() >= 6)
        t.fragments.append(tail.trimmed().toLower());
    t.regex = QRegularExpression(pattern);
}

void add(QList<Template> &out, Template t)
{
    t.text = normaliseLine(t.text);
    for (const Template &existing : out) {
        if (existing.engine == t.engine && existing.text == t.text)
            return;
    }
    compile(t);
    out.append(t);
}

QList<Template> buildTemplates()
{
    QList<Template> out;
    // Chromium: cors_error_string.cc through corserror.cpp.
    for (int e = 0; e <= int(CorsError::RedirectContainsCredentials); ++e) {
        const CorsError error = CorsError(e);
        for (RequestInitiator initiator :
             {RequestInitiator::Fetch, RequestInitiator::XmlHttpRequest}) {
            for (bool redirected : {false, true}) {
                Template t;
                t.engine = BrowserEngine::Chromium;
                t.identifier = corsErrorName(error);
                t.kind = chromiumKind(error);
                t.stage = chromiumStage(error);
                t.initiator = initiator;
                t.text = chromiumConsoleMessage(initiator, MarkUrl, MarkOrigin, {error, MarkValue},
                                                redirected ? MarkFirst : QString());
                add(out, t);
            }
        }
    }
    {
        Template t;
        t.engine = BrowserEngine::Chromium;
        t.companion = true;
        t.text = QStringLiteral("Failed to load resource: net::ERR_FAILED");
        add(out, t);
    }
    // Firefox: security.properties through firefoxwords.cpp.
    for (const QString &reason : firefoxReasons()) {
        const EngineKind *k = findKind(firefoxKinds, reason);
        MessageFields fields;
        fields.url = MarkUrl;
        fields.parameter = MarkValue;
        fields.status = MarkStatus;
        Template t;
        t.engine = BrowserEngine::Firefox;
        t.identifier = reason;
        t.kind = k ? k->kind : Kind::Companion;
        t.stage = k ? k->stage : std::nullopt;
        t.companion = reason == QLatin1String("CORSDidNotSucceed");
        t.text = firefoxConsoleLines(reason, fields, false).value(0);
        add(out, t);
    }
    // WebKit: CrossOriginAccessControl.cpp and friends through webkitwords.cpp.
    for (const QString &error : webkitErrors()) {
        const EngineKind *k = findKind(webkitKinds, error);
        for (RequestInitiator initiator :
             {RequestInitiator::Fetch, RequestInitiator::XmlHttpRequest}) {
            MessageFields fields;
            fields.initiator = initiator;
            fields.url = MarkUrl;
            fields.origin = MarkOrigin;
            fields.parameter = MarkValue;
            fields.status = MarkStatus;
            const QStringList lines = webkitConsoleLines(error, fields);
            for (qsizetype i = 0; i < lines.size(); ++i) {
                Template t;
                t.engine = BrowserEngine::Safari;
                t.identifier = i == 1 ? QString() : error;
                t.kind = i == 1 ? Kind::Companion : (k ? k->kind : Kind::Companion);
                t.stage = i == 1 ? std::nullopt : (k ? k->stage : std::nullopt);
                t.initiator = i == 1 ? std::optional<RequestInitiator>(initiator) : std::nullopt;
                t.companion = i != 0;
                t.text = lines.at(i);
                add(out, t);
            }
        }
    }
    // Script errors, without the "TypeError: " that some consoles leave out.
    for (BrowserEngine engine : allBrowserEngines()) {
        Template t;
        t.engine = engine;
        t.scriptError = true;
        t.kind = Kind::ScriptError;
        t.initiator = RequestInitiator::Fetch;
        t.text = engineNetworkError(engine, RequestInitiator::Fetch)
                         .mid(QStringLiteral("TypeError: ").size());
        add(out, t);
    }
    return out;
}

const QList<Template> &templates()
{
    static const QList<Template> all = buildTemplates();
    return all;
}

struct Found
{
    const Template *t;
    qsizetype start;
    qsizetype length;
    RecognisedMessage message;
};

RecognisedMessage messageFrom(const Template &t, const QRegularExpressionMatch &m)
{
    RecognisedMessage r;
    r.engine = t.engine;
    r.identifier = t.identifier;
    r.text = m.captured(0);
    r.companion = t.companion;
    r.scriptError = t.scriptError;
    r.initiator = t.initiator;
    for (qsizetype i = 0; i < t.groups.size(); ++i) {
        const QString value = m.captured(int(i) + 1);
        switch (t.groups.at(i).unicode()) {
        case u'U':
            r.url = value;
            break;
        case u'F':
            r.firstUrl = value;
            break;
        case u'O':
            r.origin = value;
            break;
        case u'V':
            r.parameter = value;
            break;
        case u'S':
            r.status = value;
            break;
        default:
            break;
        }
    }
    return r;
}

QList<Found> findAll(const QString &text)
{
    QList<Found> found;
    for (const Template &t : templates()) {
        auto it = t.regex.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (m.capturedLength(0) == 0)
                continue;
            found.append({&t, m.capturedStart(0), m.capturedLength(0), messageFrom(t, m)});
        }
    }
    std::sort(found.begin(), found.end(), [](const Found &a, const Found &b) {
        if (a.start != b.start)
            return a.start < b.start;
        return a.length > b.length;
    });
    QList<Found> kept;
    qsizetype end = 0;
    for (const Found &f : found) {
        if (f.start < end)
            continue;
        kept.append(f);
        end = f.start + f.length;
    }
    return kept;
}

// Fragments that many templates of an engine share ("' from origin '", "Cross-Origin Request
// Blocked: ...") name the engine, not the error.
bool isGenericFragment(const QString &fragment)
{
    QSet<QString> ids;
    for (const Template &t : templates()) {
        if (t.fragments.contains(fragment) && !t.identifier.isEmpty())
            ids.insert(t.identifier);
        if (ids.size() > 3)
            return true;
    }
    return false;
}

std::optional<Found> partialMatch(const QString &text)
{
    const QString lower = text.toLower();
    const Template *best = nullptr;
    qsizetype bestScore = 0;
    qsizetype bestLength = 0;
    const Template *engineOnly = nullptr;
    qsizetype engineScore = 0;
    for (const Template &t : templates()) {
        if (t.scriptError)
            continue;
        qsizetype score = 0;
        qsizetype generic = 0;
        for (const QString &fragment : t.fragments) {
            const bool inText = lower.contains(fragment);
            const bool textInside = lower.size() >= 16 && fragment.contains(lower);
            if (!inText && !textInside)
                continue;
            const qsizetype gained = inText ? fragment.size() : lower.size();
            if (isGenericFragment(fragment))
                generic += gained;
            else
                score += gained;
        }
        const qsizetype length = t.text.size();
        if (score > bestScore || (score == bestScore && score > 0 && length < bestLength)
            || (score == bestScore && score > 0 && length == bestLength && best && best->companion
                && !t.companion)) {
            best = &t;
            bestScore = score;
            bestLength = length;
        }
        if (generic > engineScore) {
            engineOnly = &t;
            engineScore = generic;
        }
    }
    if (best && bestScore >= 14) {
        Found f {best, 0, text.size(), {}};
        f.message.engine = best->engine;
        f.message.identifier = best->identifier;
        f.message.text = text;
        f.message.partial = true;
        f.message.companion = best->companion;
        f.message.initiator = best->initiator;
        return f;
    }
    if (engineOnly && engineScore >= 14) {
        Found f {engineOnly, 0, text.size(), {}};
        f.message.engine = engineOnly->engine;
        f.message.text = text;
        f.message.partial = true;
        f.message.companion = true;
        return f;
    }
    return std::nullopt;
}

// Values a partial message may still show.
void readValues(const QString &text, RecognisedMessage &m)
{
    static const QRegularExpression chromium(
            QStringLiteral("(?:fetch|XMLHttpRequest) at '(\\S+?)'(?: \\(redirected from "
                           "'(\\S+?)'\\))?(?: from origin '(\\S+?)')?"));
    static const QRegularExpression firefox(
            QStringLiteral("remote resource at '?(\\S+?)'?\\. \\(Reason"));
    static const QRegularExpression webkitOrigin(
            QStringLiteral("Origin (\\S+) is not allowed by Access-Control-Allow-Origin"));
    static const QRegularExpression webkitUrl(QStringLiteral("cannot load (\\S+) due to"));
    if (const auto c = chromium.match(text); c.hasMatch()) {
        m.url = c.captured(1);
        m.firstUrl = c.captured(2);
        m.origin = c.captured(3);
    } else if (const auto f = firefox.match(text); f.hasMatch()) {
        m.url = f.captured(1);
    }
    if (const auto o = webkitOrigin.match(text); o.hasMatch())
        m.origin = o.captured(1);
    if (const auto u = webkitUrl.match(text); u.hasMatch())
        m.url = u.captured(1);
}

Kind kindOf(const RecognisedMessage &m)
{
    for (const Template &t : templates()) {
        if (t.engine == m.engine && t.identifier == m.identifier && !t.identifier.isEmpty())
            return t.kind;
    }
    return m.scriptError ? Kind::ScriptError : Kind::Companion;
}

void describe(Kind kind, ErrorExplanation &e)
{
    switch (kind) {
    case Kind::MissingAllowOrigin:
        e.what = tr("The response carries no Access-Control-Allow-Origin header: the server did "
                    "not allow the page's origin.");
        e.fix = tr("List the page's origin in CORS_ALLOWED_ORIGINS (or match it with "
                   "CORS_ALLOWED_ORIGIN_REGEXES), and check that CorsMiddleware handles this URL "
                   "(CORS_URLS_REGEX) and sits above any middleware that answers first.");
        break;
    case Kind::OriginMismatch:
        e.what = tr("Access-Control-Allow-Origin names another origin than the page's.");
        e.fix = tr("Allow the page's exact origin (scheme, host and port, no trailing slash) in "
                   "CORS_ALLOWED_ORIGINS; do not set the header by hand.");
        break;
    case Kind::OriginNotAllowed:
        e.what = tr("The response's Access-Control-Allow-Origin is missing or names another "
                    "origin than the page's (WebKit words both the same way).");
        e.fix = tr("List the page's exact origin (scheme, host and port, no trailing slash) in "
                   "CORS_ALLOWED_ORIGINS, and check that CorsMiddleware handles this URL "
                   "(CORS_URLS_REGEX).");
        break;
    case Kind::MultipleOrigins:
        e.what = tr("Access-Control-Allow-Origin carries more than one origin (a list, or the "
                    "header sent twice).");
        e.fix = tr("Send exactly one origin: let django-cors-headers echo the allowed origin, "
                   "and remove any other layer (view, proxy) that adds the header too.");
        break;
    case Kind::InvalidOrigin:
        e.what = tr("Access-Control-Allow-Origin is not a valid origin.");
        e.fix = tr("Send the page's origin as scheme://host[:port].");
        break;
    case Kind::WildcardWithCredentials:
        e.what = tr("The response allows any origin (*), but the request carries credentials "
                    "(cookies or HTTP authentication), and * never admits those.");
        e.fix = tr("List the origin (CORS_ALLOWED_ORIGINS) with CORS_ALLOW_CREDENTIALS = True, "
                   "or send the request without credentials.");
        break;
    case Kind::AllowCredentials:
        e.what = tr("The request carries credentials, but Access-Control-Allow-Credentials is "
                    "not \"true\".");
        e.fix = tr("Set CORS_ALLOW_CREDENTIALS = True (and list the origin), or send the request "
                   "without credentials.");
        break;
    case Kind::PreflightStatus:
        e.what = tr("The preflight (OPTIONS) got a status outside 200-299.");
        e.fix = tr("Let CorsMiddleware answer the OPTIONS request (it must run for this URL, "
                   "CORS_URLS_REGEX, above middleware or views that answer it otherwise).");
        break;
    case Kind::PreflightRedirect:
        e.what = tr("The preflight was redirected; browsers never follow a preflight's redirect.");
        e.fix = tr("Call the final URL directly (trailing slash, https, host), so that no "
                   "redirect answers the OPTIONS request.");
        break;
    case Kind::InvalidAllowMethods:
        e.what = tr("The preflight's Access-Control-Allow-Methods is not a list of methods.");
        e.fix = tr("Fix CORS_ALLOW_METHODS: method names only.");
        break;
    case Kind::InvalidAllowHeaders:
        e.what = tr("The preflight's Access-Control-Allow-Headers is not a list of header names.");
        e.fix = tr("Fix CORS_ALLOW_HEADERS: header names only.");
        break;
    case Kind::MethodNotAllowed:
        e.what = tr("The preflight does not allow the request's method.");
        e.fix = tr("Add the method to CORS_ALLOW_METHODS.");
        break;
    case Kind::HeaderNotAllowed:
        e.what = tr("The preflight does not allow a header the script set.");
        e.fix = tr("Add the header to CORS_ALLOW_HEADERS, or stop sending it.");
        break;
    case Kind::NotHttp:
        e.what = tr("The URL's scheme does not support CORS requests (only http and https do).");
        e.fix = tr("Call the API over http or https.");
        break;
    case Kind::DisallowedByMode:
        e.what = tr("A request in \"same-origin\" mode was redirected to another origin.");
        e.fix = tr("Use mode \"cors\", or avoid the cross-origin redirect.");
        break;
    case Kind::RedirectWithCredentials:
        e.what = tr("A redirect's Location contains a user name or password, which CORS "
                    "requests never follow.");
        e.fix = tr("Redirect to a URL without user:password@.");
        break;
    case Kind::NetworkFailure:
        e.what = tr("The request did not complete: no response reached the CORS checks (server "
                    "down or refusing connections, DNS, TLS, mixed content, an extension). After "
                    "another Firefox CORS line it means that line's preflight failed.");
        e.fix = tr("Check that the server answers this URL at all (curl it).");
        break;
    case Kind::ScriptError:
        e.what = tr("The script's error alone does not say why: fetch() rejects the same way for "
                    "every CORS failure and every network error. The console has the reason.");
        e.fix = tr("Paste the console line(s) logged with it.");
        break;
    case Kind::Companion:
        e.what = tr("The engine reports that the load was blocked by its CORS checks; the line "
                    "with the reason is not in the text.");
        e.fix = tr("Paste the console line logged just before it.");
        break;
    }
}

QString displayText(const Template &t)
{
    QString text = t.text;
    text.replace(MarkUrl, QStringLiteral("<url>"));
    text.replace(MarkFirst, QStringLiteral("<first url>"));
    text.replace(MarkOrigin, QStringLiteral("<origin>"));
    text.replace(MarkValue, QStringLiteral("<value>"));
    text.replace(MarkStatus, QStringLiteral("<status>"));
    return text;
}

QSet<QString> trigrams(const QString &text)
{
    QSet<QString> out;
    const QString lower = text.toLower();
    for (qsizetype i = 0; i + 3 <= lower.size(); ++i)
        out.insert(lower.mid(i, 3));
    return out;
}

QStringList closestTemplates(const QString &text)
{
    const QSet<QString> mine = trigrams(text.left(4000));
    QList<QPair<double, QString>> scored;
    for (const Template &t : templates()) {
        if (t.companion && t.identifier.isEmpty())
            continue;
        const QString shown = displayText(t);
        const QSet<QString> theirs = trigrams(shown);
        qsizetype common = 0;
        for (const QString &g : mine) {
            if (theirs.contains(g))
                ++common;
        }
        const qsizetype all = mine.size() + theirs.size() - common;
        scored.append({all > 0 ? double(common) / double(all) : 0.0,
                       QStringLiteral("%1: %2").arg(browserEngineTitle(t.engine), shown)});
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList out;
    for (const auto &s : scored) {
        if (out.size() == 3)
            break;
        if (!out.contains(s.second))
            out.append(s.second);
    }
    return out;
}

} // namespace

QStringList knownMessagePatterns()
{
    QStringList out;
    for (const Template &t : templates())
        out.append(QStringLiteral("%1: %2").arg(browserEngineName(t.engine), displayText(t)));
    return out;
}

ErrorExplanation explainErrorText(const QString &input)
{
    ErrorExplanation e;
    // Bounded work on any input: the engines' messages are short.
    const QString text = normalise(input.left(64 * 1024));
    if (text.isEmpty()) {
        e.closest = closestTemplates(QString());
        return e;
    }
    QList<Found> found = findAll(text);
    if (found.isEmpty() && text.contains(u'\n')) {
        // Consoles wrap long lines; read the text as one line.
        QString joined = text;
        joined.replace(u'\n', u' ');
        found = findAll(joined);
    }
    if (found.isEmpty()) {
        if (auto partial = partialMatch(text)) {
            readValues(text, partial->message);
            found.append(*partial);
        }
    }
    if (found.isEmpty()) {
        e.closest = closestTemplates(text);
        return e;
    }
    e.recognised = true;
    QSet<BrowserEngine> engines;
    for (const Found &f : found) {
        e.messages.append(f.message);
        engines.insert(f.message.engine);
    }
    e.mixedEngines = engines.size() > 1;

    // The main message: the first reason line; else a companion with an identifier; else any.
    const RecognisedMessage *main = nullptr;
    for (const RecognisedMessage &m : e.messages) {
        if (!m.companion && !m.scriptError && !m.identifier.isEmpty()) {
            main = &m;
            break;
        }
    }
    for (qsizetype i = 0; !main && i < e.messages.size(); ++i) {
        if (!e.messages.at(i).identifier.isEmpty())
            main = &e.messages.at(i);
    }
    if (!main)
        main = &e.messages.first();
    e.engine = main->engine;
    e.identifier = main->identifier;
    e.initiator = main->initiator;
    e.parameter = main->parameter;
    e.status = main->status;

    const Kind kind = kindOf(*main);
    for (const Template &t : templates()) {
        if (t.engine == main->engine && t.identifier == main->identifier
            && !main->identifier.isEmpty()) {
            e.stage = t.stage;
            break;
        }
    }
    // Firefox follows a failed preflight's reason with "CORS request did not succeed ... (null)".
    if (main->engine == BrowserEngine::Firefox && !e.stage) {
        for (const RecognisedMessage &m : e.messages) {
            if (&m != main && m.identifier == QLatin1String("CORSDidNotSucceed")
                && m.status == QLatin1String("(null)") && (m.url == main->url || m.partial))
                e.stage = FailureStage::Preflight;
        }
        if (!e.stage && e.messages.size() > 1 && kind != Kind::NetworkFailure)
            e.stage = FailureStage::Actual;
    }
    // A fragment of Chromium's detail without its preflight prefix may come from either.
    if (main->partial && main->engine == BrowserEngine::Chromium && e.stage == FailureStage::Actual
        && !text.contains(QLatin1String("Response to preflight request"))
        && (kind == Kind::MissingAllowOrigin || kind == Kind::OriginMismatch
            || kind == Kind::MultipleOrigins || kind == Kind::InvalidOrigin
            || kind == Kind::WildcardWithCredentials || kind == Kind::AllowCredentials))
        e.stage = std::nullopt;
    describe(kind, e);

    // The request the text implies.
    for (const RecognisedMessage &m : e.messages) {
        if (e.url.isEmpty() && !m.url.isEmpty())
            e.url = m.url;
        if (e.firstUrl.isEmpty() && !m.firstUrl.isEmpty())
            e.firstUrl = m.firstUrl;
        if (e.origin.isEmpty() && !m.origin.isEmpty())
            e.origin = m.origin;
        if (!e.initiator && m.initiator)
            e.initiator = m.initiator;
    }
    if (!main->url.isEmpty())
        e.url = main->url;
    if (kind == Kind::MethodNotAllowed && !main->parameter.isEmpty())
        e.method = main->parameter;
    if (kind == Kind::HeaderNotAllowed && !main->parameter.isEmpty())
        e.requestHeaders.append(main->parameter);
    if (kind == Kind::WildcardWithCredentials || kind == Kind::AllowCredentials)
        e.credentials = QStringLiteral("include");
    return e;
}

} // namespace Cors
