// SPDX-License-Identifier: MIT
#include "stack/csrfcheck.h"

#include "python/urlsplit.h"
#include "stack/djangohttp.h"

#include <QCoreApplication>

namespace Cors {

namespace {

constexpr qsizetype SecretLength = 32;
constexpr qsizetype TokenLength = 64;

const char *const ReasonNoReferer = "Referer checking failed - no Referer.";
const char *const ReasonBadReferer
        = "Referer checking failed - %1 does not match any trusted origins.";
const char *const ReasonMalformedReferer = "Referer checking failed - Referer is malformed.";
const char *const ReasonInsecureReferer
        = "Referer checking failed - Referer is insecure while host is secure.";
const char *const ReasonNoCookie = "CSRF cookie not set.";
const char *const ReasonBadToken = "CSRF token missing or incorrect.";
const char *const ReasonTokenMissing = "CSRF token missing.";
const char *const ReasonBadOrigin
        = "Origin checking failed - %1 does not match any trusted origins.";

/** A token whose secret is known, or one Django replaced by a random one (matches nothing). */
struct Secret
{
    bool random = false;
    QString value;
};

/** Django 3.2's _sanitize_token, reduced to the secret the token stands for. */
Secret sanitized(const QString &token)
{
    if (!Dj::isCsrfAlphabet(token))
        return {true, {}};
    if (token.size() == TokenLength)
        return {false, Dj::unmaskCsrfToken(token)};
    if (token.size() == SecretLength)
        return {false, token};
    return {true, {}};
}

/** Django 5.2's _check_token_format: empty when well-formed, else the reason's tail. */
QString formatProblem(const QString &token)
{
    if (token.size() != SecretLength && token.size() != TokenLength)
        return QStringLiteral("has incorrect length");
    if (!Dj::isCsrfAlphabet(token))
        return QStringLiteral("has invalid characters");
    return {};
}

QString secretOf(const QString &token)
{
    return token.size() == TokenLength ? Dj::unmaskCsrfToken(token) : token;
}

/** HttpHeaders.parse_header_name("HTTP_X_CSRFTOKEN") == "X-Csrftoken" (str.title()). */
QString headerNameOfMetaKey(const QString &key)
{
    QString name = key.startsWith(QLatin1String("HTTP_")) ? key.mid(5) : key;
    name.replace(u'_', u'-');
    QString titled;
    bool startOfWord = true;
    for (const QChar c : std::as_const(name)) {
        titled.append(startOfWord ? c.toUpper() : c.toLower());
        startOfWord = !c.isLetter();
    }
    return titled;
}

/** SplitResult.geturl(): the Referer reassembled, as Django's message shows it. */
QString refererUrl(const Py::SplitResult &split)
{
    return Dj::urlunsplit(split.scheme, split.netloc, split.path, split.query, split.fragment);
}

CsrfOutcome reject(const QString &reason, const QString &setting = {})
{
    return {CsrfOutcome::Kind::Rejected, reason, setting};
}

CsrfOutcome accept(StackRequest &request)
{
    request.csrfProcessingDone = true;
    return {CsrfOutcome::Kind::Accepted, {}, {}};
}

/** The Referer check both versions make on HTTPS (5.2 only without an Origin header). */
std::optional<CsrfOutcome> checkReferer(StackRequest &request, const QStringList &trustedOrigins)
{
    const StackSettings &s = request.settings();
    const auto referer = request.referer();
    if (!referer)
        return reject(QString::fromLatin1(ReasonNoReferer));
    QString error;
    const auto split = Py::urlsplit(*referer, &error);
    if (!split) {
        if (!request.isDjango5())
            return CsrfOutcome {CsrfOutcome::Kind::Raised, QStringLiteral("ValueError: ") + error,
                                QString()};
        return reject(QString::fromLatin1(ReasonMalformedReferer));
    }
    if (split->scheme.isEmpty() || split->netloc.isEmpty())
        return reject(QString::fromLatin1(ReasonMalformedReferer));
    if (split->scheme != QLatin1String("https"))
        return reject(QString::fromLatin1(ReasonInsecureReferer));
    const QString badReferer = QString::fromLatin1(ReasonBadReferer).arg(refererUrl(*split));

    QStringList goodHosts;
    if (request.isDjango5()) {
        for (const QString &origin : trustedOrigins) {
            const auto parts = Py::urlsplit(origin);
            QString netloc = parts ? parts->netloc : QString();
            while (netloc.startsWith(u'*'))
                netloc.remove(0, 1);
            goodHosts.append(netloc);
        }
        for (const QString &host : std::as_const(goodHosts)) {
            if (Dj::isSameDomain(split->netloc, host))
                return std::nullopt;
        }
        goodHosts.clear();
    } else {
        goodHosts = trustedOrigins;
    }
    std::optional<QString> goodReferer
            = s.csrfUseSessions ? s.sessionCookieDomain : s.csrfCookieDomain;
    if (goodReferer) {
        if (request.port() != QLatin1String("443") && request.port() != QLatin1String("80"))
            *goodReferer += u':' + request.port();
    } else {
        goodReferer = request.host(nullptr);
        if (!goodReferer && request.isDjango5())
            return reject(badReferer, QStringLiteral("ALLOWED_HOSTS"));
    }
    if (goodReferer)
        goodHosts.append(*goodReferer);
    for (const QString &host : std::as_const(goodHosts)) {
        if (Dj::isSameDomain(split->netloc, host))
            return std::nullopt;
    }
    return reject(badReferer, QStringLiteral("CSRF_TRUSTED_ORIGINS"));
}

bool originVerified(StackRequest &request, const QString &origin, const QStringList &trustedOrigins)
{
    if (const auto host = request.host(nullptr)) {
        const QString good
                = (request.isSecure() ? QStringLiteral("https://") : QStringLiteral("http://"))
                + *host;
        if (origin == good)
            return true;
    }
    for (const QString &trusted : trustedOrigins) {
        if (!trusted.contains(u'*') && trusted == origin)
            return true;
    }
    QString error;
    const auto parsed = Py::urlsplit(origin, &error);
    if (!parsed)
        return false;
    for (const QString &trusted : trustedOrigins) {
        if (!trusted.contains(u'*'))
            continue;
        const auto parts = Py::urlsplit(trusted);
        if (!parts || parts->scheme != parsed->scheme)
            continue;
        QString netloc = parts->netloc;
        while (netloc.startsWith(u'*'))
            netloc.remove(0, 1);
        if (Dj::isSameDomain(parsed->netloc, netloc))
            return true;
    }
    return false;
}

/** The CSRF secret as process_view reads it (cookie, or session with CSRF_USE_SESSIONS). */
struct StoredSecret
{
    bool present = false;
    Secret secret;
    QString formatProblem; // 5.2: the cookie is malformed
    QString raised;        // ImproperlyConfigured
};

StoredSecret storedSecret(StackRequest &request)
{
    StoredSecret stored;
    const StackSettings &s = request.settings();
    if (s.csrfUseSessions) {
        if (!request.hasSession) {
            stored.raised = QStringLiteral(
                    "ImproperlyConfigured: CSRF_USE_SESSIONS is enabled, but request.session is "
                    "not set. SessionMiddleware must appear before CsrfViewMiddleware in "
                    "MIDDLEWARE.");
            return stored;
        }
        // The sessions of the identities hold a user, never a CSRF token.
        request.loadSession();
        return stored;
    }
    const auto it = request.cookies().constFind(s.csrfCookieName);
    if (it == request.cookies().cend())
        return stored;
    stored.present = true;
    if (request.isDjango5()) {
        stored.formatProblem = formatProblem(it.value());
        if (stored.formatProblem.isEmpty())
            stored.secret = {false, secretOf(it.value())};
    } else {
        stored.secret = sanitized(it.value());
    }
    return stored;
}

} // namespace

QString csrfProcessRequest(StackRequest &request, bool *needsNewCookie)
{
    const StoredSecret stored = storedSecret(request);
    if (needsNewCookie)
        *needsNewCookie = request.isDjango5() && !stored.formatProblem.isEmpty();
    return stored.raised;
}

CsrfOutcome csrfProcessView(StackRequest &request, const QStringList &trustedOrigins, bool exempt)
{
    if (request.csrfProcessingDone)
        return {};
    if (exempt)
        return {};
    const QString &method = request.method();
    if (method == QLatin1String("GET") || method == QLatin1String("HEAD")
        || method == QLatin1String("OPTIONS") || method == QLatin1String("TRACE"))
        return accept(request);

    if (request.isDjango5()) {
        if (const auto origin = request.meta(QStringLiteral("HTTP_ORIGIN"))) {
            if (!originVerified(request, *origin, trustedOrigins))
                return reject(QString::fromLatin1(ReasonBadOrigin).arg(*origin),
                              QStringLiteral("CSRF_TRUSTED_ORIGINS"));
        } else if (request.isSecure()) {
            if (auto outcome = checkReferer(request, trustedOrigins))
                return *outcome;
        }
    } else if (request.isSecure()) {
        if (auto outcome = checkReferer(request, trustedOrigins))
            return *outcome;
    }

    const StoredSecret stored = storedSecret(request);
    if (!stored.raised.isEmpty())
        return {CsrfOutcome::Kind::Raised, stored.raised, QStringLiteral("CSRF_USE_SESSIONS")};
    const QString headerKey = request.settings().csrfHeaderName;
    const auto header = request.meta(headerKey);
    if (request.isDjango5()) {
        if (!stored.formatProblem.isEmpty())
            return reject(QStringLiteral("CSRF cookie %1.").arg(stored.formatProblem),
                          QStringLiteral("CSRF_COOKIE_NAME"));
        if (!stored.present)
            return reject(QString::fromLatin1(ReasonNoCookie), QStringLiteral("CSRF_COOKIE_NAME"));
        if (!header)
            return reject(QString::fromLatin1(ReasonTokenMissing),
                          QStringLiteral("CSRF_HEADER_NAME"));
        const QString source
                = QStringLiteral("the '%1' HTTP header").arg(headerNameOfMetaKey(headerKey));
        if (const QString problem = formatProblem(*header); !problem.isEmpty())
            return reject(QStringLiteral("CSRF token from %1 %2.").arg(source, problem),
                          QStringLiteral("CSRF_HEADER_NAME"));
        if (secretOf(*header) != stored.secret.value)
            return reject(QStringLiteral("CSRF token from %1 incorrect.").arg(source),
                          QStringLiteral("CSRF_HEADER_NAME"));
        return accept(request);
    }
    if (!stored.present)
        return reject(QString::fromLatin1(ReasonNoCookie), QStringLiteral("CSRF_COOKIE_NAME"));
    const Secret token = sanitized(header.value_or(QString()));
    if (stored.secret.random || token.random || token.value != stored.secret.value)
        return reject(QString::fromLatin1(ReasonBadToken), QStringLiteral("CSRF_HEADER_NAME"));
    return accept(request);
}

} // namespace Cors
