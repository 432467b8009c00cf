// SPDX-License-Identifier: MIT
// `cors-studio test POLICY`: a document's saved scenarios, run headless as a CI job would.
// Verdicts: django-cors-headers echoes an allowed origin with Access-Control-Allow-Credentials:
// true when CORS_ALLOW_CREDENTIALS is on, and sends no CORS headers for an origin it does not
// allow, so Chromium blocks that one (browser-cors.md §7, django-cors-headers.md §4).

#include "clirunner.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class tst_CliTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void allExpectationsMetExitsZero();
    void aBrokenExpectationExitsOneWithTheConsoleLineAndFix();
    void aSessionSharesThePreflightCache();
    void settingsModuleHasNothingToTest();
    void unreadableDocumentExitsTwo();
    void junitReportHasEveryScenario();
    void githubAnnotationsPointAtTheFailingScenario();
    void reportOptionErrorsExitTwo();
    void settingsVariantsEachRunTheScenarios();
    void anUnreadSettingIsNeverAPass();
    void simulatePrintsALinePerVariant();
    void proxyRunsTheScenariosThroughNginx();
    void proxyErrorStatusWithoutAlways();
    void proxyFileErrorsExitTwo();
    void theDocumentNamesItsProxy();
    void simulateThroughNginxWithoutAStack();
    void simulateAndTestWithNginxAnsweringCors();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run run(const QStringList &arguments);
    QString write(const QString &name, const QByteArray &text);
    static QByteArray document(const QByteArray &scenarios);

    static QString nginxData(const char *name);

    QTemporaryDir m_dir;
};

tst_CliTest::Run tst_CliTest::run(const QStringList &arguments)
{
    const CliTest::Run r = CliTest::runCli(arguments);
    return {r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err)};
}

QString tst_CliTest::nginxData(const char *name)
{
    return QStringLiteral(CORS_TEST_DATA_DIR "/nginx/") + QLatin1String(name);
}

QString tst_CliTest::write(const QString &name, const QByteArray &text)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text);
    return path;
}

QByteArray tst_CliTest::document(const QByteArray &scenarios)
{
    return QByteArrayLiteral("cors-studio: 1\n"
                             "profile: \"4.x\"\n"
                             "settings:\n"
                             "  CORS_ALLOWED_ORIGINS:\n"
                             "    - \"https://app.example.com\"\n"
                             "  CORS_ALLOW_CREDENTIALS: true\n"
                             "scenarios:\n")
            + scenarios;
}

void tst_CliTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(CORS_CLI_PATH)), CORS_CLI_PATH);
}

void tst_CliTest::allExpectationsMetExitsZero()
{
    const QString path = write(QStringLiteral("ok.cors.yaml"),
                               document("  - name: \"The app reads items\"\n"
                                        "    expect: allowed\n"
                                        "    request:\n"
                                        "      origin: \"https://app.example.com\"\n"
                                        "      url: \"https://api.example.com/items\"\n"
                                        "      credentials: include\n"
                                        "  - name: \"Another site cannot\"\n"
                                        "    expect: blocked\n"
                                        "    request:\n"
                                        "      origin: \"https://evil.example\"\n"
                                        "      url: \"https://api.example.com/items\"\n"
                                        "      credentials: include\n"
                                        "  - name: \"Not checked\"\n"
                                        "    request:\n"
                                        "      origin: \"https://evil.example\"\n"
                                        "      url: \"https://api.example.com/other\"\n"));
    const Run r = run({QStringLiteral("test"), path});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines.at(0).contains(QLatin1String("RESULT")));
    QVERIFY(lines.at(1).contains(QLatin1String("pass")));
    QVERIFY(lines.at(1).contains(QLatin1String("The app reads items")));
    QCOMPARE(lines.at(1).count(QLatin1String("allowed")), 2);
    QVERIFY(lines.at(2).contains(QLatin1String("pass")));
    QCOMPARE(lines.at(2).count(QLatin1String("blocked")), 2);
    QVERIFY(!lines.at(3).contains(QLatin1String("pass")));
    QVERIFY(lines.at(3).contains(QLatin1String("blocked")));
    QCOMPARE(lines.at(4),
             QStringLiteral("3 scenarios: 2 passed, 0 failed, 1 without an expected verdict"));
}

void tst_CliTest::aBrokenExpectationExitsOneWithTheConsoleLineAndFix()
{
    const QString path = write(QStringLiteral("fail.cors.yaml"),
                               document("  - name: \"The partner site reads items\"\n"
                                        "    expect: allowed\n"
                                        "    request:\n"
                                        "      origin: \"https://partner.example\"\n"
                                        "      url: \"https://api.example.com/items\"\n"
                                        "      credentials: include\n"));
    const Run r = run({QStringLiteral("test"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("FAIL")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("Access to fetch at 'https://api.example.com/items' from "
                                         "origin 'https://partner.example' "
                                         "has been blocked by CORS policy: No "
                                         "'Access-Control-Allow-Origin' header is present on "
                                         "the requested resource.")));
    QVERIFY(r.out.contains(
            QLatin1String("fix: add 'https://partner.example' to CORS_ALLOWED_ORIGINS")));
    QVERIFY(r.out.contains(QLatin1String("1 scenario: 0 passed, 1 failed")));
}

// A PUT needs a preflight; CORS_PREFLIGHT_MAX_AGE defaults to 86400, which Chromium caps at
// 7200 s. In one session the second PUT within the cap is served from the cache; after 7200 s
// it is preflighted again. Either way it passes: the test checks the session runs in order
// without failing, and that a request in a separate session is unaffected.
void tst_CliTest::aSessionSharesThePreflightCache()
{
    const QString path = write(QStringLiteral("session.cors.yaml"),
                               document("  - name: \"first PUT\"\n"
                                        "    expect: allowed\n"
                                        "    session: \"tab\"\n"
                                        "    request:\n"
                                        "      origin: \"https://app.example.com\"\n"
                                        "      url: \"https://api.example.com/items/1\"\n"
                                        "      method: \"PUT\"\n"
                                        "  - name: \"second PUT, an hour later\"\n"
                                        "    expect: allowed\n"
                                        "    session: \"tab\"\n"
                                        "    advance: 3600\n"
                                        "    request:\n"
                                        "      origin: \"https://app.example.com\"\n"
                                        "      url: \"https://api.example.com/items/1\"\n"
                                        "      method: \"PUT\"\n"));
    const Run r = run({QStringLiteral("test"), path});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QLatin1String("2 scenarios: 2 passed, 0 failed")));
}

void tst_CliTest::settingsModuleHasNothingToTest()
{
    const QString path = write(QStringLiteral("settings.py"),
                               "CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]\n");
    const Run r = run({QStringLiteral("test"), path});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(QLatin1String("no saved scenarios")), qPrintable(r.err));
}

void tst_CliTest::unreadableDocumentExitsTwo()
{
    const QString path = write(QStringLiteral("bad.cors.yaml"),
                               "cors-studio: 1\nprofile: \"4.x\"\nsettings: [\n");
    Run r = run({QStringLiteral("test"), path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("bad.cors.yaml")));
    r = run({QStringLiteral("test"), m_dir.filePath(QStringLiteral("missing.cors.yaml"))});
    QCOMPARE(r.exitCode, 2);
    r = run({QStringLiteral("test")});
    QCOMPARE(r.exitCode, 2);
}

// Three scenarios: one passes, one fails, one has no expected verdict; the second's name needs
// escaping in XML and in a GitHub workflow command. Its "- name:" is line 14 of the document.
static const QByteArray mixedScenarios = "  - name: \"The app reads items\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"https://app.example.com\"\n"
                                         "      url: \"https://api.example.com/items\"\n"
                                         "      credentials: include\n"
                                         "  - name: \"Partner <&> reads, 100%: yes\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"https://partner.example\"\n"
                                         "      url: \"https://api.example.com/items\"\n"
                                         "      credentials: include\n"
                                         "  - name: \"Not checked\"\n"
                                         "    request:\n"
                                         "      origin: \"https://evil.example\"\n"
                                         "      url: \"https://api.example.com/other\"\n";

void tst_CliTest::junitReportHasEveryScenario()
{
    const QString path = write(QStringLiteral("mixed.cors.yaml"), document(mixedScenarios));
    const QString report = m_dir.filePath(QStringLiteral("report.xml"));
    const Run r = run({QStringLiteral("test"), path, QStringLiteral("--junit"), report});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("3 scenarios: 1 passed, 1 failed")), qPrintable(r.out));

    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList cases;
    QStringList outcomes; // per testcase: pass, failure or skipped
    QString failureMessage;
    QString failureText;
    QXmlStreamAttributes suites;
    QXmlStreamAttributes suite;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("testsuites")) {
            suites = xml.attributes();
        } else if (xml.name() == QLatin1String("testsuite")) {
            suite = xml.attributes();
        } else if (xml.name() == QLatin1String("testcase")) {
            cases.append(xml.attributes().value(QLatin1String("name")).toString());
            QCOMPARE(xml.attributes().value(QLatin1String("classname")), path);
            outcomes.append(QStringLiteral("pass"));
        } else if (xml.name() == QLatin1String("failure")) {
            outcomes.last() = QStringLiteral("failure");
            failureMessage = xml.attributes().value(QLatin1String("message")).toString();
            failureText = xml.readElementText();
        } else if (xml.name() == QLatin1String("skipped")) {
            outcomes.last() = QStringLiteral("skipped");
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suites.value(QLatin1String("tests")), QLatin1String("3"));
    QCOMPARE(suites.value(QLatin1String("failures")), QLatin1String("1"));
    QCOMPARE(suite.value(QLatin1String("name")), path);
    QCOMPARE(suite.value(QLatin1String("tests")), QLatin1String("3"));
    QCOMPARE(suite.value(QLatin1String("failures")), QLatin1String("1"));
    QCOMPARE(suite.value(QLatin1String("skipped")), QLatin1String("1"));
    QCOMPARE(cases,
             QStringList({QStringLiteral("1. The app reads items"),
                          QStringLiteral("2. Partner <&> reads, 100%: yes"),
                          QStringLiteral("3. Not checked")}));
    QCOMPARE(outcomes,
             QStringList({QStringLiteral("pass"), QStringLiteral("failure"),
                          QStringLiteral("skipped")}));
    QCOMPARE(failureMessage, QStringLiteral("expected allowed, got blocked"));
    QVERIFY2(failureText.contains(QLatin1String("from origin 'https://partner.example' has been "
                                                "blocked by CORS policy")),
             qPrintable(failureText));
    QVERIFY(failureText.contains(
            QLatin1String("fix: add 'https://partner.example' to CORS_ALLOWED_ORIGINS")));
}

void tst_CliTest::githubAnnotationsPointAtTheFailingScenario()
{
    const QString path = write(QStringLiteral("mixed.cors.yaml"), document(mixedScenarios));
    const Run r = run(
            {QStringLiteral("test"), path, QStringLiteral("--format"), QStringLiteral("github")});
    QCOMPARE(r.exitCode, 1);
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    // Workflow command escaping: %25 %0A in data; also %3A %2C in properties.
    const QString escapedPath
            = QString(path).replace(u':', QLatin1String("%3A")).replace(u',', QLatin1String("%2C"));
    const QString expectedStart = QStringLiteral("::error file=") + escapedPath
            + QStringLiteral(",line=14,title=Scenario 2%3A Partner <&> reads%2C 100%25%3A yes"
                             "::expected allowed, got blocked%0AAccess to fetch at ");
    QVERIFY2(lines.at(0).startsWith(expectedStart), qPrintable(lines.at(0)));
    QVERIFY(lines.at(0).contains(
            QLatin1String("%0Afix: add 'https://partner.example' to CORS_ALLOWED_ORIGINS")));
    QCOMPARE(lines.at(1),
             QStringLiteral("::notice file=") + escapedPath
                     + QStringLiteral("::3 scenario(s): 1 passed, 1 failed, 1 without an "
                                      "expected verdict"));
}

void tst_CliTest::reportOptionErrorsExitTwo()
{
    const QString path = write(QStringLiteral("mixed.cors.yaml"), document(mixedScenarios));
    Run r = run({QStringLiteral("test"), path, QStringLiteral("--format"), QStringLiteral("xml")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("Unknown format \"xml\"")));
    r = run({QStringLiteral("test"), path, QStringLiteral("--junit"),
             m_dir.filePath(QStringLiteral("no/such/dir/report.xml"))});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("report.xml")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

// DEBUG from the environment: with DEBUG on, Django runs CORS_ALLOW_ALL_ORIGINS with credentials,
// so django-cors-headers echoes any Origin with Access-Control-Allow-Credentials: true and
// Chromium lets another site read (django-cors-headers.md §4, browser-cors.md §7).
static const QByteArray debugSettings
        = "import os\n"
          "DEBUG = os.environ.get(\"DJANGO_DEBUG\", \"\") == \"1\"\n"
          "CORS_ALLOW_CREDENTIALS = True\n"
          "if DEBUG:\n"
          "    CORS_ALLOW_ALL_ORIGINS = True\n"
          "else:\n"
          "    CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]\n";

static const QByteArray evilScenario = "cors-studio: 1\n"
                                       "scenarios:\n"
                                       "  - name: \"The app reads items\"\n"
                                       "    expect: allowed\n"
                                       "    request:\n"
                                       "      origin: \"https://app.example.com\"\n"
                                       "      url: \"https://api.example.com/items\"\n"
                                       "      credentials: include\n"
                                       "  - name: \"Another site cannot\"\n"
                                       "    expect: blocked\n"
                                       "    request:\n"
                                       "      origin: \"https://evil.example\"\n"
                                       "      url: \"https://api.example.com/items\"\n"
                                       "      credentials: include\n";

void tst_CliTest::settingsVariantsEachRunTheScenarios()
{
    const QString settings = write(QStringLiteral("debug_settings.py"), debugSettings);
    const QString scenarios = write(QStringLiteral("scenarios.cors.yaml"), evilScenario);
    const QString report = m_dir.filePath(QStringLiteral("variants.xml"));
    Run r = run({QStringLiteral("test"), settings, QStringLiteral("--scenarios"), scenarios,
                 QStringLiteral("--junit"), report});
    QCOMPARE(r.exitCode, 1);
    const qsizetype on = r.out.indexOf(QLatin1String("Variant \"DEBUG on\":"));
    const qsizetype off = r.out.indexOf(QLatin1String("Variant \"DEBUG off\" (chosen):"));
    QVERIFY2(on >= 0 && off >= 0, qPrintable(r.out));
    const QString onPart = r.out.mid(on, off > on ? off - on : -1);
    const QString offPart = r.out.mid(off, on > off ? on - off : -1);
    QVERIFY2(onPart.contains(QLatin1String("2 scenarios: 1 passed, 1 failed")), qPrintable(r.out));
    QVERIFY2(offPart.contains(QLatin1String("2 scenarios: 2 passed, 0 failed")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("2 variants: 1 failed (\"DEBUG on\")")));

    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList suites;
    QStringList failures;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("testsuite")) {
            suites.append(xml.attributes().value(QLatin1String("name")).toString());
            failures.append(xml.attributes().value(QLatin1String("failures")).toString());
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suites.size(), 2);
    QVERIFY(suites.contains(scenarios + QStringLiteral(" [variant \"DEBUG on\"]")));
    QCOMPARE(failures.at(suites.indexOf(scenarios + QStringLiteral(" [variant \"DEBUG on\"]"))),
             QStringLiteral("1"));
    QCOMPARE(failures.at(suites.indexOf(scenarios + QStringLiteral(" [variant \"DEBUG off\"]"))),
             QStringLiteral("0"));

    // --variant picks one: production's settings pass.
    r = run({QStringLiteral("test"), settings, QStringLiteral("--scenarios"), scenarios,
             QStringLiteral("--variant"), QStringLiteral("DEBUG off")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(!r.out.contains(QLatin1String("Variant")));
    QVERIFY(r.out.contains(QLatin1String("2 scenarios: 2 passed, 0 failed")));

    // The scenarios file must be a document.
    r = run({QStringLiteral("test"), settings, QStringLiteral("--scenarios"), settings});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--scenarios")), qPrintable(r.err));
}

void tst_CliTest::anUnreadSettingIsNeverAPass()
{
    // Set, CORS_ORIGINS decides the origins at start-up: the reader cannot know them.
    const QString settings
            = write(QStringLiteral("env_settings.py"),
                    "import os\n"
                    "if os.environ.get(\"CORS_ORIGINS\"):\n"
                    "    CORS_ALLOWED_ORIGINS = os.environ[\"CORS_ORIGINS\"].split(\",\")\n"
                    "else:\n"
                    "    CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]\n");
    const QString scenarios = write(QStringLiteral("scenarios.cors.yaml"), evilScenario);
    Run r = run({QStringLiteral("test"), settings, QStringLiteral("--scenarios"), scenarios});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("NOT READ: CORS_ALLOWED_ORIGINS on line 3 could not be "
                                          "read")),
             qPrintable(r.out));
    // Credentialed, without CORS_ALLOW_CREDENTIALS: the app fails in both; the set variant
    // fails also for what it could not read.
    QVERIFY2(r.out.contains(QLatin1String("2 variants: 2 failed (\"CORS_ORIGINS set\", "
                                          "\"CORS_ORIGINS unset\")")),
             qPrintable(r.out));

    r = run({QStringLiteral("test"), settings, QStringLiteral("--scenarios"), scenarios,
             QStringLiteral("--format"), QStringLiteral("github")});
    QCOMPARE(r.exitCode, 1);
    const QString escapedPath = QString(settings)
                                        .replace(u':', QLatin1String("%3A"))
                                        .replace(u',', QLatin1String("%2C"));
    QVERIFY2(r.out.contains(QStringLiteral("::error file=") + escapedPath
                            + QStringLiteral(",line=3,title=Variant \"CORS_ORIGINS set\"%3A "
                                             "CORS_ALLOWED_ORIGINS not read::")),
             qPrintable(r.out));
}

void tst_CliTest::simulatePrintsALinePerVariant()
{
    const QString settings = write(QStringLiteral("debug_settings.py"), debugSettings);
    const QStringList evil
            = {QStringLiteral("--origin"),      QStringLiteral("https://evil.example"),
               QStringLiteral("--url"),         QStringLiteral("https://api.example.com/items"),
               QStringLiteral("--credentials"), QStringLiteral("include")};
    auto objects = [](const QString &out) {
        QList<QJsonObject> list;
        for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts)) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                return QList<QJsonObject> {};
            list.append(doc.object());
        }
        return list;
    };
    Run r = run(QStringList {QStringLiteral("simulate"), settings, QStringLiteral("--format"),
                             QStringLiteral("json")}
                + evil);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QList<QJsonObject> lines = objects(r.out);
    QCOMPARE(lines.size(), 2);
    // Each line says its variant first; DEBUG on lets another site read with credentials.
    QVERIFY(r.out.startsWith(QLatin1String("{\"variant\":\"DEBUG on\",\"chosen\":false,")));
    QCOMPARE(lines.at(0).value(QLatin1String("verdict")).toString(), QStringLiteral("allowed"));
    QCOMPARE(lines.at(1).value(QLatin1String("variant")).toString(), QStringLiteral("DEBUG off"));
    QVERIFY(lines.at(1).value(QLatin1String("chosen")).toBool());
    QCOMPARE(lines.at(1).value(QLatin1String("verdict")).toString(), QStringLiteral("blocked"));

    // --batch: per input line, one line per variant, in input order.
    const QString batch
            = write(QStringLiteral("batch.jsonl"),
                    "{\"id\": 1, \"origin\": \"https://evil.example\", \"url\": "
                    "\"https://api.example.com/items\", \"credentials\": \"include\"}\n"
                    "{\"id\": 2, \"origin\": \"https://app.example.com\", \"url\": "
                    "\"https://api.example.com/items\", \"credentials\": \"include\"}\n");
    r = run({QStringLiteral("simulate"), settings, QStringLiteral("--batch"), batch});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    lines = objects(r.out);
    QCOMPARE(lines.size(), 4);
    const QStringList expected
            = {QStringLiteral("1 DEBUG on allowed"), QStringLiteral("1 DEBUG off blocked"),
               QStringLiteral("2 DEBUG on allowed"), QStringLiteral("2 DEBUG off allowed")};
    for (int i = 0; i < 4; ++i)
        QCOMPARE(QStringLiteral("%1 %2 %3")
                         .arg(lines.at(i).value(QLatin1String("id")).toInt())
                         .arg(lines.at(i).value(QLatin1String("variant")).toString(),
                              lines.at(i).value(QLatin1String("verdict")).toString()),
                 expected.at(i));

    // --variant picks one: a plain result line.
    r = run(QStringList {QStringLiteral("simulate"), settings, QStringLiteral("--format"),
                         QStringLiteral("json"), QStringLiteral("--variant"),
                         QStringLiteral("DEBUG off")}
            + evil);
    lines = objects(r.out);
    QCOMPARE(lines.size(), 1);
    QVERIFY(!lines.first().contains(QLatin1String("variant")));
    QCOMPARE(lines.first().value(QLatin1String("verdict")).toString(), QStringLiteral("blocked"));
}

// `test --proxy`: nginx (tests/data/nginx/*.conf) in front of the document's Django stack. The
// stacks, nginx files and requests are those of ctest nginx/chromium_agreement
// (tests/nginx/run_chromium_agreement.py), which runs them in real Chromium through the real
// nginx and Django 3.2 + django-cors-headers 3.14: there the GET and the PUT pass through the
// plain proxy, both fail with "contains multiple values" when nginx adds
// Access-Control-Allow-Origin too, and the PUT's preflight fails when nginx answers it with a
// bare 204.
static const QByteArray proxiedStack = "cors-studio: 1\n"
                                       "profile: \"3.14\"\n"
                                       "settings:\n"
                                       "  CORS_ALLOWED_ORIGINS:\n"
                                       "    - \"http://app.test\"\n"
                                       "  CORS_ALLOW_CREDENTIALS: true\n"
                                       "deployment:\n"
                                       "  middleware:\n"
                                       "    - \"django.middleware.security.SecurityMiddleware\"\n"
                                       "    - \"corsheaders.middleware.CorsMiddleware\"\n"
                                       "    - \"django.middleware.common.CommonMiddleware\"\n"
                                       "    - \"django.middleware.csrf.CsrfViewMiddleware\"\n"
                                       "  settings:\n"
                                       "    ALLOWED_HOSTS:\n"
                                       "      - \"*\"\n"
                                       "  routes:\n"
                                       "    - path: \"api/items/\"\n"
                                       "      view: csrf_exempt\n"
                                       "    - path: \"api/error/\"\n"
                                       "      view: error\n";

void tst_CliTest::proxyRunsTheScenariosThroughNginx()
{
    const QString path = write(QStringLiteral("proxied.cors.yaml"),
                               proxiedStack
                                       + "scenarios:\n"
                                         "  - name: \"The app reads items\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"http://app.test\"\n"
                                         "      url: \"http://api.test/api/items/\"\n"
                                         "      credentials: include\n"
                                         "  - name: \"The app puts an item\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"http://app.test\"\n"
                                         "      url: \"http://api.test/api/items/\"\n"
                                         "      method: \"PUT\"\n"
                                         "      headers: {\"Content-Type\": \"application/json\"}\n"
                                         "      body: \"{}\"\n"
                                         "      credentials: include\n");
    const QString proxy = QStringLiteral("--proxy");

    Run r = run({QStringLiteral("test"), path, proxy, nginxData("proxy-plain.conf")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QLatin1String("2 scenarios: 2 passed, 0 failed")), qPrintable(r.out));

    r = run({QStringLiteral("test"), path, proxy, nginxData("duplicate-allow-origin.conf")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("2 scenarios: 0 passed, 2 failed")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("Access to fetch at 'http://api.test/api/items/' from "
                                          "origin 'http://app.test' has been blocked by CORS "
                                          "policy: The 'Access-Control-Allow-Origin' header "
                                          "contains multiple values 'http://app.test, "
                                          "http://app.test', but only one is allowed.")),
             qPrintable(r.out));

    r = run({QStringLiteral("test"), path, proxy, nginxData("preflight-answered.conf")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("2 scenarios: 1 passed, 1 failed")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("Response to preflight request doesn't pass access "
                                          "control check: No 'Access-Control-Allow-Origin' "
                                          "header is present on the requested resource.")),
             qPrintable(r.out));

    // The same document without --proxy: Django alone, both pass.
    r = run({QStringLiteral("test"), path});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
}

// nginx does CORS with add_header without "always" in front of a Django that sends no CORS
// headers: the view's 200 gets them, the 500 of api/error/ does not (nginx/chromium_agreement
// shows Chromium blocking that one with "No 'Access-Control-Allow-Origin' header").
void tst_CliTest::proxyErrorStatusWithoutAlways()
{
    QByteArray silent = proxiedStack;
    silent.replace("    - \"corsheaders.middleware.CorsMiddleware\"\n", "");
    const QString path = write(QStringLiteral("silent.cors.yaml"),
                               silent
                                       + "scenarios:\n"
                                         "  - name: \"The app reads items\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"http://app.test\"\n"
                                         "      url: \"http://api.test/api/items/\"\n"
                                         "  - name: \"The app reads the error\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"http://app.test\"\n"
                                         "      url: \"http://api.test/api/error/\"\n");
    const Run r = run({QStringLiteral("test"), path, QStringLiteral("--proxy"),
                       nginxData("error-without-always.conf")});
    QCOMPARE(r.exitCode, 1);
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() > 2, qPrintable(r.out));
    QVERIFY2(lines.at(1).contains(QLatin1String("pass")), qPrintable(r.out));
    QVERIFY2(lines.at(2).contains(QLatin1String("FAIL")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("Access to fetch at 'http://api.test/api/error/' from "
                                          "origin 'http://app.test' has been blocked by CORS "
                                          "policy: No 'Access-Control-Allow-Origin' header is "
                                          "present on the requested resource.")),
             qPrintable(r.out));
}

void tst_CliTest::proxyFileErrorsExitTwo()
{
    const QString path = write(QStringLiteral("proxied-ok.cors.yaml"),
                               proxiedStack
                                       + "scenarios:\n"
                                         "  - name: \"The app reads items\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"http://app.test\"\n"
                                         "      url: \"http://api.test/api/items/\"\n");
    const QString conf = write(QStringLiteral("broken.conf"),
                               "server {\n    listen 8080;\n    location / {\n");
    Run r = run({QStringLiteral("test"), path, QStringLiteral("--proxy"), conf});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("nginx: [emerg] unexpected end of file, expecting \"}\" "
                                          "in "))
                     && r.err.contains(conf + QLatin1String(":4:1")),
             qPrintable(r.err));
    r = run({QStringLiteral("test"), path, QStringLiteral("--proxy"),
             m_dir.filePath(QStringLiteral("missing.conf"))});
    QCOMPARE(r.exitCode, 2);
    // As nginx -t words it: the main file has no line to name.
    QVERIFY2(r.err.startsWith(QLatin1String("nginx: [emerg] open() \""))
                     && r.err.contains(QLatin1String("missing.conf\" failed"))
                     && !r.err.contains(QLatin1String(":0")),
             qPrintable(r.err));
}

// simulate --proxy without --stack: nginx in front of CorsMiddleware alone, as respond does; the
// header both add is refused, and the fix names nginx's line instead of a setting.
void tst_CliTest::simulateThroughNginxWithoutAStack()
{
    const QString policy = write(QStringLiteral("plain.cors.yaml"),
                                 "cors-studio: 1\nprofile: \"4.x\"\nsettings:\n"
                                 "  CORS_ALLOWED_ORIGINS: [\"http://app.test\"]\n");
    const QString conf = QStringLiteral(CORS_TEST_DATA_DIR "/nginx/duplicate-allow-origin.conf");
    const Run r = run({QStringLiteral("simulate"), policy, QStringLiteral("--proxy"), conf,
                       QStringLiteral("--origin"), QStringLiteral("http://app.test"),
                       QStringLiteral("--url"), QStringLiteral("http://api.test/items"),
                       QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject answer = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(answer.value(QStringLiteral("verdict")).toString(), QStringLiteral("blocked"));
    QCOMPARE(answer.value(QStringLiteral("cors_error")).toString(),
             QStringLiteral("MultipleAllowOriginValues"));
    QVERIFY2(r.out.contains(QLatin1String("MultipleAllowOriginValues")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("duplicate-allow-origin.conf:6)")), qPrintable(r.out));
}

// cors_layer nginx (or --cors-layer nginx): simulate and test run the nginx export in front of
// Django without CorsMiddleware; an unknown layer is a usage error naming the value.
void tst_CliTest::simulateAndTestWithNginxAnsweringCors()
{
    const QString path = write(QStringLiteral("nginx-layer.cors.yaml"),
                               proxiedStack
                                       + "cors_layer: nginx\n"
                                         "scenarios:\n"
                                         "  - name: \"The app reads items\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"http://app.test\"\n"
                                         "      url: \"http://api.test/api/items/\"\n"
                                         "  - name: \"Another site\"\n"
                                         "    expect: blocked\n"
                                         "    request:\n"
                                         "      origin: \"http://evil.test\"\n"
                                         "      url: \"http://api.test/api/items/\"\n");
    Run r = run({QStringLiteral("test"), path});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QStringList put
            = {QStringLiteral("--origin"), QStringLiteral("http://app.test"),
               QStringLiteral("--url"),    QStringLiteral("http://api.test/api/items/"),
               QStringLiteral("--method"), QStringLiteral("PUT"),
               QStringLiteral("--header"), QStringLiteral("Content-Type: application/json"),
               QStringLiteral("--stack")};
    r = run(QStringList {QStringLiteral("simulate"), path} + put);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("nginx decides the answer: 204.")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("(cors.conf:")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("Verdict: allowed")));
    // The same request with django-cors-headers answering: CorsMiddleware's 200, no nginx.
    r = run(QStringList {QStringLiteral("simulate"), path, QStringLiteral("--cors-layer"),
                         QStringLiteral("django")}
            + put);
    QVERIFY(!r.out.contains(QLatin1String("(cors.conf:")));
    QVERIFY(r.out.contains(QLatin1String("Verdict: allowed")));
    r = run({QStringLiteral("test"), path, QStringLiteral("--cors-layer"),
             QStringLiteral("apache")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("Unknown --cors-layer \"apache\"")), qPrintable(r.err));
}

// `proxy:` in the document: the nginx file, relative to the document (not to the working
// directory), used by test, respond, simulate --stack and lint when no --proxy is given.
void tst_CliTest::theDocumentNamesItsProxy()
{
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("project/nginx")));
    QVERIFY(QFile::copy(nginxData("duplicate-allow-origin.conf"),
                        m_dir.filePath(QStringLiteral("project/nginx/site.conf"))));
    const QString path = write(QStringLiteral("project/api.cors.yaml"),
                               proxiedStack
                                       + "proxy: \"nginx/site.conf\"\n"
                                         "scenarios:\n"
                                         "  - name: \"The app reads items\"\n"
                                         "    expect: allowed\n"
                                         "    request:\n"
                                         "      origin: \"http://app.test\"\n"
                                         "      url: \"http://api.test/api/items/\"\n"
                                         "      credentials: include\n");
    Run r = run({QStringLiteral("test"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("contains multiple values 'http://app.test, "
                                          "http://app.test'")),
             qPrintable(r.out + r.err));
    // --proxy replaces the document's.
    r = run({QStringLiteral("test"), path, QStringLiteral("--proxy"),
             nginxData("proxy-plain.conf")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));

    // respond: the header nginx and Django both send is an array of both lines.
    QProcess respond;
    respond.start(
            QStringLiteral(CORS_CLI_PATH),
            {QStringLiteral("respond"), path, QStringLiteral("--stack"), QStringLiteral("-q")});
    QVERIFY(respond.waitForStarted(10000));
    respond.write("{\"method\": \"GET\", \"path\": \"/api/items/\", \"headers\": {\"Host\": "
                  "\"api.test\", \"Origin\": \"http://app.test\"}}\n");
    respond.closeWriteChannel();
    QVERIFY(respond.waitForFinished(60000));
    const QByteArray answer = respond.readAllStandardOutput();
    QVERIFY2(answer.contains("\"Access-Control-Allow-Origin\":[\"http://app.test\","
                             "\"http://app.test\"]"),
             answer.constData());

    r = run({QStringLiteral("simulate"), path, QStringLiteral("--stack"),
             QStringLiteral("--origin"), QStringLiteral("http://app.test"), QStringLiteral("--url"),
             QStringLiteral("http://api.test/api/items/"), QStringLiteral("--credentials"),
             QStringLiteral("include")});
    QVERIFY2(r.out.contains(QLatin1String("contains multiple values")), qPrintable(r.out + r.err));

    r = run({QStringLiteral("lint"), path});
    QVERIFY2(r.out.contains(QLatin1String("nginx-duplicate-allow-origin")),
             qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QLatin1String("site.conf:")), qPrintable(r.out));

    // A proxy file that is not there: named, exit 2.
    const QString missing = write(QStringLiteral("project/missing.cors.yaml"),
                                  proxiedStack
                                          + "proxy: \"nginx/none.conf\"\n"
                                            "scenarios: []\n");
    r = run({QStringLiteral("lint"), missing});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("none.conf")), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(tst_CliTest)
#include "tst_clitest.moc"
