// SPDX-License-Identifier: MIT
// The command line of issue 19: `simulate --browser`, the batch format's "browser", `--browser
// all`, and `explain`. Expected engine words come from the engines (real Firefox ESR 153 for
// Firefox, WebKit's source for Safari), not from the binary under test.
#include "clirunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class tst_CliBrowsers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void simulateDefaultIsChromium();
    void simulateFirefoxText();
    void simulateBadBrowser();
    void batchBrowserKeyAndOption();
    void allBrowsersTextAndJson();
    void explainRecognises();
    void explainJson();
    void explainUnknownExitsOne();
    void explainUsage();
    void explainInHelpAndManPage();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments, const QByteArray &input = {});

    QTemporaryDir m_dir;
    QString m_policy;
};

namespace {

const QByteArray FirefoxMissing
        = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote "
          "resource at https://api.example/r. (Reason: CORS header \xe2\x80\x98"
          "Access-Control-Allow-Origin\xe2\x80\x99 missing). Status code: 200.";
const QByteArray FirefoxNull
        = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote "
          "resource at https://api.example/r. (Reason: CORS request did not succeed). Status "
          "code: (null).";

} // namespace

tst_CliBrowsers::Run tst_CliBrowsers::run(const QStringList &arguments, const QByteArray &input)
{
    const CliTest::Run r = CliTest::runCli(arguments, input);
    return {r.exitCode, r.out, r.err};
}

void tst_CliBrowsers::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_policy = m_dir.filePath(QStringLiteral("policy.py"));
    QFile file(m_policy);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("CORS_ALLOWED_ORIGINS = ['https://app.example']\n");
}

void tst_CliBrowsers::simulateDefaultIsChromium()
{
    const Run r = run({QStringLiteral("simulate"), m_policy, QStringLiteral("--origin"),
                       QStringLiteral("https://evil.example"), QStringLiteral("--url"),
                       QStringLiteral("https://api.example/r"), QStringLiteral("--format"),
                       QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QLatin1String("browser")).toString(), QStringLiteral("chromium"));
    QCOMPARE(o.value(QLatin1String("console")).toString(),
             QStringLiteral("Access to fetch at 'https://api.example/r' from origin "
                            "'https://evil.example' has been blocked by CORS policy: No "
                            "'Access-Control-Allow-Origin' header is present on the requested "
                            "resource."));
    QCOMPARE(o.value(QLatin1String("script_error")).toString(),
             QStringLiteral("TypeError: Failed to fetch"));
}

void tst_CliBrowsers::simulateFirefoxText()
{
    const Run r
            = run({QStringLiteral("simulate"), m_policy, QStringLiteral("--origin"),
                   QStringLiteral("https://evil.example"), QStringLiteral("--url"),
                   QStringLiteral("https://api.example/r"), QStringLiteral("--method"),
                   QStringLiteral("PUT"), QStringLiteral("--browser"), QStringLiteral("firefox")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(
                     QByteArray("Console: " + FirefoxMissing + "\nConsole: " + FirefoxNull + "\n")),
             r.out.constData());
    QVERIFY(r.out.contains("Script: TypeError: NetworkError when attempting to fetch resource."));
    QVERIFY(r.out.contains(
            "https://developer.mozilla.org/docs/Web/HTTP/CORS/Errors/CORSMissingAllowOrigin"));
}

void tst_CliBrowsers::simulateBadBrowser()
{
    const Run r = run({QStringLiteral("simulate"), m_policy, QStringLiteral("--origin"),
                       QStringLiteral("https://a.example"), QStringLiteral("--url"),
                       QStringLiteral("https://api.example/r"), QStringLiteral("--browser"),
                       QStringLiteral("lynx")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("Unknown --browser \"lynx\""));
    QVERIFY(r.out.isEmpty());
}

void tst_CliBrowsers::batchBrowserKeyAndOption()
{
    const QByteArray input
            = R"({"id": 1, "origin": "https://evil.example", "url": "https://api.example/r", "method": "PUT"})"
              "\n"
              R"({"id": 2, "origin": "https://evil.example", "url": "https://api.example/r", "browser": "safari"})"
              "\n"
              R"({"id": 3, "origin": "https://a.example", "url": "https://api.example/r", "browser": "opera"})"
              "\n";
    const Run r = run({QStringLiteral("simulate"), m_policy, QStringLiteral("--batch"),
                       QStringLiteral("-"), QStringLiteral("--browser"), QStringLiteral("firefox")},
                      input);
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(first.value(QLatin1String("browser")).toString(), QStringLiteral("firefox"));
    // The console lines are joined by \n.
    QCOMPARE(first.value(QLatin1String("console")).toString().toUtf8(),
             QByteArray(FirefoxMissing + '\n' + FirefoxNull));
    QCOMPARE(first.value(QLatin1String("engine_error"))
                     .toObject()
                     .value(QLatin1String("identifier"))
                     .toString(),
             QStringLiteral("CORSMissingAllowOrigin"));
    QCOMPARE(first.value(QLatin1String("failure_stage")).toString(), QStringLiteral("preflight"));
    const QJsonObject second = QJsonDocument::fromJson(lines.at(1)).object();
    QCOMPARE(second.value(QLatin1String("browser")).toString(), QStringLiteral("safari"));
    QCOMPARE(second.value(QLatin1String("script_error")).toString(),
             QStringLiteral("TypeError: Load failed"));
    QCOMPARE(second.value(QLatin1String("console")).toString().split(u'\n').first(),
             QStringLiteral("Origin https://evil.example is not allowed by "
                            "Access-Control-Allow-Origin. Status code: 200"));
    const QJsonObject third = QJsonDocument::fromJson(lines.at(2)).object();
    QVERIFY2(third.value(QLatin1String("error")).toString().contains(QLatin1String("browser")),
             lines.at(2).constData());
}

void tst_CliBrowsers::allBrowsersTextAndJson()
{
    const QStringList args = {QStringLiteral("simulate"),  m_policy,
                              QStringLiteral("--origin"),  QStringLiteral("https://evil.example"),
                              QStringLiteral("--url"),     QStringLiteral("https://api.example/r"),
                              QStringLiteral("--browser"), QStringLiteral("all")};
    const Run text = run(args);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("Chromium") && text.out.contains("Firefox")
                     && text.out.contains("Safari (WebKit)"),
             text.out.constData());
    QVERIFY(text.out.contains("Where they differ: console, script_error, error_identifier."));
    QVERIFY(text.out.contains(FirefoxMissing));

    const Run json = run(args + QStringList {QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(json.out).object();
    const QJsonObject browsers = o.value(QLatin1String("browsers")).toObject();
    QCOMPARE(browsers.keys(),
             QStringList({QStringLiteral("chromium"), QStringLiteral("firefox"),
                          QStringLiteral("safari")}));
    for (const QString &engine : browsers.keys())
        QCOMPARE(browsers.value(engine).toObject().value(QLatin1String("verdict")).toString(),
                 QStringLiteral("blocked"));
    QCOMPARE(o.value(QLatin1String("differences")).toArray().size(), 3);
}

void tst_CliBrowsers::explainRecognises()
{
    const Run r = run({QStringLiteral("explain")},
                      QByteArray(FirefoxMissing + '\n' + FirefoxNull + '\n'));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Engine: Firefox\n"), r.out.constData());
    QVERIFY(r.out.contains("Error: CORSMissingAllowOrigin"));
    QVERIFY(r.out.contains("Failed at: the preflight (OPTIONS) response"));
    QVERIFY(r.out.contains("URL: https://api.example/r"));
    QVERIFY(r.out.contains("cors-studio simulate POLICY --url https://api.example/r --browser "
                           "firefox"));
}

void tst_CliBrowsers::explainJson()
{
    const QByteArray chromium
            = "Access to fetch at 'https://api.example/r' from origin 'https://app.example' has "
              "been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header "
              "in the response must not be the wildcard '*' when the request's credentials mode "
              "is 'include'.";
    const Run r
            = run({QStringLiteral("explain"), QStringLiteral("--format"), QStringLiteral("json")},
                  chromium);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QLatin1String("engine")).toString(), QStringLiteral("chromium"));
    QCOMPARE(o.value(QLatin1String("identifier")).toString(),
             QStringLiteral("WildcardOriginNotAllowed"));
    QCOMPARE(o.value(QLatin1String("stage")).toString(), QStringLiteral("actual"));
    const QJsonObject request = o.value(QLatin1String("request")).toObject();
    QCOMPARE(request.value(QLatin1String("origin")).toString(),
             QStringLiteral("https://app.example"));
    QCOMPARE(request.value(QLatin1String("url")).toString(),
             QStringLiteral("https://api.example/r"));
    QCOMPARE(request.value(QLatin1String("credentials")).toString(), QStringLiteral("include"));
}

void tst_CliBrowsers::explainUnknownExitsOne()
{
    const Run r = run({QStringLiteral("explain")}, "Segmentation fault (core dumped)\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.startsWith("Not a CORS message I know.\nClosest known messages:\n  - "));
    const Run empty = run({QStringLiteral("explain")}, QByteArray());
    QCOMPARE(empty.exitCode, 1);
    const Run binary
            = run({QStringLiteral("explain")}, QByteArray(QByteArray(5000, '\0') + "\xff\xfe"));
    QCOMPARE(binary.exitCode, 1);
}

void tst_CliBrowsers::explainUsage()
{
    const Run file = run({QStringLiteral("explain"), QStringLiteral("error.txt")});
    QCOMPARE(file.exitCode, 2);
    QVERIFY(file.err.contains("takes no file"));
    const Run format
            = run({QStringLiteral("explain"), QStringLiteral("--format"), QStringLiteral("xml")});
    QCOMPARE(format.exitCode, 2);
    const Run help = run({QStringLiteral("help"), QStringLiteral("explain")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.startsWith("Usage: cors-studio [options] explain\n"), help.out.constData());
    QVERIFY(help.out.contains("--format"));
    const Run viaOption = run({QStringLiteral("explain"), QStringLiteral("--help")});
    QCOMPARE(viaOption.out, help.out);
}

void tst_CliBrowsers::explainInHelpAndManPage()
{
    const Run overview = run({QStringLiteral("help")});
    QVERIFY(overview.out.contains("\n  explain "));
    const Run simulateHelp = run({QStringLiteral("simulate"), QStringLiteral("--help")});
    QVERIFY(simulateHelp.out.contains("--browser <engine>"));
    const Run man = run({QStringLiteral("--man-page")});
    QCOMPARE(man.exitCode, 0);
    QVERIFY(man.out.contains("explain"));
    QVERIFY(man.out.contains("browser"));
}

QTEST_GUILESS_MAIN(tst_CliBrowsers)
#include "tst_clibrowsers.moc"
