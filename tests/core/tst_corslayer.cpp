// SPDX-License-Identifier: MIT
// "nginx does CORS" (cors_layer: nginx): the nginx export in front of a Django side that stays
// silent, simulated as a deployment; which nginx location serves each route. What the export
// answers is proven against real nginx (tests/nginx) and the silent Django side against real
// Django (differential/django_export_stack); these tests pin the wiring between them.
#include "browser/simulation.h"
#include "export/exporter.h"
#include "io/corsyaml.h"
#include "nginx/corslayer.h"
#include "nginx/nginxconfig.h"
#include "nginx/nginxroutes.h"
#include "stack/serverside.h"

#include <QFile>
#include <QtTest>

using namespace Cors;

class TestCorsLayer : public QObject
{
    Q_OBJECT

private slots:
    void yamlKeepsTheLayer();
    void yamlRejectsAnUnknownLayer();
    void silentDjangoDropsCorsMiddleware();
    void djangoExportStaysSilent();
    void bothDeploymentsAgreeOnTheExample_data();
    void bothDeploymentsAgreeOnTheExample();
    void nginxStepsNameTheExportLine();
    void fixesAreVerifiedThroughTheNginxExport();
    void routeSamplePaths_data();
    void routeSamplePaths();
    void locationServingEachRoute();
};

static CorsDocument example()
{
    QFile file(QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example.cors.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the example");
    return loadCorsYaml(file.readAll()).document;
}

static Scenario request(const QString &origin, const QString &url, const QString &method,
                        bool credentials)
{
    Scenario s;
    s.pageOrigin = origin;
    s.url = url;
    s.method = method;
    if (method != QLatin1String("GET"))
        s.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
    s.credentials = credentials ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    return s;
}

void TestCorsLayer::yamlKeepsTheLayer()
{
    CorsDocument document = example();
    QCOMPARE(document.corsLayer, CorsLayer::Django);
    QVERIFY(!saveCorsYaml(document).contains("cors_layer"));
    document.corsLayer = CorsLayer::Nginx;
    const QByteArray saved = saveCorsYaml(document);
    QVERIFY(saved.contains("\ncors_layer: nginx\n"));
    const CorsYamlResult back = loadCorsYaml(saved);
    QVERIFY(back.ok);
    QCOMPARE(back.document.corsLayer, CorsLayer::Nginx);
    QVERIFY(back.document == document);
}

void TestCorsLayer::yamlRejectsAnUnknownLayer()
{
    const CorsYamlResult r = loadCorsYaml("cors-studio: 1\nprofile: \"4.x\"\ncors_layer: apache\n");
    QVERIFY(!r.ok);
    QCOMPARE(r.messages.size(), 1);
    QCOMPARE(r.messages.first().line, 3);
    QVERIFY2(r.messages.first().text.contains(u"\"django\" or \"nginx\""),
             qPrintable(r.messages.first().text));
}

void TestCorsLayer::silentDjangoDropsCorsMiddleware()
{
    const Deployment project = startprojectDeployment();
    QVERIFY(project.settings.middleware.contains(u"corsheaders.middleware.CorsMiddleware"_qs));
    const Deployment silent = silentDjango(project);
    QCOMPARE(silent.settings.middleware.size(), project.settings.middleware.size() - 1);
    for (const QString &m : silent.settings.middleware)
        QVERIFY2(!m.startsWith(u"corsheaders."), qPrintable(m));
    QCOMPARE(silent.routes, project.routes);

    // No deployment: the view alone answers every path.
    const DjangoStack bare(Policy(), silentDjango(std::nullopt));
    QVERIFY(bare.startupErrors().isEmpty());
    for (const char *path : {"/", "/api/items/42", "/a/b/c"}) {
        HttpRequest r;
        r.method = QStringLiteral("OPTIONS");
        r.path = QString::fromLatin1(path);
        r.headers.append({QStringLiteral("Origin"), QStringLiteral("https://x.test")});
        const StackResponse answer = bare.respond(r, false);
        QCOMPARE(answer.status, 200);
        QVERIFY(!answer.headers.contains(u"Access-Control-Allow-Origin"));
    }
}

void TestCorsLayer::djangoExportStaysSilent()
{
    CorsDocument document = example();
    document.deployment = startprojectDeployment();
    const Exporter *django = exporterById(QStringLiteral("django"));
    const ExportResult loud = django->run(document, {});
    QVERIFY(loud.text.contains(u"CORS_ALLOWED_ORIGINS"));
    QVERIFY(loud.text.contains(u"'corsheaders.middleware.CorsMiddleware'"));
    document.corsLayer = CorsLayer::Nginx;
    const ExportResult quiet = django->run(document, {});
    QVERIFY(quiet.ok);
    QVERIFY2(!quiet.text.contains(u"CORS_"), qPrintable(quiet.text));
    QVERIFY(!quiet.text.contains(u"'corsheaders."));
    // CSRF is Django's, whoever answers CORS.
    QVERIFY(quiet.text.contains(u"CSRF_TRUSTED_ORIGINS"));
    bool noted = false;
    for (const ExportNote &note : quiet.notes)
        noted = noted || note.text.contains(u"nginx answers CORS");
    QVERIFY(noted);
}

void TestCorsLayer::bothDeploymentsAgreeOnTheExample_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<bool>("allowed");
    const QString api = QStringLiteral("https://api.example.com/api/items/42");
    QTest::newRow("listed, credentialed PUT")
            << request(u"https://app.example.com"_qs, api, u"PUT"_qs, true) << true;
    QTest::newRow("listed GET") << request(u"https://admin.example.com"_qs, api, u"GET"_qs, false)
                                << true;
    QTest::newRow("regex-admitted")
            << request(u"https://pr-7.preview.example.com"_qs, api, u"DELETE"_qs, true) << true;
    QTest::newRow("refused origin")
            << request(u"https://evil.example.net"_qs, api, u"PUT"_qs, true) << false;
    QTest::newRow("outside CORS_URLS_REGEX") << request(
            u"https://app.example.com"_qs, u"https://api.example.com/admin/"_qs, u"GET"_qs, false)
                                             << false;
}

void TestCorsLayer::bothDeploymentsAgreeOnTheExample()
{
    QFETCH(Scenario, scenario);
    QFETCH(bool, allowed);
    CorsDocument document = example();
    const SimulationResult byDjango
            = simulate(document.policy, scenario, documentServerSide(document));
    document.corsLayer = CorsLayer::Nginx;
    const SimulationResult byNginx
            = simulate(document.policy, scenario, documentServerSide(document));
    QCOMPARE(byDjango.allowed, allowed);
    QCOMPARE(byNginx.allowed, allowed);
    if (!allowed)
        QCOMPARE(byNginx.failure->error, byDjango.failure->error);
}

void TestCorsLayer::nginxStepsNameTheExportLine()
{
    CorsDocument document = example();
    document.corsLayer = CorsLayer::Nginx;
    QString description;
    const ServerSide server = documentServerSide(document, nullptr, &description);
    QVERIFY(server.frontAnswersCors);
    QVERIFY(description.contains(u"nginx answers CORS"));
    const SimulationResult r
            = simulate(document.policy,
                       request(u"https://app.example.com"_qs,
                               u"https://api.example.com/api/items/42"_qs, u"PUT"_qs, true),
                       server);
    QVERIFY(r.allowed);
    // The preflight is nginx's own 204; each nginx step ends with the export's file:line, and
    // that line of the export holds the directive.
    const QStringList exportLines
            = exporterById(QStringLiteral("nginx"))->run(document, {}).text.split(u'\n');
    int checked = 0;
    for (const TraceStep &step : r.steps) {
        if (!step.stack)
            continue;
        QVERIFY(step.summary.contains(u"nginx"));
        for (const ExplanationStep &e : step.response->explanation) {
            if (e.topic != QLatin1String("nginx") || !e.text.contains(u"(cors.conf:"))
                continue;
            const int line = e.text.section(u"(cors.conf:"_qs, -1).section(u')', 0, 0).toInt();
            QVERIFY(line > 0 && line <= exportLines.size());
            static const QRegularExpression added(u"^add_header [A-Za-z-]+: "_qs);
            if (added.match(e.text).hasMatch()) {
                QVERIFY2(exportLines.at(line - 1).contains(u"add_header"),
                         qPrintable(exportLines.at(line - 1)));
                ++checked;
            }
        }
    }
    QVERIFY(checked > 0);
}

void TestCorsLayer::fixesAreVerifiedThroughTheNginxExport()
{
    CorsDocument document = example();
    document.corsLayer = CorsLayer::Nginx;
    const SimulationResult r
            = simulate(document.policy,
                       request(u"https://shop.example.org"_qs,
                               u"https://api.example.com/api/items/42"_qs, u"PUT"_qs, true),
                       documentServerSide(document));
    QVERIFY(!r.allowed);
    // The fix is a policy change: it changes the nginx export, and was verified through it.
    QVERIFY2(!r.fixes.isEmpty(), qPrintable(r.fixExplanation));
    Policy fixed = document.policy;
    for (const PolicyFix &fix : r.fixes)
        fixed = applyPolicyFix(fixed, fix);
    CorsDocument after = document;
    after.policy = fixed;
    QVERIFY(exporterById(QStringLiteral("nginx"))
                    ->run(after, {})
                    .text.contains(u"shop\\.example\\.org"));
}

void TestCorsLayer::routeSamplePaths_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << u"api/items/"_qs << u"/api/items/"_qs;
    QTest::newRow("root") << QString() << u"/"_qs;
    QTest::newRow("int") << u"api/items/<int:pk>/"_qs << u"/api/items/1/"_qs;
    QTest::newRow("default str") << u"u/<name>/x"_qs << u"/u/x/x"_qs;
    QTest::newRow("slug, uuid, path") << u"<slug:s>/<uuid:u>/<path:rest>"_qs
                                      << u"/a-slug/00000000-0000-0000-0000-000000000001/a/b"_qs;
}

void TestCorsLayer::routeSamplePaths()
{
    QFETCH(QString, pattern);
    QFETCH(QString, path);
    QCOMPARE(routeSamplePath(pattern), path);
}

void TestCorsLayer::locationServingEachRoute()
{
    const QByteArray conf = "server {\n"                                             // 1
                            "    listen 8080;\n"                                     // 2
                            "    location /api/ { proxy_pass http://app; }\n"        // 3
                            "    location = /health { return 204; }\n"               // 4
                            "    location ~ ^/v[0-9]+/ { proxy_pass http://app; }\n" // 5
                            "    location ^~ /static/ { return 444; }\n"             // 6
                            "}\n";
    const NginxSite site(parseNginxConfig(conf, u"site.conf"_qs));
    QVERIFY(site.errors().isEmpty());
    NginxRouteServing s = nginxServing(site, u"api/items/<int:pk>/"_qs);
    QCOMPARE(s.location, u"/api/"_qs);
    QCOMPARE(s.where.line, 3);
    QVERIFY(s.toDjango);
    QCOMPARE(nginxServingText(s), u"location /api/ (site.conf:3) → Django"_qs);
    s = nginxServing(site, u"health"_qs);
    QCOMPARE(s.location, u"= /health"_qs);
    QVERIFY(!s.toDjango);
    QCOMPARE(s.status, 204);
    QCOMPARE(nginxServingText(s), u"location = /health (site.conf:4): nginx answers 204"_qs);
    s = nginxServing(site, u"v2/<slug:s>"_qs);
    QCOMPARE(s.location, u"~ ^/v[0-9]+/"_qs);
    QCOMPARE(s.where.line, 5);
    s = nginxServing(site, u"static/<path:p>"_qs);
    QCOMPARE(s.status, 0);
    QVERIFY(nginxServingText(s).contains(u"closes the connection"));
    s = nginxServing(site, u"other/"_qs);
    QVERIFY(s.location.isEmpty());
    QCOMPARE(s.where.line, 1);
}

QTEST_GUILESS_MAIN(TestCorsLayer)
#include "tst_corslayer.moc"
