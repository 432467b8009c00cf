// SPDX-License-Identifier: MIT
#include "browser/corserror.h"

#include "browser/fetchrules.h"

#include <QRegularExpression>

#include <array>

namespace Cors {

namespace {

bool isPreflightVariant(CorsError error)
{
    switch (error) {
    case CorsError::PreflightInvalidStatus:
    case CorsError::PreflightDisallowedRedirect:
    case CorsError::PreflightWildcardOriginNotAllowed:
    case CorsError::PreflightMissingAllowOriginHeader:
    case CorsError::PreflightMultipleAllowOriginValues:
    case CorsError::PreflightInvalidAllowOriginValue:
    case CorsError::PreflightAllowOriginMismatch:
    case CorsError::PreflightInvalidAllowCredentials:
        return true;
    default:
        return false;
    }
}

CorsError preflightTwin(CorsError error)
{
    switch (error) {
    case CorsError::WildcardOriginNotAllowed:
        return CorsError::PreflightWildcardOriginNotAllowed;
    case CorsError::MissingAllowOriginHeader:
        return CorsError::PreflightMissingAllowOriginHeader;
    case CorsError::MultipleAllowOriginValues:
        return CorsError::PreflightMultipleAllowOriginValues;
    case CorsError::InvalidAllowOriginValue:
        return CorsError::PreflightInvalidAllowOriginValue;
    case CorsError::AllowOriginMismatch:
        return CorsError::PreflightAllowOriginMismatch;
    case CorsError::InvalidAllowCredentials:
        return CorsError::PreflightInvalidAllowCredentials;
    default:
        return error;
    }
}

// What Chromium's GURL accepts as a valid absolute URL, closely enough to tell
// kInvalidAllowOriginValue from kAllowOriginMismatch.
bool isValidAbsoluteUrl(const QString &text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0)
        return false;
    const QChar first = text.at(0);
    if (!((first >= u'a' && first <= u'z') || (first >= u'A' && first <= u'Z')))
        return false;
    for (qsizetype i = 1; i < colon; ++i) {
        const QChar c = text.at(i);
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
                || (c >= u'0' && c <= u'9') || c == u'+' || c == u'-' || c == u'.';
        if (!ok)
            return false;
    }
    const QString scheme = text.left(colon).toLower();
    const bool special = scheme == QLatin1String("http") || scheme == QLatin1String("https")
            || scheme == QLatin1String("ws") || scheme == QLatin1String("wss")
            || scheme == QLatin1String("ftp");
    if (!special)
        return true;
    QString rest = text.mid(colon + 1);
    while (rest.startsWith(u'/') || rest.startsWith(u'\\'))
        rest.remove(0, 1);
    const qsizetype end = rest.indexOf(QRegularExpression(QStringLiteral("[/\\\\?#]")));
    QString authority = end >= 0 ? rest.left(end) : rest;
    authority = authority.mid(authority.lastIndexOf(u'@') + 1);
    if (authority.startsWith(u'['))
        return authority.contains(u']');
    const QString host = authority.left(authority.indexOf(u':') >= 0 ? authority.indexOf(u':')
                                                                     : authority.size());
    return !host.isEmpty();
}

// Chromium prints the failed parameter with non-printable-ASCII code units as \uXXXX.
QString encodeHint(const QString &hint)
{
    QString out;
    for (QChar c : hint) {
        if (c.unicode() >= 0x20 && c.unicode() <= 0x7e)
            out += c;
        else
            out += QStringLiteral("\\u")
                    + QString::number(c.unicode(), 16).rightJustified(4, u'0').toUpper();
    }
    return out;
}

QString detailText(RequestInitiator initiator, const CorsFailure &failure)
{
    const QString hint = encodeHint(failure.hint);
    const QString fetchSuffix = initiator == RequestInitiator::Fetch
            ? QStringLiteral(" Have the server send the header with a valid value.")
            : QString();
    const QString xhrSuffix = initiator == RequestInitiator::XmlHttpRequest
            ? QStringLiteral(" The credentials mode of requests initiated by the XMLHttpRequest is "
                             "controlled by the withCredentials attribute.")
            : QString();
    switch (failure.error) {
    case CorsError::DisallowedByMode:
        return QStringLiteral("Cross origin requests are not allowed by request mode.");
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
        return QStringLiteral(
                       "The value of the 'Access-Control-Allow-Origin' header in the response "
                       "must not be the wildcard '*' when the request's credentials mode is "
                       "'include'.")
                + xhrSuffix;
    case CorsError::MissingAllowOriginHeader:
    case CorsError::PreflightMissingAllowOriginHeader:
        return QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the requested "
                              "resource.");
    case CorsError::MultipleAllowOriginValues:
    case CorsError::PreflightMultipleAllowOriginValues:
        return QStringLiteral("The 'Access-Control-Allow-Origin' header contains multiple values '")
                + hint + QStringLiteral("', but only one is allowed.") + fetchSuffix;
    case CorsError::InvalidAllowOriginValue:
    case CorsError::PreflightInvalidAllowOriginValue:
        return QStringLiteral(
                       "The 'Access-Control-Allow-Origin' header contains the invalid value '")
                + hint + QStringLiteral("'.") + fetchSuffix;
    case CorsError::AllowOriginMismatch:
    case CorsError::PreflightAllowOriginMismatch:
        return QStringLiteral("The 'Access-Control-Allow-Origin' header has a value '") + hint
                + QStringLiteral("' that is not equal to the supplied origin.") + fetchSuffix;
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        return QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the "
                              "response is '")
                + hint
                + QStringLiteral("' which must be 'true' when the request's credentials mode is "
                                 "'include'.")
                + xhrSuffix;
    case CorsError::CorsDisabledScheme:
        return QStringLiteral(
                "Cross origin requests are only supported for protocol schemes: http, "
                "data, isolated-app, chrome-extension, chrome, https, "
                "chrome-untrusted.");
    case CorsError::PreflightInvalidStatus:
        return QStringLiteral("It does not have HTTP ok status.");
    case CorsError::PreflightDisallowedRedirect:
        return QStringLiteral("Redirect is not allowed for a preflight request.");
    case CorsError::InvalidAllowMethodsPreflightResponse:
        return QStringLiteral("Cannot parse Access-Control-Allow-Methods response header field in "
                              "preflight response.");
    case CorsError::InvalidAllowHeadersPreflightResponse:
        return QStringLiteral("Cannot parse Access-Control-Allow-Headers response header field in "
                              "preflight response.");
    case CorsError::MethodDisallowedByPreflightResponse:
        return QStringLiteral("Method ") + hint
                + QStringLiteral(" is not allowed by Access-Control-Allow-Methods in preflight "
                                 "response.");
    case CorsError::HeaderDisallowedByPreflightResponse:
        return QStringLiteral("Request header field ") + hint
                + QStringLiteral(" is not allowed by Access-Control-Allow-Headers in preflight "
                                 "response.");
    case CorsError::RedirectContainsCredentials:
        return QStringLiteral("Redirect location '' contains a username and password, which is "
                              "disallowed for cross-origin requests.");
    }
    return QString();
}

} // namespace

QString corsErrorName(CorsError error)
{
    static const char *const names[] = {
            "DisallowedByMode",
            "WildcardOriginNotAllowed",
            "MissingAllowOriginHeader",
            "MultipleAllowOriginValues",
            "InvalidAllowOriginValue",
            "AllowOriginMismatch",
            "InvalidAllowCredentials",
            "CorsDisabledScheme",
            "PreflightInvalidStatus",
            "PreflightDisallowedRedirect",
            "PreflightWildcardOriginNotAllowed",
            "PreflightMissingAllowOriginHeader",
            "PreflightMultipleAllowOriginValues",
            "PreflightInvalidAllowOriginValue",
            "PreflightAllowOriginMismatch",
            "PreflightInvalidAllowCredentials",
            "InvalidAllowMethodsPreflightResponse",
            "InvalidAllowHeadersPreflightResponse",
            "MethodDisallowedByPreflightResponse",
            "HeaderDisallowedByPreflightResponse",
            "RedirectContainsCredentials",
    };
    // Converted once: a blocked request's trace and answer name its error several times.
    static const std::array<QString, std::size(names)> converted = [] {
        std::array<QString, std::size(names)> all;
        for (size_t i = 0; i < all.size(); ++i)
            all[i] = QString::fromLatin1(names[i]);
        return all;
    }();
    return converted[size_t(error)];
}

std::optional<CorsFailure> corsCheck(const HttpHeaders &responseHeaders, const QString &origin,
                                     bool credentialsInclude, bool preflight)
{
    auto fail = [&](CorsError error, const QString &hint) -> std::optional<CorsFailure> {
        return CorsFailure {preflight ? preflightTwin(error) : error, hint};
    };
    const auto allowOrigin = Fetch::combinedValue(responseHeaders, u"Access-Control-Allow-Origin");
    if (allowOrigin == QLatin1String("*")) {
        if (!credentialsInclude)
            return std::nullopt;
        return fail(CorsError::WildcardOriginNotAllowed, QString());
    }
    if (!allowOrigin)
        return fail(CorsError::MissingAllowOriginHeader, QString());
    if (*allowOrigin != origin) {
        if (allowOrigin->contains(u' ') || allowOrigin->contains(u','))
            return fail(CorsError::MultipleAllowOriginValues, *allowOrigin);
        if (*allowOrigin != QLatin1String("null") && !isValidAbsoluteUrl(*allowOrigin))
            return fail(CorsError::InvalidAllowOriginValue, *allowOrigin);
        return fail(CorsError::AllowOriginMismatch, *allowOrigin);
    }
    if (credentialsInclude) {
        const auto allowCredentials
                = Fetch::combinedValue(responseHeaders, u"Access-Control-Allow-Credentials");
        if (allowCredentials != QLatin1String("true"))
            return fail(CorsError::InvalidAllowCredentials, allowCredentials.value_or(QString()));
    }
    return std::nullopt;
}

QString chromiumConsoleMessage(RequestInitiator initiator, const QString &url,
                               const QString &origin, const CorsFailure &failure,
                               const QString &redirectedFrom)
{
    const QString kind = initiator == RequestInitiator::Fetch ? QStringLiteral("fetch")
                                                              : QStringLiteral("XMLHttpRequest");
    QString message = QStringLiteral("Access to ") + kind + QStringLiteral(" at '") + url + u'\'';
    if (!redirectedFrom.isEmpty() && redirectedFrom != url)
        message += QStringLiteral(" (redirected from '") + redirectedFrom + QStringLiteral("')");
    message += QStringLiteral(" from origin '") + origin
            + QStringLiteral("' has been blocked by CORS policy: ");
    if (isPreflightVariant(failure.error))
        message += QStringLiteral(
                "Response to preflight request doesn't pass access control check: ");
    return message + detailText(initiator, failure);
}

} // namespace Cors
