// SPDX-License-Identifier: MIT
// Firefox's words: dom/locales/en-US/chrome/security/security.properties (the CORS* strings) and
// the order of checks in netwerk/protocol/http/nsCORSListenerProxy.cpp (CheckRequestApproved,
// nsCORSPreflightListener::CheckPreflightRequestApproved). Facts only; see
// docs/browser-engines.md for what was checked against real Firefox ESR.
#include "browser/fetchrules.h"
#include "engines/enginefailure.h"
#include "engines/enginewords.h"

namespace Cors {

namespace {

struct Reason
{
    const char *mdn;      ///< MDN's page name
    const char16_t *text; ///< %1 = URL, %2 = value or status code
    bool quotesValue;
};

const QString blocked = QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy "
                                       "disallows reading the remote resource "
                                       "at ");

// security.properties @ 5f378c92 (keys CORSDidNotSucceed2, CORSMissingAllowOrigin2,
// CORSPreflightDidNotSucceed3 and CORSMissingAllowHeaderFromPreflight2 are the current ones).
const Reason reasons[] = {
        {"CORSDidNotSucceed", u"%1. (Reason: CORS request did not succeed). Status code: %2.",
         false},
        {"CORSRequestNotHttp", u"%1. (Reason: CORS request not http).", false},
        {"CORSExternalRedirectNotAllowed",
         u"%1. (Reason: CORS request external redirect not allowed).", false},
        {"CORSMissingAllowOrigin",
         u"%1. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status "
         u"code: %2.",
         false},
        {"CORSMultipleAllowOriginNotAllowed",
         u"%1. (Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed).",
         false},
        {"CORSAllowOriginNotMatchingOrigin",
         u"%1. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match "
         u"\u2018%2\u2019).",
         true},
        {"CORSNotSupportingCredentials",
         u"\u2018%1\u2019. (Reason: Credential is not supported if the CORS header "
         u"\u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019).",
         false},
        {"CORSMethodNotFound",
         u"%1. (Reason: Did not find method in CORS header "
         u"\u2018Access-Control-Allow-Methods\u2019).",
         false},
        {"CORSMIssingAllowCredentials",
         u"%1. (Reason: expected \u2018true\u2019 in CORS header "
         u"\u2018Access-Control-Allow-Credentials\u2019).",
         false},
        {"CORSPreflightDidNotSucceed",
         u"%1. (Reason: CORS preflight response did not succeed). Status code: %2.", false},
        {"CORSInvalidAllowMethod",
         u"%1. (Reason: invalid token \u2018%2\u2019 in CORS header "
         u"\u2018Access-Control-Allow-Methods\u2019).",
         true},
        {"CORSInvalidAllowHeader",
         u"%1. (Reason: invalid token \u2018%2\u2019 in CORS header "
         u"\u2018Access-Control-Allow-Headers\u2019).",
         true},
        {"CORSMissingAllowHeaderFromPreflight",
         u"%1. (Reason: header \u2018%2\u2019 is not allowed according to header "
         u"\u2018Access-Control-Allow-Headers\u2019 from CORS preflight response).",
         true},
};

const Reason *findReason(const QString &id)
{
    for (const Reason &r : reasons) {
        if (id == QLatin1String(r.mdn))
            return &r;
    }
    return nullptr;
}

QString reasonLine(const Reason &reason, const QString &url, const QString &value)
{
    QString text = QString::fromUtf16(reason.text);
    // One pass, so that a URL containing "%2" is not substituted again.
    QString out = blocked;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'%' && i + 1 < text.size()
            && (text.at(i + 1) == u'1' || text.at(i + 1) == u'2')) {
            out += text.at(i + 1) == u'1' ? url : value;
            ++i;
        } else {
            out += text.at(i);
        }
    }
    return out;
}

struct Verdict
{
    QString reason;
    QString value; ///< quoted value or status
};

int countLines(const HttpHeaders &headers, QStringView name)
{
    int n = 0;
    for (const HttpHeader &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            ++n;
    }
    return n;
}

QString statusText(int status)
{
    return status > 0 ? QString::number(status) : QStringLiteral("(null)");
}

// nsCORSListenerProxy::CheckRequestApproved on one response.
std::optional<Verdict> checkRequestApproved(const FailureContext &c)
{
    if (countLines(c.responseHeaders, u"Access-Control-Allow-Origin") > 1)
        return Verdict {QStringLiteral("CORSMultipleAllowOriginNotAllowed"), QString()};
    const auto allowOrigin
            = Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Origin");
    if (!allowOrigin)
        return Verdict {QStringLiteral("CORSMissingAllowOrigin"), statusText(c.status)};
    if (c.credentialsInclude && *allowOrigin == QLatin1String("*"))
        return Verdict {QStringLiteral("CORSNotSupportingCredentials"), QString()};
    if ((c.credentialsInclude || *allowOrigin != QLatin1String("*"))
        && *allowOrigin != c.requestOrigin)
        return Verdict {QStringLiteral("CORSAllowOriginNotMatchingOrigin"), *allowOrigin};
    if (c.credentialsInclude
        && Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Credentials")
                != QLatin1String("true"))
        return Verdict {QStringLiteral("CORSMIssingAllowCredentials"), QString()};
    return std::nullopt;
}

QStringList tokens(const std::optional<QString> &value)
{
    QStringList out;
    for (const QString &part : value.value_or(QString()).split(u',')) {
        const QString token = part.trimmed();
        if (!token.isEmpty())
            out.append(token);
    }
    return out;
}

// nsCORSPreflightListener::CheckPreflightRequestApproved, after the CORS check.
std::optional<Verdict> checkPreflightApproved(const FailureContext &c)
{
    if (c.status < 200 || c.status > 299)
        return Verdict {QStringLiteral("CORSPreflightDidNotSucceed"), statusText(c.status)};
    bool foundMethod = c.method == QLatin1String("GET") || c.method == QLatin1String("HEAD")
            || c.method == QLatin1String("POST");
    for (const QString &method :
         tokens(Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Methods"))) {
        if (!Fetch::isToken(method))
            return Verdict {QStringLiteral("CORSInvalidAllowMethod"), method};
        if (method == QLatin1String("*") && !c.credentialsInclude)
            foundMethod = true;
        else
            foundMethod |= method == c.method;
    }
    if (!foundMethod)
        return Verdict {QStringLiteral("CORSMethodNotFound"), QString()};
    QStringList allowed;
    bool wildcard = false;
    bool authorizationListed = false;
    for (const QString &header :
         tokens(Fetch::combinedValue(c.responseHeaders, u"Access-Control-Allow-Headers"))) {
        if (!Fetch::isToken(header))
            return Verdict {QStringLiteral("CORSInvalidAllowHeader"), header};
        if (header == QLatin1String("*") && !c.credentialsInclude)
            wildcard = true;
        else
            allowed.append(header.toLower());
        if (header.compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0)
            authorizationListed = true;
    }
    QStringList requested;
    for (const QString &name : c.unsafeHeaders)
        requested.append(name.toLower());
    requested.sort();
    for (const QString &name : requested) {
        const bool authorization = name == QLatin1String("authorization");
        // network.cors_preflight.authorization_covered_by_wildcard is true by default.
        if (wildcard && (!authorization || !authorizationListed))
            continue;
        if (!allowed.contains(name))
            return Verdict {QStringLiteral("CORSMissingAllowHeaderFromPreflight"), name};
    }
    return std::nullopt;
}

// When Firefox's own checks find nothing (the engines disagree on the verdict, which the agreement
// tests have not seen), the reason MDN gives for Chromium's error.
Verdict fallback(const FailureContext &c)
{
    switch (c.failure.error) {
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
        return {QStringLiteral("CORSNotSupportingCredentials"), QString()};
    case CorsError::MissingAllowOriginHeader:
    case CorsError::PreflightMissingAllowOriginHeader:
        return {QStringLiteral("CORSMissingAllowOrigin"), statusText(c.status)};
    case CorsError::MultipleAllowOriginValues:
    case CorsError::PreflightMultipleAllowOriginValues:
    case CorsError::InvalidAllowOriginValue:
    case CorsError::PreflightInvalidAllowOriginValue:
    case CorsError::AllowOriginMismatch:
    case CorsError::PreflightAllowOriginMismatch:
        return {QStringLiteral("CORSAllowOriginNotMatchingOrigin"), c.failure.hint};
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        return {QStringLiteral("CORSMIssingAllowCredentials"), QString()};
    case CorsError::CorsDisabledScheme:
        return {QStringLiteral("CORSRequestNotHttp"), QString()};
    case CorsError::PreflightInvalidStatus:
        return {QStringLiteral("CORSPreflightDidNotSucceed"), statusText(c.status)};
    case CorsError::PreflightDisallowedRedirect:
        return {QStringLiteral("CORSExternalRedirectNotAllowed"), QString()};
    case CorsError::InvalidAllowMethodsPreflightResponse:
        return {QStringLiteral("CORSInvalidAllowMethod"), c.failure.hint};
    case CorsError::InvalidAllowHeadersPreflightResponse:
        return {QStringLiteral("CORSInvalidAllowHeader"), c.failure.hint};
    case CorsError::MethodDisallowedByPreflightResponse:
        return {QStringLiteral("CORSMethodNotFound"), QString()};
    case CorsError::HeaderDisallowedByPreflightResponse:
        return {QStringLiteral("CORSMissingAllowHeaderFromPreflight"), c.failure.hint};
    case CorsError::DisallowedByMode:
    case CorsError::RedirectContainsCredentials:
        break;
    }
    return {QStringLiteral("CORSDidNotSucceed"), statusText(0)};
}

} // namespace

QStringList firefoxReasons()
{
    QStringList out;
    for (const Reason &r : reasons)
        out.append(QLatin1String(r.mdn));
    return out;
}

bool firefoxReasonQuotesValue(const QString &reason)
{
    const Reason *r = findReason(reason);
    return r && r->quotesValue;
}

QStringList firefoxConsoleLines(const QString &reason, const MessageFields &fields, bool preflight)
{
    const Reason *r = findReason(reason);
    if (!r)
        return {};
    QStringList lines
            = {reasonLine(*r, fields.url, r->quotesValue ? fields.parameter : fields.status)};
    if (preflight && reason != QLatin1String("CORSDidNotSucceed"))
        lines.append(reasonLine(*findReason(QStringLiteral("CORSDidNotSucceed")), fields.url,
                                QStringLiteral("(null)")));
    return lines;
}

namespace {

/** Which of Firefox's checks refuses the request, and its parameter. */
Verdict firefoxVerdict(const FailureContext &c)
{
    std::optional<Verdict> verdict;
    switch (c.stage) {
    case FailureStage::Request:
        verdict = Verdict {QStringLiteral("CORSRequestNotHttp"), QString()};
        break;
    case FailureStage::Redirect:
    case FailureStage::Actual:
        verdict = checkRequestApproved(c);
        break;
    case FailureStage::Preflight:
        if (c.failure.error == CorsError::PreflightDisallowedRedirect)
            verdict = Verdict {QStringLiteral("CORSExternalRedirectNotAllowed"), QString()};
        else if (!(verdict = checkRequestApproved(c)))
            verdict = checkPreflightApproved(c);
        break;
    }
    return verdict ? *verdict : fallback(c);
}

/** Firefox logs nothing of its own when a redirect breaks the mode or carries credentials. */
bool firefoxSilent(const FailureContext &c)
{
    return c.failure.error == CorsError::DisallowedByMode
            || c.failure.error == CorsError::RedirectContainsCredentials;
}

} // namespace

QString firefoxReason(const FailureContext &c)
{
    return firefoxSilent(c) ? QString() : firefoxVerdict(c).reason;
}

EngineFailure firefoxFailure(const FailureContext &c)
{
    const Verdict verdict = firefoxVerdict(c);
    const bool preflight = c.stage == FailureStage::Preflight;

    EngineFailure out;
    out.engine = BrowserEngine::Firefox;
    out.identifier = verdict.reason;
    out.parameter = verdict.value;
    out.documentation = engineErrorDocumentation(BrowserEngine::Firefox, verdict.reason);
    out.scriptError = engineNetworkError(BrowserEngine::Firefox, c.initiator);
    if (firefoxSilent(c)) {
        out.identifier.clear();
        out.parameter.clear();
        out.documentation.clear();
        return out;
    }
    MessageFields fields;
    fields.initiator = c.initiator;
    fields.url = c.url;
    fields.origin = c.requestOrigin;
    fields.parameter = verdict.value;
    fields.status = verdict.value;
    out.console = firefoxConsoleLines(verdict.reason, fields, preflight);
    return out;
}

} // namespace Cors
