// SPDX-License-Identifier: MIT
// WebKit's words (Safari): Source/WebCore/loader/CrossOriginAccessControl.cpp
// (passesAccessControlCheck, validatePreflightResponse), CrossOriginPreflightResultCache.cpp
// (the Allow-Methods/-Headers parse and check sentences), ThreadableLoader.cpp ("Fetch API cannot
// load ... due to access control checks."). Facts only; not yet checked against a real WebKit
// (docs/browser-engines.md).
#include "browser/fetchrules.h"
#include "engines/enginefailure.h"
#include "engines/enginewords.h"

namespace Cors {

namespace {

struct Sentence
{
    const char *id;
    /** %1 = origin, %2 = value, %3 = status */
    const char *text;
};

const Sentence sentences[] = {
        {"PreflightNotSuccessful", "Preflight response is not successful. Status code: %3"},
        {"WildcardWithCredentials",
         "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."},
        {"MultipleOrigins", "Access-Control-Allow-Origin cannot contain more than one origin."},
        {"OriginNotAllowed",
         "Origin %1 is not allowed by Access-Control-Allow-Origin. Status code: %3"},
        {"CredentialsNotTrue",
         "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."},
        {"InvalidAllowMethods", "Header Access-Control-Allow-Methods has an invalid value: %2"},
        {"InvalidAllowHeaders", "Header Access-Control-Allow-Headers has an invalid value: %2"},
        {"MethodNotAllowed", "Method %2 is not allowed by Access-Control-Allow-Methods."},
        {"HeaderNotAllowed",
         "Request header field %2 is not allowed by Access-Control-Allow-Headers."},
        {"SchemeNotHttp", "Cross origin requests are only supported for HTTP."},
        {"RedirectWithCredentials",
         "Cross-origin redirection to %2 denied by Cross-Origin Resource Sharing policy: "
         "redirection URL %2 has credentials"},
};

const Sentence *findSentence(const QString &id)
{
    for (const Sentence &s : sentences) {
        if (id == QLatin1String(s.id))
            return &s;
    }
    return nullptr;
}

struct Verdict
{
    QString id;
    QString value;
};

// passesAccessControlCheck
std::optional<Verdict> accessCheck(const FailureContext &c)
{
    const QString allowOrigin
            = Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Origin")
                      .value_or(QString());
    if (allowOrigin == QLatin1String("*") && !c.credentialsInclude)
        return std::nullopt;
    if (allowOrigin != c.requestOrigin) {
        if (allowOrigin == QLatin1String("*"))
            return Verdict {QStringLiteral("WildcardWithCredentials"), QString()};
        if (allowOrigin.contains(u','))
            return Verdict {QStringLiteral("MultipleOrigins"), QString()};
        return Verdict {QStringLiteral("OriginNotAllowed"), QString()};
    }
    if (c.credentialsInclude
        && Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Credentials")
                != QLatin1String("true"))
        return Verdict {QStringLiteral("CredentialsNotTrue"), QString()};
    return std::nullopt;
}

// WebKit's parseAccessControlAllowList: comma-separated HTTP tokens, whitespace trimmed.
bool parsesAsList(const std::optional<QString> &value)
{
    if (!value)
        return true;
    for (const QString &part : value->split(u',')) {
        const QString token = part.trimmed();
        if (!token.isEmpty() && !Fetch::isToken(token))
            return false;
    }
    return true;
}

QStringList listOf(const std::optional<QString> &value)
{
    QStringList out;
    for (const QString &part : value.value_or(QString()).split(u','))
        out.append(part.trimmed());
    return out;
}

// validatePreflightResponse
std::optional<Verdict> preflightCheck(const FailureContext &c)
{
    if (c.failure.error == CorsError::PreflightDisallowedRedirect || c.status < 200
        || c.status > 299)
        return Verdict {QStringLiteral("PreflightNotSuccessful"), QString()};
    if (auto access = accessCheck(c))
        return access;
    const auto methods = Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Methods");
    if (!parsesAsList(methods))
        return Verdict {QStringLiteral("InvalidAllowMethods"), methods.value_or(QString())};
    const auto headers = Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Headers");
    if (!parsesAsList(headers))
        return Verdict {QStringLiteral("InvalidAllowHeaders"), headers.value_or(QString())};
    const QStringList allowedMethods = listOf(methods);
    const bool methodOk = allowedMethods.contains(c.method)
            || (allowedMethods.contains(QStringLiteral("*")) && !c.credentialsInclude)
            || c.method == QLatin1String("GET") || c.method == QLatin1String("HEAD")
            || c.method == QLatin1String("POST");
    if (!methodOk)
        return Verdict {QStringLiteral("MethodNotAllowed"), c.method};
    const QStringList allowedHeaders = listOf(headers);
    const bool wildcard = allowedHeaders.contains(QStringLiteral("*")) && !c.credentialsInclude;
    for (const QString &name : c.unsafeHeaders) {
        const bool listed = allowedHeaders.contains(name, Qt::CaseInsensitive);
        if (!listed && !wildcard)
            return Verdict {QStringLiteral("HeaderNotAllowed"), name};
    }
    return std::nullopt;
}

Verdict fallback(const FailureContext &c)
{
    switch (c.failure.error) {
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
        return {QStringLiteral("WildcardWithCredentials"), QString()};
    case CorsError::MultipleAllowOriginValues:
    case CorsError::PreflightMultipleAllowOriginValues:
        return {QStringLiteral("MultipleOrigins"), QString()};
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        return {QStringLiteral("CredentialsNotTrue"), QString()};
    case CorsError::CorsDisabledScheme:
        return {QStringLiteral("SchemeNotHttp"), QString()};
    case CorsError::PreflightInvalidStatus:
    case CorsError::PreflightDisallowedRedirect:
        return {QStringLiteral("PreflightNotSuccessful"), QString()};
    case CorsError::InvalidAllowMethodsPreflightResponse:
        return {QStringLiteral("InvalidAllowMethods"), c.failure.hint};
    case CorsError::InvalidAllowHeadersPreflightResponse:
        return {QStringLiteral("InvalidAllowHeaders"), c.failure.hint};
    case CorsError::MethodDisallowedByPreflightResponse:
        return {QStringLiteral("MethodNotAllowed"), c.method};
    case CorsError::HeaderDisallowedByPreflightResponse:
        return {QStringLiteral("HeaderNotAllowed"), c.failure.hint};
    case CorsError::RedirectContainsCredentials:
        return {QStringLiteral("RedirectWithCredentials"), c.url};
    default:
        break;
    }
    return {QStringLiteral("OriginNotAllowed"), QString()};
}

} // namespace

QStringList webkitErrors()
{
    QStringList out;
    for (const Sentence &s : sentences)
        out.append(QLatin1String(s.id));
    return out;
}

QString webkitDescription(const QString &error, const MessageFields &fields)
{
    const Sentence *s = findSentence(error);
    if (!s)
        return QString();
    const QString text = QString::fromLatin1(s->text);
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (text.at(i) == u'%' && (next == u'1' || next == u'2' || next == u'3')) {
            out += next == u'1' ? fields.origin : next == u'2' ? fields.parameter : fields.status;
            ++i;
        } else {
            out += text.at(i);
        }
    }
    return out;
}

QStringList webkitConsoleLines(const QString &error, const MessageFields &fields)
{
    const QString description = webkitDescription(error, fields);
    if (description.isEmpty())
        return {};
    const QString api = fields.initiator == RequestInitiator::Fetch
            ? QStringLiteral("Fetch API")
            : QStringLiteral("XMLHttpRequest");
    return {description,
            api + QStringLiteral(" cannot load ") + fields.url
                    + QStringLiteral(" due to access control checks."),
            QStringLiteral("Failed to load resource: ") + description};
}

EngineFailure webkitFailure(const FailureContext &c)
{
    std::optional<Verdict> verdict;
    switch (c.stage) {
    case FailureStage::Request:
        verdict = Verdict {QStringLiteral("SchemeNotHttp"), QString()};
        break;
    case FailureStage::Redirect:
        if (c.failure.error == CorsError::RedirectContainsCredentials)
            verdict = fallback(c);
        else
            verdict = accessCheck(c);
        break;
    case FailureStage::Actual:
        verdict = accessCheck(c);
        break;
    case FailureStage::Preflight:
        verdict = preflightCheck(c);
        break;
    }
    if (!verdict)
        verdict = fallback(c);

    EngineFailure out;
    out.engine = BrowserEngine::Safari;
    out.identifier = verdict->id;
    out.parameter = verdict->value;
    out.documentation = engineErrorDocumentation(BrowserEngine::Safari, out.identifier);
    out.scriptError = engineNetworkError(BrowserEngine::Safari, c.initiator);
    if (c.failure.error == CorsError::DisallowedByMode) {
        // Not modelled: WebKit's wording for a same-origin mode request redirected away.
        out.identifier.clear();
        out.parameter.clear();
        return out;
    }
    MessageFields fields;
    fields.initiator = c.initiator;
    fields.url = c.url;
    fields.origin = c.requestOrigin;
    fields.parameter = verdict->value;
    fields.status = QString::number(c.status);
    out.console = webkitConsoleLines(verdict->id, fields);
    return out;
}

} // namespace Cors
