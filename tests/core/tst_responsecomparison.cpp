// SPDX-License-Identifier: MIT
//
// The comparison of a real server's CORS answer with the policy's (what `probe` reports).
// Server responses are either the verified django-cors-headers answers of
// ../shared/reference/django-cors-headers.md §7.1 (P2, P3, P41), or hand-made answers of a
// server that differs in one respect; the expected sentences are the comparison's contract.
#include "policy/policy.h"
#include "python/pyvalue.h"
#include "server/corsengine.h"
#include "server/responsecomparison.h"

#include <QTest>

Q_DECLARE_METATYPE(Cors::HttpHeaders)

using namespace Cors;

namespace {

HttpRequest preflight(const QString &origin, const QString &method,
                      const QString &requestHeaders = {})
{
    HttpRequest r;
    r.method = QStringLiteral("OPTIONS");
    r.path = QStringLiteral("/api/items");
    r.headers = {{QStringLiteral("Origin"), origin},
                 {QStringLiteral("Access-Control-Request-Method"), method}};
    if (!requestHeaders.isEmpty())
        r.headers.append({QStringLiteral("Access-Control-Request-Headers"), requestHeaders});
    return r;
}

HttpRequest get(const QString &origin)
{
    HttpRequest r;
    r.path = QStringLiteral("/api/items");
    r.headers = {{QStringLiteral("Origin"), origin}};
    return r;
}

/** P3's policy: CORS_ALLOWED_ORIGINS = [https://example.com], credentials, expose X-Foo, x-bar. */
Policy p3Policy(Profile profile = Profile::V4)
{
    Policy policy(profile);
    policy.setValue(SettingId::AllowedOrigins,
                    PyValue::strList({QStringLiteral("https://example.com")}));
    policy.setValue(SettingId::AllowCredentials, PyValue::boolean(true));
    policy.setValue(SettingId::ExposeHeaders,
                    PyValue::strList({QStringLiteral("X-Foo"), QStringLiteral("x-bar")}));
    return policy;
}

/** P3's answer on the wire from django-cors-headers 4.x (reference §7.1), with wsgiref's additions. */
ObservedResponse p3Answer()
{
    return {200,
            {{QStringLiteral("Date"), QStringLiteral("Sat, 21 Nov 2026 10:00:00 GMT")},
             {QStringLiteral("Server"), QStringLiteral("WSGIServer/0.2 CPython/3.11.2")},
             {QStringLiteral("content-length"), QStringLiteral("0")},
             {QStringLiteral("Content-Type"), QStringLiteral("text/html; charset=utf-8")},
             {QStringLiteral("Vary"), QStringLiteral("origin")},
             {QStringLiteral("access-control-allow-origin"), QStringLiteral("https://example.com")},
             {QStringLiteral("access-control-allow-credentials"), QStringLiteral("true")},
             {QStringLiteral("access-control-expose-headers"), QStringLiteral("X-Foo, x-bar")},
             {QStringLiteral("access-control-allow-headers"),
              QStringLiteral("accept, authorization, content-type, user-agent, x-csrftoken, "
                             "x-requested-with")},
             {QStringLiteral("access-control-allow-methods"),
              QStringLiteral("DELETE, GET, OPTIONS, PATCH, POST, PUT")},
             {QStringLiteral("access-control-max-age"), QStringLiteral("86400")}}};
}

HttpHeaders without(HttpHeaders headers, QStringView name)
{
    headers.remove(name);
    return headers;
}

HttpHeaders replaced(HttpHeaders headers, const QString &name, const QString &value)
{
    headers.set(name, value);
    return headers;
}

QStringList texts(const QList<ResponseDifference> &differences)
{
    QStringList out;
    for (const ResponseDifference &d : differences)
        out.append(d.text);
    return out;
}

} // namespace

class TestResponseComparison : public QObject
{
    Q_OBJECT

private slots:
    void djangoAnswerMatchesItsPolicy()
    {
        const CorsEngine engine(p3Policy());
        const ResponseComparison c
                = compareWithPolicy(engine,
                                    preflight(QStringLiteral("https://example.com"),
                                              QStringLiteral("PUT"), QStringLiteral("x-nope")),
                                    p3Answer());
        QVERIFY2(c.differences.isEmpty(), qPrintable(texts(c.differences).join(u'\n')));
        QCOMPARE(c.policy.status, 200);
        QVERIFY(c.policy.shortCircuit);
    }

    void extraAllowedHeaderIsNamed()
    {
        ObservedResponse server = p3Answer();
        server.headers = replaced(server.headers, QStringLiteral("access-control-allow-headers"),
                                  QStringLiteral("accept, authorization, content-type, user-agent, "
                                                 "x-csrftoken, x-requested-with, X-Custom"));
        const auto differences = compareWithPolicy(CorsEngine(p3Policy()),
                                                   preflight(QStringLiteral("https://example.com"),
                                                             QStringLiteral("PUT")),
                                                   server)
                                         .differences;
        QCOMPARE(differences.size(), 1);
        QCOMPARE(differences.first().kind, ResponseDifference::Kind::AllowHeaders);
        QCOMPARE(differences.first().item, QStringLiteral("x-custom"));
        QCOMPARE(differences.first().text,
                 QStringLiteral(
                         "The server allows the request header x-custom, your policy does not."));
    }

    void missingVaryIsNamed()
    {
        ObservedResponse server = p3Answer();
        server.headers = without(server.headers, u"Vary");
        const auto differences = compareWithPolicy(CorsEngine(p3Policy()),
                                                   preflight(QStringLiteral("https://example.com"),
                                                             QStringLiteral("PUT")),
                                                   server)
                                         .differences;
        QCOMPARE(differences.size(), 1);
        QCOMPARE(differences.first().kind, ResponseDifference::Kind::Vary);
        QVERIFY(differences.first().text.startsWith(
                QStringLiteral("The server omits Vary: Origin, your policy sends it")));
        QCOMPARE(differences.first().serverValue, std::nullopt);
        QCOMPARE(differences.first().policyValue, QStringLiteral("origin"));
    }

    void listsCompareAsSets()
    {
        // Order, spacing, the casing of header names and repeated lines are not differences.
        ObservedResponse server = p3Answer();
        server.headers = without(server.headers, u"access-control-allow-headers");
        server.headers.append({QStringLiteral("Access-Control-Allow-Headers"),
                               QStringLiteral("X-CSRFToken,x-requested-with,Accept")});
        server.headers.append({QStringLiteral("Access-Control-Allow-Headers"),
                               QStringLiteral("  authorization , content-type,user-agent")});
        server.headers = replaced(server.headers, QStringLiteral("access-control-allow-methods"),
                                  QStringLiteral("PUT,POST,PATCH,OPTIONS,GET,DELETE"));
        const auto differences = compareWithPolicy(CorsEngine(p3Policy()),
                                                   preflight(QStringLiteral("https://example.com"),
                                                             QStringLiteral("PUT")),
                                                   server)
                                         .differences;
        QVERIFY2(differences.isEmpty(), qPrintable(texts(differences).join(u'\n')));
    }

    void methodsAreCaseSensitive()
    {
        ObservedResponse server = p3Answer();
        server.headers = replaced(server.headers, QStringLiteral("access-control-allow-methods"),
                                  QStringLiteral("DELETE, GET, OPTIONS, patch, POST, PUT"));
        const auto differences = compareWithPolicy(CorsEngine(p3Policy()),
                                                   preflight(QStringLiteral("https://example.com"),
                                                             QStringLiteral("PUT")),
                                                   server)
                                         .differences;
        QCOMPARE(texts(differences),
                 QStringList(
                         {QStringLiteral(
                                  "The server allows the method patch, your policy does not."),
                          QStringLiteral(
                                  "Your policy allows the method PATCH, the server does not.")}));
    }

    void wildcardOriginAndNoCredentials()
    {
        ObservedResponse server = p3Answer();
        server.headers = replaced(server.headers, QStringLiteral("access-control-allow-origin"),
                                  QStringLiteral("*"));
        server.headers = without(server.headers, u"access-control-allow-credentials");
        const auto differences = compareWithPolicy(CorsEngine(p3Policy()),
                                                   preflight(QStringLiteral("https://example.com"),
                                                             QStringLiteral("PUT")),
                                                   server)
                                         .differences;
        QCOMPARE(differences.size(), 2);
        QCOMPARE(differences.at(0).kind, ResponseDifference::Kind::AllowOrigin);
        QCOMPARE(differences.at(0).text,
                 QStringLiteral("The server answers Access-Control-Allow-Origin: *, your policy "
                                "answers Access-Control-Allow-Origin: https://example.com."));
        QCOMPARE(differences.at(1).kind, ResponseDifference::Kind::AllowCredentials);
        QCOMPARE(differences.at(1).text,
                 QStringLiteral("Your policy allows credentials (Access-Control-Allow-Credentials: "
                                "true), the server does not."));
    }

    void serverAllowsAnOriginThePolicyRefuses()
    {
        // P5 for the policy: a refused origin gets only Vary. This server echoes it anyway.
        ObservedResponse server = p3Answer();
        server.headers = replaced(server.headers, QStringLiteral("access-control-allow-origin"),
                                  QStringLiteral("https://evil.com"));
        const auto differences = compareWithPolicy(CorsEngine(p3Policy()),
                                                   preflight(QStringLiteral("https://evil.com"),
                                                             QStringLiteral("PUT")),
                                                   server)
                                         .differences;
        QVERIFY(!differences.isEmpty());
        QCOMPARE(differences.first().kind, ResponseDifference::Kind::AllowOrigin);
        QCOMPARE(differences.first().text,
                 QStringLiteral("The server allows the origin https://evil.com "
                                "(Access-Control-Allow-Origin), your policy does not."));
        // Everything else the server sends for it is extra as well: credentials, lists, max-age.
        QVERIFY(differences.size() >= 5);
    }

    void maxAgeAndStatus()
    {
        ObservedResponse server = p3Answer();
        server.status = 204;
        server.headers = replaced(server.headers, QStringLiteral("access-control-max-age"),
                                  QStringLiteral("600"));
        const auto differences = compareWithPolicy(CorsEngine(p3Policy()),
                                                   preflight(QStringLiteral("https://example.com"),
                                                             QStringLiteral("PUT")),
                                                   server)
                                         .differences;
        QCOMPARE(texts(differences),
                 QStringList({QStringLiteral("The server answers the preflight with status 204, "
                                             "your policy with status 200 (both are ok statuses "
                                             "for browsers)."),
                              QStringLiteral("The server lets browsers cache the preflight for "
                                             "600 s, your policy for 86400 s.")}));
    }

    void actualRequestStatusIsTheViews()
    {
        // A 404 from the view is no difference: the policy's answer takes the server's status.
        const ObservedResponse server {
                404,
                {{QStringLiteral("Content-Type"), QStringLiteral("text/html")},
                 {QStringLiteral("Vary"), QStringLiteral("Accept-Encoding, origin")},
                 {QStringLiteral("access-control-allow-origin"),
                  QStringLiteral("https://example.com")},
                 {QStringLiteral("access-control-allow-credentials"), QStringLiteral("true")},
                 {QStringLiteral("access-control-expose-headers"),
                  QStringLiteral("X-Foo, x-bar")}}};
        const ResponseComparison c = compareWithPolicy(
                CorsEngine(p3Policy()), get(QStringLiteral("https://example.com")), server);
        QVERIFY2(c.differences.isEmpty(), qPrintable(texts(c.differences).join(u'\n')));
        QCOMPARE(c.policy.status, 404);
        // P41/P44: the view's Vary is kept and origin appended.
        QCOMPARE(c.policy.headers.value(u"Vary"), QStringLiteral("Accept-Encoding, origin"));
    }

    void profile314SendsCredentialsForRefusedOrigins()
    {
        // P2: 3.14 answers a refused origin with Access-Control-Allow-Credentials: true; a 4.3+
        // server does not.
        const ObservedResponse server {
                200,
                {{QStringLiteral("Content-Type"), QStringLiteral("text/html; charset=utf-8")},
                 {QStringLiteral("Vary"), QStringLiteral("origin")}}};
        const auto differences
                = compareWithPolicy(CorsEngine(p3Policy(Profile::V3_14)),
                                    get(QStringLiteral("https://example.org")), server)
                          .differences;
        QCOMPARE(texts(differences),
                 QStringList({QStringLiteral("Your policy allows credentials "
                                             "(Access-Control-Allow-Credentials: true), the server "
                                             "does not.")}));
        QCOMPARE(compareWithPolicy(CorsEngine(p3Policy(Profile::V4)),
                                   get(QStringLiteral("https://example.org")), server)
                         .differences.size(),
                 0);
    }

    void policyErrorIsReportedAlone()
    {
        // P62: a bad origin regex makes Django raise (500, no CORS headers).
        Policy policy;
        policy.setValue(SettingId::AllowedOriginRegexes, PyValue::strList({QStringLiteral("(")}));
        const ObservedResponse server {
                200,
                {{QStringLiteral("Vary"), QStringLiteral("origin")},
                 {QStringLiteral("Access-Control-Allow-Origin"), QStringLiteral("https://a.com")}}};
        const auto differences = compareWithPolicy(CorsEngine(policy),
                                                   get(QStringLiteral("https://a.com")), server)
                                         .differences;
        QCOMPARE(differences.size(), 1);
        QCOMPARE(differences.first().kind, ResponseDifference::Kind::ServerError);
        QVERIFY(differences.first().text.contains(
                QStringLiteral("answer 500 without CORS headers")));
    }

    void otherCorsHeaders()
    {
        const HttpRequest request = get(QStringLiteral("https://example.com"));
        EngineResponse policy;
        policy.headers = {{QStringLiteral("Vary"), QStringLiteral("origin")}};
        const ObservedResponse server {
                200,
                {{QStringLiteral("Vary"), QStringLiteral("Origin")},
                 {QStringLiteral("access-control-foo"), QStringLiteral("1")}}};
        QCOMPARE(texts(compareCorsResponses(request, server, policy)),
                 QStringList({QStringLiteral(
                         "The server sends Access-Control-Foo: 1, your policy does not.")}));
    }

    void endpointFromObserved_data()
    {
        QTest::addColumn<HttpHeaders>("observed");
        QTest::addColumn<HttpHeaders>("endpoint");
        QTest::newRow("vary-origin-only")
                << HttpHeaders {{QStringLiteral("Vary"), QStringLiteral("Origin")},
                                {QStringLiteral("X-Total"), QStringLiteral("5")}}
                << HttpHeaders {{QStringLiteral("X-Total"), QStringLiteral("5")}};
        QTest::newRow("vary-kept")
                << HttpHeaders {{QStringLiteral("Vary"), QStringLiteral("Cookie, origin")}}
                << HttpHeaders {{QStringLiteral("Vary"), QStringLiteral("Cookie")}};
        QTest::newRow("cors-dropped")
                << HttpHeaders {{QStringLiteral("Access-Control-Allow-Origin"),
                                 QStringLiteral("*")},
                                {QStringLiteral("content-type"), QStringLiteral("text/plain")}}
                << HttpHeaders {{QStringLiteral("content-type"), QStringLiteral("text/plain")}};
    }

    void endpointFromObserved()
    {
        QFETCH(HttpHeaders, observed);
        QFETCH(HttpHeaders, endpoint);
        const EndpointResponse e = Cors::endpointFromObserved({418, observed});
        QCOMPARE(e.status, 418);
        QCOMPARE(e.headers, endpoint);
    }

    void kindNamesAreStable()
    {
        QCOMPARE(responseDifferenceKindName(ResponseDifference::Kind::AllowHeaders),
                 QStringLiteral("allow-headers"));
        QCOMPARE(responseDifferenceKindName(ResponseDifference::Kind::Vary),
                 QStringLiteral("vary"));
        QVERIFY(isPreflightRequest(preflight(QStringLiteral("https://a.com"), QString())));
        HttpRequest lower = preflight(QStringLiteral("https://a.com"), QStringLiteral("PUT"));
        lower.method = QStringLiteral("options");
        QVERIFY(isPreflightRequest(lower));
        QVERIFY(!isPreflightRequest(get(QStringLiteral("https://a.com"))));
    }
};

QTEST_APPLESS_MAIN(TestResponseComparison)
#include "tst_responsecomparison.moc"
