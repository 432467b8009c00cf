// SPDX-License-Identifier: MIT
// The shape of `respond --proxy` answers: a header nginx sends more than once is an array of its
// values in order (the order the real nginx sends them: the upstream's lines, then add_header's,
// as tests/nginx/run_proxy_differential.py checks against nginx 1.22), and every nginx step of
// the explanation names its file and line. Behaviour itself is proven by that differential test.
#include "nginx/proxiedstack.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Cors;

class TestNginxFront : public QObject
{
    Q_OBJECT

private slots:
    void repeatedHeaderIsAnArray();
    void unknownVariableIsNotedNotGuessed();
    void badRequestsNeverCrash();
};

static const QByteArray Site = "server {\n"
                               "    listen 8080;\n"
                               "    server_name api.test;\n"
                               "    add_header Access-Control-Allow-Origin $http_origin always;\n"
                               "    location / { proxy_pass http://127.0.0.1:8000; }\n"
                               "    location /x/ { add_header X-Y $no_such_thing; return 200; }\n"
                               "}\n";

static Policy allowAll()
{
    Policy policy;
    policy.setValue(SettingId::AllowAllOrigins, PyValue::boolean(true));
    return policy;
}

void TestNginxFront::repeatedHeaderIsAnArray()
{
    const NginxSite site(parseNginxConfig(Site, QStringLiteral("site.conf")));
    QVERIFY(site.errors().isEmpty());
    const CorsEngine engine(allowAll());
    HttpRequest request;
    request.path = QStringLiteral("/api/items/");
    request.headers = {{QStringLiteral("Host"), QStringLiteral("api.test")},
                       {QStringLiteral("Origin"), QStringLiteral("https://app.test")}};
    const ProxiedResponse r = respondThroughNginx(site, request, nullptr, engine, true);
    QCOMPARE(r.nginx.status, 200);
    QVERIFY(r.nginx.proxied);
    QCOMPARE(r.nginx.upstreamRequest.headers.value(u"Host"), QStringLiteral("127.0.0.1:8000"));
    const QJsonObject json
            = QJsonDocument::fromJson(proxiedResponseToJson(r, QJsonValue(7), true)).object();
    QJsonArray acao;
    const QJsonObject headers = json.value(u"headers").toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (it.key().compare(QLatin1String("Access-Control-Allow-Origin"), Qt::CaseInsensitive)
            == 0)
            acao = it.value().toArray();
    }
    QVERIFY2(acao.size() == 2, QJsonDocument(json).toJson().constData());
    QCOMPARE(acao.size(), 2); // CorsMiddleware's line, then add_header's
    QCOMPARE(acao.at(0).toString(), QStringLiteral("*"));
    QCOMPARE(acao.at(1).toString(), QStringLiteral("https://app.test"));
    bool namedLine = false;
    for (const QJsonValue &step : json.value(u"explanation").toArray()) {
        const QJsonObject s = step.toObject();
        if (s.value(u"layer").toString() == QLatin1String("nginx")
            && s.value(u"text").toString().startsWith(QLatin1String("add_header")))
            namedLine = s.value(u"file").toString() == QLatin1String("site.conf")
                    && s.value(u"line").toInt() == 4;
    }
    QVERIFY2(namedLine, QJsonDocument(json).toJson().constData());
}

void TestNginxFront::unknownVariableIsNotedNotGuessed()
{
    const NginxSite site(parseNginxConfig(Site, QStringLiteral("site.conf")));
    const CorsEngine engine(allowAll());
    HttpRequest request;
    request.path = QStringLiteral("/x/");
    request.headers = {{QStringLiteral("Host"), QStringLiteral("api.test")}};
    const ProxiedResponse r = respondThroughNginx(site, request, nullptr, engine, false);
    QCOMPARE(r.nginx.status, 200);
    QVERIFY(!r.nginx.proxied);
    bool noted = false;
    for (const NginxNote &n : r.nginx.notModelled)
        noted = noted || (n.text.contains(QLatin1String("$no_such_thing")) && n.where.line == 6);
    QVERIFY(noted);
}

void TestNginxFront::badRequestsNeverCrash()
{
    const NginxSite site(parseNginxConfig(Site, QStringLiteral("site.conf")));
    const CorsEngine engine(allowAll());
    for (const QString &path :
         {QStringLiteral(""), QStringLiteral("x"), QStringLiteral("/%"), QStringLiteral("/%zz"),
          QStringLiteral("/../.."), QStringLiteral("/%00"), QStringLiteral("//?&&=="),
          QStringLiteral("/\u00e9\u0000")}) {
        HttpRequest request;
        request.path = path;
        const ProxiedResponse r = respondThroughNginx(site, request, nullptr, engine, true);
        QVERIFY(r.nginx.status == 400 || r.nginx.status == 200);
        QVERIFY(!proxiedResponseToJson(r, QJsonValue(), true).isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestNginxFront)
#include "tst_nginxfront.moc"
