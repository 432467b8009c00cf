// SPDX-License-Identifier: MIT
//
// Unit tests of the Django stack model (core/stack) for the rules that differ between
// Django 3.2 (profile 3.14) and Django 5.2 (profile 4.x).
//
// Django 3.2 is also checked against the real thing by tests/stack/run_stack_differential.py;
// Django 5.2 is not installable here, so the 5.2 expectations below come from Django 5.2's
// source (stable/5.2.x: django/middleware/common.py, csrf.py, security.py,
// contrib/sessions/middleware.py, http/request.py) and from ../shared/reference/django-stack.md
// (cited as "ref §n"), never from the model's own output. Where the model and Django 5.2
// disagree, the test is written as Django behaves and marked QEXPECT_FAIL with the reason.

#include "policy/policy.h"
#include "policy/setting.h"
#include "python/pyvalue.h"
#include "server/httpmessage.h"
#include "stack/deployment.h"
#include "stack/djangostack.h"

#include <QTest>

using namespace Cors;

Q_DECLARE_METATYPE(Cors::Profile)
Q_DECLARE_METATYPE(Cors::HttpRequest)
Q_DECLARE_METATYPE(std::optional<QString>)

namespace {

const QString Security = QStringLiteral("django.middleware.security.SecurityMiddleware");
const QString Session = QStringLiteral("django.contrib.sessions.middleware.SessionMiddleware");
const QString Common = QStringLiteral("django.middleware.common.CommonMiddleware");
const QString Csrf = QStringLiteral("django.middleware.csrf.CsrfViewMiddleware");
const QString Auth = QStringLiteral("django.contrib.auth.middleware.AuthenticationMiddleware");
const QString XFrame = QStringLiteral("django.middleware.clickjacking.XFrameOptionsMiddleware");
const QString CorsMw = QStringLiteral("corsheaders.middleware.CorsMiddleware");
const QString CorsPostCsrf = QStringLiteral("corsheaders.middleware.CorsPostCsrfMiddleware");

const QString App = QStringLiteral("https://app.example");
/** A well-formed CSRF secret (32 characters of [A-Za-z0-9]) and another one. */
const QString SecretA = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEF");
const QString SecretB = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef");

Policy policy(Profile profile, const QStringList &trusted = {})
{
    Policy p(profile);
    p.setValue(SettingId::AllowedOrigins, PyValue::strList({App}));
    p.setValue(SettingId::AllowCredentials, PyValue::boolean(true));
    if (!trusted.isEmpty())
        p.setValue(SettingId::CsrfTrustedOrigins, PyValue::strList(trusted));
    return p;
}

Route route(const QString &path, ViewKind view = ViewKind::Ok,
            const std::optional<QStringList> &authentication = std::nullopt,
            const std::optional<QString> &permission = std::nullopt)
{
    Route r;
    r.path = path;
    r.view = view;
    r.authentication = authentication;
    r.permission = permission;
    return r;
}

Deployment deployment(const QStringList &middleware,
                      const QList<Route> &routes
                      = {route(QStringLiteral("api/items/"), ViewKind::Ok)})
{
    Deployment d;
    d.settings.middleware = middleware;
    d.settings.allowedHosts = {QStringLiteral("testserver"), QStringLiteral("api.example")};
    d.routes = routes;
    return d;
}

HttpRequest request(const QString &method, const QString &path, const HttpHeaders &headers = {},
                    bool secure = false)
{
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.headers = headers;
    r.headers.prepend({QStringLiteral("Host"), QStringLiteral("testserver")});
    r.secure = secure;
    return r;
}

HttpRequest preflight(const QString &path)
{
    return request(QStringLiteral("OPTIONS"), path,
                   {{QStringLiteral("Origin"), App},
                    {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("POST")}});
}

StackResponse respond(Profile profile, const Deployment &d, const HttpRequest &r,
                      const QStringList &trusted = {})
{
    return DjangoStack(policy(profile, trusted), d).respond(r);
}

/** The value of the header spelt exactly @p name (case-sensitive), as on the wire. */
std::optional<QString> exactHeader(const StackResponse &r, const QString &name)
{
    std::optional<QString> found;
    for (const HttpHeader &h : r.headers) {
        if (h.name == name)
            found = h.value;
    }
    return found;
}

bool hasCors(const StackResponse &r)
{
    return r.headers.contains(u"Access-Control-Allow-Origin");
}

/** A step of @p layer that names @p setting. */
bool stepNames(const StackResponse &r, const QString &layer, const QString &setting)
{
    for (const StackStep &s : r.steps) {
        if (s.layer == layer && s.setting == setting)
            return true;
    }
    return false;
}

/** The text of every step, for messages that the response itself does not carry. */
QString stepTexts(const StackResponse &r)
{
    QStringList texts;
    for (const StackStep &s : r.steps)
        texts.append(s.text);
    return texts.join(u'\n');
}

/** django.middleware.csrf._mask_cipher_secret with a fixed mask. */
QString masked(const QString &secret, const QString &mask)
{
    static const QString chars
            = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    QString cipher;
    for (qsizetype i = 0; i < secret.size(); ++i)
        cipher += chars.at((chars.indexOf(secret.at(i)) + chars.indexOf(mask.at(i)))
                           % chars.size());
    return mask + cipher;
}

HttpHeaders csrfHeaders(const QString &cookie, const std::optional<QString> &token,
                        const std::optional<QString> &origin = App)
{
    HttpHeaders h;
    if (origin)
        h.append({QStringLiteral("Origin"), *origin});
    if (!cookie.isEmpty())
        h.append({QStringLiteral("Cookie"), QStringLiteral("csrftoken=") + cookie});
    if (token)
        h.append({QStringLiteral("X-CSRFToken"), *token});
    return h;
}

} // namespace

class tst_DjangoStack : public QObject
{
    Q_OBJECT

private slots:
    // Django 5.2 only
    void appendSlashPreflightIsAnsweredByCors();
    void appendSlashActualRequestCommonAboveCors();
    void appendSlashActualRequestCommonBelowCors();
    void appendSlashDebugGuard_data();
    void appendSlashDebugGuard();
    void csrfOriginChecking_data();
    void csrfOriginChecking();
    void csrfRefererOnlyWithoutOrigin_data();
    void csrfRefererOnlyWithoutOrigin();
    void csrfBadRefererNamesGeturl();
    void csrfTokenMessages_data();
    void csrfTokenMessages();
    void csrfMaskedTokenAccepted();
    void csrfMalformedCookieGetsFreshCookie();
    void drfSessionCsrfUsesOriginCheck();
    void proxySslHeaderFirstValue_data();
    void proxySslHeaderFirstValue();
    void cors4LowercaseThroughChain();
    void varyOrder_data();
    void varyOrder();
    void corsPostCsrfIsStartupErrorUnder4x();
    void securityCrossOriginOpenerPolicy();
    void sessionCookieDeletionNamesDomain();
    void authenticationWithoutSession();
    // Django 3.2: ref §8 placement rows (also covered by the differential test)
    void placement32_data();
    void placement32();
};

// ---- APPEND_SLASH ---------------------------------------------------------------------------

// Django 5.2 common.py CommonMiddleware.process_request only redirects for PREPEND_WWW; the
// slash redirect is in process_response, on a 404 (ref §3.2). A preflight answered by a Cors
// layer below Common never is a 404. Django 3.2 redirects in process_request (checked).
void tst_DjangoStack::appendSlashPreflightIsAnsweredByCors()
{
    const Deployment d = deployment({Common, CorsMw});
    const StackResponse five = respond(Profile::V4, d, preflight(QStringLiteral("/api/items")));
    QCOMPARE(five.status, 200);
    QCOMPARE(five.decidedBy, QStringLiteral("CorsMiddleware"));
    QVERIFY(five.corsShortCircuit);
    QCOMPARE(exactHeader(five, QStringLiteral("access-control-allow-origin")), App);
    QVERIFY(!five.headers.contains(u"Location"));

    const StackResponse three = respond(Profile::V3_14, d, preflight(QStringLiteral("/api/items")));
    QCOMPARE(three.status, 301);
    QCOMPARE(three.decidedBy, QStringLiteral("CommonMiddleware"));
    QVERIFY(!hasCors(three));
    QVERIFY(stepNames(three, QStringLiteral("CommonMiddleware"), QStringLiteral("APPEND_SLASH")));
}

// Django 5.2 common.py CommonMiddleware.process_response: `if response.status_code == 404 and
// self.should_redirect_with_slash(request): return self.response_redirect_class(...)` — a new
// 301 replacing the 404 (so Cors's headers on the 404 are lost), returned before the
// Content-Length step (ref §3.2, §3.4: "that 301 has no Content-Length").
void tst_DjangoStack::appendSlashActualRequestCommonAboveCors()
{
    const Deployment d = deployment({Common, CorsMw});
    const StackResponse r = respond(Profile::V4, d,
                                    request(QStringLiteral("GET"), QStringLiteral("/api/items?a=1"),
                                            {{QStringLiteral("Origin"), App}}));
    QCOMPARE(r.status, 301);
    QCOMPARE(r.decidedBy, QStringLiteral("CommonMiddleware"));
    QCOMPARE(r.headers.value(u"Location"), QStringLiteral("/api/items/?a=1"));
    QVERIFY(!hasCors(r));
    QVERIFY(!r.headers.contains(u"Vary"));
    QVERIFY(!r.headers.contains(u"Content-Length"));
    QVERIFY(r.corsApplied); // Cors did decorate the inner 404, which Common then replaced
    QVERIFY(stepNames(r, QStringLiteral("CommonMiddleware"), QStringLiteral("APPEND_SLASH")));
    bool responsePhase = false;
    for (const StackStep &s : r.steps)
        responsePhase = responsePhase
                || (s.setting == QLatin1String("APPEND_SLASH") && s.phase == u"response");
    QVERIFY(responsePhase);
}

// Same rule with Common below Cors: the 301 is made inside, and Cors's response phase adds
// its (cors 4.x lowercase) headers to it (ref §8 row "CommonMiddleware, 5.2", below Cors).
void tst_DjangoStack::appendSlashActualRequestCommonBelowCors()
{
    const Deployment d = deployment({CorsMw, Common});
    const StackResponse r = respond(Profile::V4, d,
                                    request(QStringLiteral("GET"), QStringLiteral("/api/items"),
                                            {{QStringLiteral("Origin"), App}}));
    QCOMPARE(r.status, 301);
    QCOMPARE(r.decidedBy, QStringLiteral("CommonMiddleware"));
    QCOMPARE(r.headers.value(u"Location"), QStringLiteral("/api/items/"));
    QCOMPARE(exactHeader(r, QStringLiteral("access-control-allow-origin")), App);
    QCOMPARE(exactHeader(r, QStringLiteral("Vary")), QStringLiteral("origin"));
    QVERIFY(!r.headers.contains(u"Content-Length"));
}

// Django 5.2 common.py CommonMiddleware.get_full_path_with_slash: under DEBUG, `request.method
// in ("DELETE", "POST", "PUT", "PATCH")` raises RuntimeError; Django 3.2's tuple has no DELETE
// (ref §3.3; checked: DELETE is 301 in 3.2 and 500 in 5.2). The 500 is made in Common's layer,
// so Cors above it still decorates it.
void tst_DjangoStack::appendSlashDebugGuard_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("status");

    QTest::newRow("5.2 DELETE") << Profile::V4 << QStringLiteral("DELETE") << 500;
    QTest::newRow("5.2 POST") << Profile::V4 << QStringLiteral("POST") << 500;
    QTest::newRow("5.2 PATCH") << Profile::V4 << QStringLiteral("PATCH") << 500;
    QTest::newRow("5.2 GET") << Profile::V4 << QStringLiteral("GET") << 301;
    QTest::newRow("3.2 DELETE") << Profile::V3_14 << QStringLiteral("DELETE") << 301;
    QTest::newRow("3.2 PUT") << Profile::V3_14 << QStringLiteral("PUT") << 500;
}

void tst_DjangoStack::appendSlashDebugGuard()
{
    QFETCH(Profile, profile);
    QFETCH(QString, method);
    QFETCH(int, status);
    Deployment d = deployment({CorsMw, Common},
                              {route(QStringLiteral("api/items/"), ViewKind::CsrfExempt)});
    d.settings.debug = true;
    const StackResponse r = respond(
            profile, d,
            request(method, QStringLiteral("/api/items"), {{QStringLiteral("Origin"), App}}));
    QCOMPARE(r.status, status);
    QVERIFY(hasCors(r));
    if (status == 500) {
        QCOMPARE(r.decidedBy, QStringLiteral("CommonMiddleware"));
        QVERIFY2(r.error.startsWith(QStringLiteral("RuntimeError: You called this URL via %1, "
                                                   "but the URL doesn't end in a slash")
                                            .arg(method)),
                 qPrintable(r.error));
        QVERIFY(r.error.contains(u"Change your form to point to testserver/api/items/ (note"));
        QVERIFY(stepNames(r, QStringLiteral("CommonMiddleware"), QStringLiteral("APPEND_SLASH")));
    } else {
        QCOMPARE(r.headers.value(u"Location"), QStringLiteral("/api/items/"));
    }
}

// ---- CSRF -----------------------------------------------------------------------------------

// Django 5.2 csrf.py CsrfViewMiddleware.process_view: `if "HTTP_ORIGIN" in request.META: if not
// self._origin_verified(request): return self._reject(request, REASON_BAD_ORIGIN % ...)`, on
// plain HTTP too. _origin_verified: good origin = ("https" if is_secure() else "http") +
// "://" + get_host(); then `request_origin in self.allowed_origins_exact` (entries without
// "*"); then allowed_origin_subdomains[scheme] (entries with "*": same scheme and
// is_same_domain(netloc, netloc.lstrip("*"))). Ref §4.2 (5.2, checked), §4.3 REASON_BAD_ORIGIN.
// Django 3.2 never reads Origin: the same requests pass on plain HTTP.
void tst_DjangoStack::csrfOriginChecking_data()
{
    QTest::addColumn<QStringList>("trusted");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<bool>("secure");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("no trusted origins") << QStringList() << App << false << false;
    QTest::newRow("exact entry with scheme") << QStringList {App} << App << false << true;
    QTest::newRow("3.2-style entry without scheme")
            << QStringList {QStringLiteral("app.example")} << App << false << false;
    QTest::newRow("entry of another scheme")
            << QStringList {QStringLiteral("http://app.example")} << App << false << false;
    QTest::newRow("https://*.example wildcard")
            << QStringList {QStringLiteral("https://*.example")} << App << false << true;
    QTest::newRow("https://*.example, deeper subdomain")
            << QStringList {QStringLiteral("https://*.example")}
            << QStringLiteral("https://a.b.example") << false << true;
    QTest::newRow("http://*.example for an https origin")
            << QStringList {QStringLiteral("http://*.example")} << App << false << false;
    // is_same_domain("*.example", ".example") holds: a literal "*" host is a "subdomain".
    QTest::newRow("a '*' host is a subdomain of the wildcard")
            << QStringList {QStringLiteral("https://*.example")}
            << QStringLiteral("https://*.example") << false << true;
    QTest::newRow("good host over http")
            << QStringList() << QStringLiteral("http://testserver") << false << true;
    QTest::newRow("good host, wrong scheme over http")
            << QStringList() << QStringLiteral("https://testserver") << false << false;
    QTest::newRow("good host over https")
            << QStringList() << QStringLiteral("https://testserver") << true << true;
    QTest::newRow("null origin") << QStringList() << QStringLiteral("null") << false << false;
}

void tst_DjangoStack::csrfOriginChecking()
{
    QFETCH(QStringList, trusted);
    QFETCH(QString, origin);
    QFETCH(bool, secure);
    QFETCH(bool, accepted);
    const Deployment d = deployment({CorsMw, Csrf});
    HttpRequest r = request(QStringLiteral("POST"), QStringLiteral("/api/items/"),
                            csrfHeaders(SecretA, SecretA, origin), secure);
    if (secure) // the Referer must not be what decides
        r.headers.append({QStringLiteral("Referer"), QStringLiteral("https://evil.invalid/")});
    const StackResponse five = respond(Profile::V4, d, r, trusted);
    if (accepted) {
        QCOMPARE(five.status, 200);
        QCOMPARE(five.decidedBy, QStringLiteral("view"));
    } else {
        QCOMPARE(five.status, 403);
        QCOMPARE(five.decidedBy, QStringLiteral("CsrfViewMiddleware"));
        QCOMPARE(five.headers.value(u"Content-Type"), QStringLiteral("text/html; charset=utf-8"));
        QVERIFY(stepNames(five, QStringLiteral("CsrfViewMiddleware"),
                          QStringLiteral("CSRF_TRUSTED_ORIGINS")));
        QVERIFY2(stepTexts(five).contains(
                         QStringLiteral("Origin checking failed - %1 does not match any trusted "
                                        "origins.")
                                 .arg(origin)),
                 qPrintable(stepTexts(five)));
        // Made at process_view (innermost): Cors above Csrf still decorates the 403 (ref §4.1).
        if (origin == App)
            QCOMPARE(exactHeader(five, QStringLiteral("access-control-allow-origin")), App);
    }
    if (!secure) {
        // Django 3.2 CsrfViewMiddleware.process_view: the Referer check is inside
        // `if request.is_secure():` and Origin is never read (ref §4.2, 3.2).
        const StackResponse three = respond(Profile::V3_14, d, r, trusted);
        QCOMPARE(three.status, 200);
    }
}

// Django 5.2 csrf.py process_view: `elif request.is_secure(): ... self._check_referer(request)`
// — only when there is no Origin header. _check_referer tests the netlocs of
// CSRF_TRUSTED_ORIGINS (csrf_trusted_origins_hosts: urlsplit(origin).netloc.lstrip("*")),
// then the cookie domain or get_host() (ref §4.2, 5.2 item 2; §4.3 reasons).
void tst_DjangoStack::csrfRefererOnlyWithoutOrigin_data()
{
    QTest::addColumn<std::optional<QString>>("origin");
    QTest::addColumn<std::optional<QString>>("referer");
    QTest::addColumn<QStringList>("trusted");
    QTest::addColumn<QString>("reason"); // empty: accepted

    using Opt = std::optional<QString>;
    const QStringList trusted {App};
    QTest::newRow("Origin trusted, no Referer: not checked") << Opt(App) << Opt() << trusted << "";
    QTest::newRow("Origin trusted, bad Referer: not checked")
            << Opt(App) << Opt(QStringLiteral("https://evil.example/p")) << trusted << "";
    QTest::newRow("no Origin, no Referer")
            << Opt() << Opt() << trusted << "Referer checking failed - no Referer.";
    QTest::newRow("no Origin, trusted Referer")
            << Opt() << Opt(QStringLiteral("https://app.example/page")) << trusted << "";
    QTest::newRow("no Origin, Referer of a *.example entry")
            << Opt() << Opt(QStringLiteral("https://a.example/page"))
            << QStringList {QStringLiteral("https://*.example")} << "";
    QTest::newRow("no Origin, own host")
            << Opt() << Opt(QStringLiteral("https://testserver/x")) << QStringList() << "";
    QTest::newRow("no Origin, insecure Referer")
            << Opt() << Opt(QStringLiteral("http://app.example/page")) << trusted
            << "Referer checking failed - Referer is insecure while host is secure.";
    QTest::newRow("no Origin, malformed Referer")
            << Opt() << Opt(QStringLiteral("app.example/page")) << trusted
            << "Referer checking failed - Referer is malformed.";
    QTest::newRow("no Origin, untrusted Referer")
            << Opt() << Opt(QStringLiteral("https://evil.example/p")) << trusted
            << "Referer checking failed - https://evil.example/p does not match any trusted "
               "origins.";
}

void tst_DjangoStack::csrfRefererOnlyWithoutOrigin()
{
    QFETCH(std::optional<QString>, origin);
    QFETCH(std::optional<QString>, referer);
    QFETCH(QStringList, trusted);
    QFETCH(QString, reason);
    HttpHeaders headers = csrfHeaders(SecretA, SecretA, origin);
    if (referer)
        headers.append({QStringLiteral("Referer"), *referer});
    const StackResponse r = respond(
            Profile::V4, deployment({CorsMw, Csrf}),
            request(QStringLiteral("POST"), QStringLiteral("/api/items/"), headers, true), trusted);
    if (reason.isEmpty()) {
        QCOMPARE(r.status, 200);
    } else {
        QCOMPARE(r.status, 403);
        QVERIFY2(stepTexts(r).contains(reason), qPrintable(stepTexts(r)));
    }
}

// Django 5.2 csrf.py _check_referer (and Django 3.2's process_view alike): the rejection is
// `REASON_BAD_REFERER % referer.geturl()`, the *reassembled* urlsplit result, not the header as
// sent: urlunsplit drops an empty query and fragment ("?", "#") and the scheme is lower-cased
// by urlsplit.
void tst_DjangoStack::csrfBadRefererNamesGeturl()
{
    HttpHeaders headers = csrfHeaders(SecretA, SecretA, std::nullopt);
    headers.append({QStringLiteral("Referer"), QStringLiteral("HTTPS://evil.example/p?#")});
    const StackResponse r = respond(
            Profile::V4, deployment({CorsMw, Csrf}),
            request(QStringLiteral("POST"), QStringLiteral("/api/items/"), headers, true), {App});
    QCOMPARE(r.status, 403);
    QVERIFY2(stepTexts(r).contains(QStringLiteral("Referer checking failed - "
                                                  "https://evil.example/p does not match any "
                                                  "trusted origins.")),
             qPrintable(stepTexts(r)));
}

// Django 5.2 csrf.py CsrfViewMiddleware._check_token: cookie format (InvalidTokenFormat →
// "CSRF cookie %s."), then REASON_NO_CSRF_COOKIE, then the header (KeyError →
// REASON_CSRF_TOKEN_MISSING), then _check_token_format and _does_token_match with messages
// from _bad_token_message naming HttpHeaders.parse_header_name(CSRF_HEADER_NAME) (ref §4.2,
// 5.2 items 3–5; §4.3). Django 3.2 says "CSRF token missing or incorrect." for all token
// problems.
void tst_DjangoStack::csrfTokenMessages_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QString>("cookie");
    QTest::addColumn<std::optional<QString>>("token");
    QTest::addColumn<QString>("headerName"); // CSRF_HEADER_NAME; empty: the default
    QTest::addColumn<QString>("reason");

    using Opt = std::optional<QString>;
    const Profile v4 = Profile::V4;
    QTest::newRow("5.2 token missing")
            << v4 << SecretA << Opt() << QString() << QStringLiteral("CSRF token missing.");
    QTest::newRow("5.2 token incorrect length")
            << v4 << SecretA << Opt(QStringLiteral("abc")) << QString()
            << QStringLiteral("CSRF token from the 'X-Csrftoken' HTTP header has incorrect "
                              "length.");
    QTest::newRow("5.2 empty token: incorrect length")
            << v4 << SecretA << Opt(QString()) << QString()
            << QStringLiteral("CSRF token from the 'X-Csrftoken' HTTP header has incorrect "
                              "length.");
    QTest::newRow("5.2 token invalid characters")
            << v4 << SecretA << Opt(QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDE-")) << QString()
            << QStringLiteral("CSRF token from the 'X-Csrftoken' HTTP header has invalid "
                              "characters.");
    QTest::newRow("5.2 token incorrect")
            << v4 << SecretA << Opt(SecretB) << QString()
            << QStringLiteral("CSRF token from the 'X-Csrftoken' HTTP header incorrect.");
    QTest::newRow("5.2 custom header name")
            << v4 << SecretA << Opt(SecretB) << QStringLiteral("HTTP_X_XSRF_TOKEN")
            << QStringLiteral("CSRF token from the 'X-Xsrf-Token' HTTP header incorrect.");
    QTest::newRow("5.2 no cookie") << v4 << QString() << Opt(SecretA) << QString()
                                   << QStringLiteral("CSRF cookie not set.");
    QTest::newRow("5.2 cookie incorrect length")
            << v4 << QStringLiteral("short") << Opt(SecretA) << QString()
            << QStringLiteral("CSRF cookie has incorrect length.");
    QTest::newRow("5.2 cookie invalid characters")
            << v4 << QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDE!") << Opt(SecretA) << QString()
            << QStringLiteral("CSRF cookie has invalid characters.");
    QTest::newRow("3.2 token missing") << Profile::V3_14 << SecretA << Opt() << QString()
                                       << QStringLiteral("CSRF token missing or incorrect.");
    QTest::newRow("3.2 token incorrect") << Profile::V3_14 << SecretA << Opt(SecretB) << QString()
                                         << QStringLiteral("CSRF token missing or incorrect.");
}

void tst_DjangoStack::csrfTokenMessages()
{
    QFETCH(Profile, profile);
    QFETCH(QString, cookie);
    QFETCH(std::optional<QString>, token);
    QFETCH(QString, headerName);
    QFETCH(QString, reason);
    Deployment d = deployment({CorsMw, Csrf});
    HttpHeaders headers = csrfHeaders(cookie, std::nullopt, std::nullopt);
    if (!headerName.isEmpty()) {
        d.settings.csrfHeaderName = headerName;
        if (token)
            headers.append({QStringLiteral("X-XSRF-Token"), *token});
    } else if (token) {
        headers.append({QStringLiteral("X-CSRFToken"), *token});
    }
    // No Origin and plain HTTP: neither the Origin nor the Referer check runs.
    const StackResponse r = respond(
            profile, d, request(QStringLiteral("PUT"), QStringLiteral("/api/items/"), headers));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.decidedBy, QStringLiteral("CsrfViewMiddleware"));
    QVERIFY2(stepTexts(r).contains(reason), qPrintable(stepTexts(r)));
}

// Django 5.2 csrf.py _does_token_match: a 64-character request token is unmasked
// (_unmask_cipher_token) and compared with the 32-character secret (ref §4.2 "Lengths").
void tst_DjangoStack::csrfMaskedTokenAccepted()
{
    const QString token = masked(SecretA, SecretB);
    QCOMPARE(token.size(), 64);
    const StackResponse ok = respond(Profile::V4, deployment({CorsMw, Csrf}),
                                     request(QStringLiteral("POST"), QStringLiteral("/api/items/"),
                                             csrfHeaders(SecretA, token, std::nullopt)));
    QCOMPARE(ok.status, 200);
    const StackResponse wrong
            = respond(Profile::V4, deployment({CorsMw, Csrf}),
                      request(QStringLiteral("POST"), QStringLiteral("/api/items/"),
                              csrfHeaders(SecretB, token, std::nullopt)));
    QCOMPARE(wrong.status, 403);
}

// Django 5.2 csrf.py CsrfViewMiddleware.process_request: `except InvalidTokenFormat:
// _add_new_csrf_cookie(request)` sets CSRF_COOKIE_NEEDS_UPDATE; process_response then calls
// _set_csrf_cookie, which sets the cookie and patch_vary_headers(response, ("Cookie",)) — on
// any method, the 403 included (ref §4.2 item 3, checked). Django 3.2 sanitises silently and
// only resets the cookie when a token was used.
void tst_DjangoStack::csrfMalformedCookieGetsFreshCookie()
{
    const HttpHeaders headers {{QStringLiteral("Origin"), App},
                               {QStringLiteral("Cookie"), QStringLiteral("csrftoken=bad!")}};
    // Cors above Csrf: Csrf's Vary: Cookie comes first, Cors's origin after (ref §5.6).
    StackResponse r
            = respond(Profile::V4, deployment({CorsMw, Csrf}),
                      request(QStringLiteral("GET"), QStringLiteral("/api/items/"), headers));
    QCOMPARE(r.status, 200);
    QCOMPARE(exactHeader(r, QStringLiteral("Vary")), QStringLiteral("Cookie, origin"));
    QVERIFY(r.headers.value(u"Set-Cookie").value_or(QString()).startsWith(u"csrftoken="));
    QVERIFY(stepNames(r, QStringLiteral("CsrfViewMiddleware"), QStringLiteral("CSRF_COOKIE_NAME")));
    // _set_csrf_cookie passes max_age=CSRF_COOKIE_AGE (default 60 * 60 * 24 * 7 * 52), so the
    // Morsel has expires=... and Max-Age=31449600 before Path (the value itself is random).
    QVERIFY(r.headers.value(u"Set-Cookie")
                    .value_or(QString())
                    .contains(u"; Max-Age=31449600; Path=/"));

    // Csrf above Cors: the other order.
    r = respond(Profile::V4, deployment({Csrf, CorsMw}),
                request(QStringLiteral("GET"), QStringLiteral("/api/items/"), headers));
    QCOMPARE(exactHeader(r, QStringLiteral("Vary")), QStringLiteral("origin, Cookie"));

    // The rejected POST carries the fresh cookie too.
    r = respond(Profile::V4, deployment({CorsMw, Csrf}),
                request(QStringLiteral("POST"), QStringLiteral("/api/items/"),
                        csrfHeaders(QStringLiteral("bad!"), SecretA, std::nullopt)));
    QCOMPARE(r.status, 403);
    QVERIFY(r.headers.value(u"Set-Cookie").value_or(QString()).startsWith(u"csrftoken="));
    QCOMPARE(r.headers.value(u"Vary"), QStringLiteral("Cookie, origin"));

    // Django 3.2: no fresh cookie for a GET that never asked for a token.
    r = respond(Profile::V3_14, deployment({CorsMw, Csrf}),
                request(QStringLiteral("GET"), QStringLiteral("/api/items/"), headers));
    QVERIFY(!r.headers.contains(u"Set-Cookie"));
    QCOMPARE(r.headers.value(u"Vary"), QStringLiteral("Origin"));
}

// DRF's SessionAuthentication.enforce_csrf runs CSRFCheck (a CsrfViewMiddleware subclass), so
// Django 5.2's Origin check applies to a logged-in user's unsafe request even with a valid
// token: 403 {"detail": "CSRF Failed: Origin checking failed - ..."} (ref §6, checked).
void tst_DjangoStack::drfSessionCsrfUsesOriginCheck()
{
    Deployment d = deployment({CorsMw, Session, Auth},
                              {route(QStringLiteral("api/items/"), ViewKind::Drf)});
    d.identities.sessions = {QStringLiteral("session-of-alice")};
    HttpHeaders headers {{QStringLiteral("Origin"), App},
                         {QStringLiteral("Cookie"),
                          QStringLiteral("sessionid=session-of-alice; csrftoken=") + SecretA},
                         {QStringLiteral("X-CSRFToken"), SecretA}};
    const HttpRequest post
            = request(QStringLiteral("POST"), QStringLiteral("/api/items/"), headers);
    StackResponse r = respond(Profile::V4, d, post);
    QCOMPARE(r.status, 403);
    QCOMPARE(exactHeader(r, QStringLiteral("access-control-allow-origin")), App);
    QVERIFY2(stepTexts(r).contains(QStringLiteral("CSRF Failed: Origin checking failed - "
                                                  "https://app.example does not match any "
                                                  "trusted origins.")),
             qPrintable(stepTexts(r)));
    r = respond(Profile::V4, d, post, {App});
    QCOMPARE(r.status, 200);
    // Django 3.2 on plain HTTP: no Origin check, the token is enough.
    r = respond(Profile::V3_14, d, post);
    QCOMPARE(r.status, 200);
}

// Django 5.2 http/request.py HttpRequest.scheme: `header_value, *_ = header_value.split(",",
// 1); return "https" if header_value.strip() == secure_value else "http"`; Django 3.2 compares
// the whole value (ref §2.1, checked). Seen through SecurityMiddleware.process_request's
// SECURE_SSL_REDIRECT.
void tst_DjangoStack::proxySslHeaderFirstValue_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QString>("forwarded");
    QTest::addColumn<int>("status");

    QTest::newRow("5.2 https, http") << Profile::V4 << QStringLiteral("https, http") << 200;
    QTest::newRow("5.2 https") << Profile::V4 << QStringLiteral("https") << 200;
    QTest::newRow("5.2 ' https ,x'") << Profile::V4 << QStringLiteral(" https ,x") << 200;
    QTest::newRow("5.2 http, https") << Profile::V4 << QStringLiteral("http, https") << 301;
    QTest::newRow("3.2 https, http") << Profile::V3_14 << QStringLiteral("https, http") << 301;
    QTest::newRow("3.2 https") << Profile::V3_14 << QStringLiteral("https") << 200;
}

void tst_DjangoStack::proxySslHeaderFirstValue()
{
    QFETCH(Profile, profile);
    QFETCH(QString, forwarded);
    QFETCH(int, status);
    Deployment d = deployment({Security, CorsMw});
    d.settings.secureSslRedirect = true;
    d.settings.secureProxySslHeader
            = std::pair {QStringLiteral("HTTP_X_FORWARDED_PROTO"), QStringLiteral("https")};
    const StackResponse r = respond(profile, d,
                                    request(QStringLiteral("GET"), QStringLiteral("/api/items/"),
                                            {{QStringLiteral("Origin"), App},
                                             {QStringLiteral("X-Forwarded-Proto"), forwarded}}));
    QCOMPARE(r.status, status);
    if (status == 301) {
        QCOMPARE(r.decidedBy, QStringLiteral("SecurityMiddleware"));
        QCOMPARE(r.headers.value(u"Location"), QStringLiteral("https://testserver/api/items/"));
        QVERIFY(!hasCors(r));
        QVERIFY(stepNames(r, QStringLiteral("SecurityMiddleware"),
                          QStringLiteral("SECURE_SSL_REDIRECT")));
    }
}

// cors 4.x (ref §7.4): CORS header names are lowercase on the wire, the Vary token is
// "origin" and the preflight's length header is "content-length: 0"; Common above Cors finds
// it case-insensitively and does not add a second one (ref §3.4).
void tst_DjangoStack::cors4LowercaseThroughChain()
{
    const Deployment d = deployment({Security, Common, CorsMw});
    StackResponse r = respond(Profile::V4, d, preflight(QStringLiteral("/api/items/")));
    QCOMPARE(r.status, 200);
    QCOMPARE(exactHeader(r, QStringLiteral("access-control-allow-origin")), App);
    QCOMPARE(exactHeader(r, QStringLiteral("access-control-allow-credentials")),
             QStringLiteral("true"));
    QVERIFY(exactHeader(r, QStringLiteral("access-control-allow-methods")).has_value());
    QCOMPARE(exactHeader(r, QStringLiteral("Vary")), QStringLiteral("origin"));
    QCOMPARE(exactHeader(r, QStringLiteral("content-length")), QStringLiteral("0"));
    qsizetype lengths = 0;
    for (const HttpHeader &h : r.headers)
        lengths += h.name.compare(u"Content-Length", Qt::CaseInsensitive) == 0 ? 1 : 0;
    QCOMPARE(lengths, 1);
    QVERIFY(!exactHeader(r, QStringLiteral("Access-Control-Allow-Origin")));

    r = respond(Profile::V3_14, d, preflight(QStringLiteral("/api/items/")));
    QCOMPARE(exactHeader(r, QStringLiteral("Access-Control-Allow-Origin")), App);
    QCOMPARE(exactHeader(r, QStringLiteral("Vary")), QStringLiteral("Origin"));
    QCOMPARE(exactHeader(r, QStringLiteral("Content-Length")), QStringLiteral("0"));
}

// django.utils.cache.patch_vary_headers appends new names after existing ones, so the order
// reads inner → outer; the ref §5.6 table (checked on both pairs).
void tst_DjangoStack::varyOrder_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QStringList>("middleware");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("isPreflight");
    QTest::addColumn<QString>("vary");

    const QStringList drfBelow {CorsMw, Session, Auth};
    const QStringList sessionAbove {Session, Auth, CorsMw};
    QTest::newRow("5.2 DRF + Session below Cors")
            << Profile::V4 << drfBelow << QStringLiteral("/api/drf/") << false
            << QStringLiteral("Accept, Cookie, origin");
    QTest::newRow("3.2 DRF + Session below Cors")
            << Profile::V3_14 << drfBelow << QStringLiteral("/api/drf/") << false
            << QStringLiteral("Accept, Cookie, Origin");
    QTest::newRow("5.2 session view, Session above Cors")
            << Profile::V4 << sessionAbove << QStringLiteral("/lr/") << false
            << QStringLiteral("origin, Cookie");
    QTest::newRow("3.2 session view, Session above Cors")
            << Profile::V3_14 << sessionAbove << QStringLiteral("/lr/") << false
            << QStringLiteral("Origin, Cookie");
    QTest::newRow("5.2 preflight answer")
            << Profile::V4 << sessionAbove << QStringLiteral("/api/drf/") << true
            << QStringLiteral("origin");
    QTest::newRow("3.2 preflight answer")
            << Profile::V3_14 << sessionAbove << QStringLiteral("/api/drf/") << true
            << QStringLiteral("Origin");
}

void tst_DjangoStack::varyOrder()
{
    QFETCH(Profile, profile);
    QFETCH(QStringList, middleware);
    QFETCH(QString, path);
    QFETCH(bool, isPreflight);
    QFETCH(QString, vary);
    Deployment d = deployment(middleware,
                              {route(QStringLiteral("api/drf/"), ViewKind::Drf),
                               route(QStringLiteral("lr/"), ViewKind::LoginRequired)});
    d.identities.sessions = {QStringLiteral("session-of-alice")};
    const HttpRequest r = isPreflight
            ? preflight(path)
            : request(QStringLiteral("GET"), path,
                      {{QStringLiteral("Origin"), App},
                       {QStringLiteral("Cookie"), QStringLiteral("sessionid=session-of-alice")}});
    const StackResponse out = respond(profile, d, r);
    QCOMPARE(out.status, 200);
    QCOMPARE(exactHeader(out, QStringLiteral("Vary")), vary);
}

// corsheaders 4.0 removed CorsPostCsrfMiddleware (ref §4.5): importing it fails, so Django
// cannot load MIDDLEWARE (BaseHandler.load_middleware → import_string) and every request is
// a 500. In 3.14 it exists.
void tst_DjangoStack::corsPostCsrfIsStartupErrorUnder4x()
{
    const Deployment d = deployment({CorsMw, Csrf, CorsPostCsrf});
    const DjangoStack four(policy(Profile::V4), d);
    QCOMPARE(four.startupErrors().size(), 1);
    QVERIFY(four.startupErrors().first().contains(u"CorsPostCsrfMiddleware"));
    QVERIFY(four.startupErrors().first().contains(u"MIDDLEWARE[2]"));
    const StackResponse r = four.respond(preflight(QStringLiteral("/api/items/")));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.decidedBy, QStringLiteral("Django"));
    QVERIFY(!hasCors(r));

    // django/utils/module_loading.py import_string (what load_middleware calls) turns the
    // AttributeError into ImportError('Module "%s" does not define a "%s" attribute/class');
    // "cannot import name" is the message of a `from ... import` statement (checked with
    // Django 3.2's import_string here; 5.2's is the same code).
    QVERIFY2(four.startupErrors().first().contains(
                     QStringLiteral("ImportError: Module \"corsheaders.middleware\" does not "
                                    "define a \"CorsPostCsrfMiddleware\" attribute/class")),
             qPrintable(four.startupErrors().first()));

    const DjangoStack three(policy(Profile::V3_14), d);
    QVERIFY(three.startupErrors().isEmpty());
    QCOMPARE(three.respond(preflight(QStringLiteral("/api/items/"))).status, 200);
}

// Django 5.2 security.py SecurityMiddleware.process_response: `if
// self.cross_origin_opener_policy: response.setdefault("Cross-Origin-Opener-Policy", ...)`,
// SECURE_CROSS_ORIGIN_OPENER_POLICY defaulting to "same-origin" (global_settings.py); the
// setting does not exist in 3.2 (ref §2.2, checked). Added to the Cors preflight answer too
// when Security is above Cors.
void tst_DjangoStack::securityCrossOriginOpenerPolicy()
{
    const Deployment d = deployment({Security, CorsMw});
    for (const HttpRequest &r : {preflight(QStringLiteral("/api/items/")),
                                 request(QStringLiteral("GET"), QStringLiteral("/api/items/"))}) {
        const StackResponse five = respond(Profile::V4, d, r);
        QCOMPARE(five.status, 200);
        QCOMPARE(five.headers.value(u"Cross-Origin-Opener-Policy"), QStringLiteral("same-origin"));
        QCOMPARE(five.headers.value(u"X-Content-Type-Options"), QStringLiteral("nosniff"));
        QCOMPARE(five.headers.value(u"Referrer-Policy"), QStringLiteral("same-origin"));
        const StackResponse three = respond(Profile::V3_14, d, r);
        QVERIFY(!three.headers.contains(u"Cross-Origin-Opener-Policy"));
        QCOMPARE(three.headers.value(u"Referrer-Policy"), QStringLiteral("same-origin"));
    }
    // Security below Cors never sees the preflight answer.
    const StackResponse below = respond(Profile::V4, deployment({CorsMw, Security}),
                                        preflight(QStringLiteral("/api/items/")));
    QVERIFY(!below.headers.contains(u"Cross-Origin-Opener-Policy"));
}

// django/contrib/sessions/middleware.py SessionMiddleware.process_response (5.2 and 3.2 alike):
// an empty session whose cookie was sent is deleted with response.delete_cookie(name,
// path=SESSION_COOKIE_PATH, domain=SESSION_COOKIE_DOMAIN, samesite=SESSION_COOKIE_SAMESITE).
// A key shorter than 8 characters is no key (SessionBase._validate_session_key), so is_empty().
// Real Django 3.2 here prints: sessionid=""; Domain=.example; expires=Thu, 01 Jan 1970 00:00:00
// GMT; Max-Age=0; Path=/; SameSite=Lax (Morsel attributes sorted by name).
void tst_DjangoStack::sessionCookieDeletionNamesDomain()
{
    Deployment d = deployment({Session, CorsMw});
    d.settings.sessionCookieDomain = QStringLiteral(".example");
    for (const Profile profile : {Profile::V4, Profile::V3_14}) {
        const StackResponse r
                = respond(profile, d,
                          request(QStringLiteral("GET"), QStringLiteral("/api/items/"),
                                  {{QStringLiteral("Origin"), App},
                                   {QStringLiteral("Cookie"), QStringLiteral("sessionid=abc")}}));
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value(u"Vary").value_or(QString()).endsWith(u", Cookie"));
        QCOMPARE(r.headers.value(u"Set-Cookie"),
                 QStringLiteral("sessionid=\"\"; Domain=.example; expires=Thu, 01 Jan 1970 "
                                "00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"));
    }
}

// Django 5.2 contrib/auth/middleware.py AuthenticationMiddleware.process_request: without
// request.session it raises ImproperlyConfigured (3.2: an assert, AssertionError) with "The
// Django authentication middleware requires session middleware to be installed. Edit your
// MIDDLEWARE setting to insert 'django.contrib.sessions.middleware.SessionMiddleware' before
// 'django.contrib.auth.middleware.AuthenticationMiddleware'." — a 500 in that layer (ref §5.2).
void tst_DjangoStack::authenticationWithoutSession()
{
    const Deployment d = deployment({CorsMw, Auth});
    const HttpRequest get = request(QStringLiteral("GET"), QStringLiteral("/api/items/"),
                                    {{QStringLiteral("Origin"), App}});
    const StackResponse five = respond(Profile::V4, d, get);
    QCOMPARE(five.status, 500);
    QCOMPARE(exactHeader(five, QStringLiteral("access-control-allow-origin")), App);
    QVERIFY(five.error.startsWith(u"ImproperlyConfigured: The Django authentication middleware"));
    const StackResponse three = respond(Profile::V3_14, d, get);
    QVERIFY(three.error.startsWith(u"AssertionError: The Django authentication middleware"));
    QVERIFY2(five.error.endsWith(
                     QStringLiteral("Edit your MIDDLEWARE setting to insert "
                                    "'django.contrib.sessions.middleware.SessionMiddleware' before "
                                    "'django.contrib.auth.middleware.AuthenticationMiddleware'.")),
             qPrintable(five.error));
}

// ---- Django 3.2 placement (ref §8) ----------------------------------------------------------

void tst_DjangoStack::placement32_data()
{
    QTest::addColumn<QStringList>("middleware");
    QTest::addColumn<QString>("setup"); // which setting to turn on
    QTest::addColumn<HttpRequest>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("cors");
    QTest::addColumn<QString>("decidedBy");

    const HttpRequest pre = preflight(QStringLiteral("/api/items/"));
    const HttpRequest get = request(QStringLiteral("GET"), QStringLiteral("/api/items/"),
                                    {{QStringLiteral("Origin"), App}});
    const HttpRequest preNoSlash = preflight(QStringLiteral("/api/items"));
    const HttpRequest getNoSlash = request(QStringLiteral("GET"), QStringLiteral("/api/items"),
                                           {{QStringLiteral("Origin"), App}});
    HttpRequest badHost = get;
    badHost.headers.first().value = QStringLiteral("evil.invalid");
    const HttpRequest post = request(QStringLiteral("POST"), QStringLiteral("/api/items/"),
                                     {{QStringLiteral("Origin"), App}});
    const QString cors = QStringLiteral("CorsMiddleware");

    QTest::newRow("Security above, SSL redirect, preflight")
            << QStringList {Security, CorsMw} << "ssl" << pre << 301 << false
            << "SecurityMiddleware";
    QTest::newRow("Security above, SSL redirect, actual")
            << QStringList {Security, CorsMw} << "ssl" << get << 301 << false
            << "SecurityMiddleware";
    QTest::newRow("Security below, SSL redirect, preflight")
            << QStringList {CorsMw, Security} << "ssl" << pre << 200 << true << cors;
    QTest::newRow("Security below, SSL redirect, actual")
            << QStringList {CorsMw, Security} << "ssl" << get << 301 << true
            << "SecurityMiddleware";
    QTest::newRow("Common above, no slash, preflight")
            << QStringList {Common, CorsMw} << "" << preNoSlash << 301 << false
            << "CommonMiddleware";
    QTest::newRow("Common above, no slash, actual")
            << QStringList {Common, CorsMw} << "" << getNoSlash << 301 << false
            << "CommonMiddleware";
    QTest::newRow("Common below, no slash, preflight")
            << QStringList {CorsMw, Common} << "" << preNoSlash << 200 << true << cors;
    QTest::newRow("Common below, no slash, actual")
            << QStringList {CorsMw, Common} << "" << getNoSlash << 301 << true
            << "CommonMiddleware";
    QTest::newRow("Common above, bad Host")
            << QStringList {Common, CorsMw} << "" << badHost << 400 << false << "CommonMiddleware";
    QTest::newRow("Common below, bad Host")
            << QStringList {CorsMw, Common} << "" << badHost << 400 << true << "CommonMiddleware";
    QTest::newRow("Csrf above, rejected POST")
            << QStringList {Csrf, CorsMw} << "" << post << 403 << true << "CsrfViewMiddleware";
    QTest::newRow("Auth without Session, below Cors")
            << QStringList {CorsMw, Auth} << "" << get << 500 << true << "AuthenticationMiddleware";
    QTest::newRow("Auth without Session, above Cors") << QStringList {Auth, CorsMw} << "" << get
                                                      << 500 << false << "AuthenticationMiddleware";
    QTest::newRow("XFrame above, preflight")
            << QStringList {XFrame, CorsMw} << "" << pre << 200 << true << cors;
    QTest::newRow("DRF IsAuthenticated, preflight")
            << QStringList {CorsMw} << "drf" << pre << 200 << true << cors;
    QTest::newRow("DRF IsAuthenticated, actual")
            << QStringList {CorsMw} << "drf" << get << 403 << true << "APIView";
}

void tst_DjangoStack::placement32()
{
    QFETCH(QStringList, middleware);
    QFETCH(QString, setup);
    QFETCH(HttpRequest, request);
    QFETCH(int, status);
    QFETCH(bool, cors);
    QFETCH(QString, decidedBy);
    Deployment d = deployment(middleware);
    if (setup == u"ssl")
        d.settings.secureSslRedirect = true;
    if (setup == u"drf") {
        d.routes = {route(QStringLiteral("api/items/"), ViewKind::Drf, std::nullopt,
                          QStringLiteral("is_authenticated"))};
    }
    const StackResponse r = respond(Profile::V3_14, d, request);
    QCOMPARE(r.status, status);
    QCOMPARE(hasCors(r), cors);
    QCOMPARE(r.decidedBy, decidedBy);
    if (middleware.first() == XFrame)
        QCOMPARE(r.headers.value(u"X-Frame-Options"), QStringLiteral("DENY"));
    if (status == 301 && decidedBy == u"CommonMiddleware") {
        // 3.2 redirects in process_request, so Common's own process_response adds the length.
        QCOMPARE(r.headers.value(u"Location"), QStringLiteral("/api/items/"));
        QCOMPARE(r.headers.value(u"Content-Length"), QStringLiteral("0"));
        QVERIFY(stepNames(r, QStringLiteral("CommonMiddleware"), QStringLiteral("APPEND_SLASH")));
    }
    if (status == 400)
        QVERIFY(stepNames(r, QStringLiteral("CommonMiddleware"), QStringLiteral("ALLOWED_HOSTS")));
    if (setup == u"ssl" && status == 301)
        QVERIFY(stepNames(r, QStringLiteral("SecurityMiddleware"),
                          QStringLiteral("SECURE_SSL_REDIRECT")));
}

QTEST_GUILESS_MAIN(tst_DjangoStack)
#include "tst_djangostack.moc"
