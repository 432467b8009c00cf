// SPDX-License-Identifier: MIT
// The engines' words and limits (core/engines) through the simulator, and the error explainer.
// Expected strings are copied from the engines, never from the code under test:
//  - Firefox: real Firefox ESR 153 (console lines captured over WebDriver BiDi, see
//    docs/browser-engines.md), which match dom/locales/en-US/chrome/security/security.properties;
//  - WebKit: Source/WebCore/loader/CrossOriginAccessControl.cpp, CrossOriginPreflightResultCache.cpp
//    and ThreadableLoader.cpp (no real WebKit was run);
//  - Chromium: ../shared/reference/browser-cors.md §7.1 and the Chromium agreement test.
#include "testpolicy.h"

#include "browser/crossbrowser.h"
#include "browser/simulation.h"
#include "browser/weborigin.h"
#include "engines/enginefailure.h"
#include "engines/errorexplainer.h"
#include "engines/preflightlifetime.h"
#include "io/corsyaml.h"
#include "io/scenariojson.h"

#include <QJsonDocument>
#include <QSet>
#include <QtTest>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

const QString Blocked = QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy "
                                       "disallows reading the remote resource "
                                       "at ");
const QString DidNotSucceed = Blocked
        + QStringLiteral("https://api.example/r. (Reason: CORS request did not succeed). Status "
                         "code: (null).");

/** A policy whose middleware never answers: the scenario's view headers are the response. */
Policy viewAnswers()
{
    QString error;
    const QJsonObject testCase = QJsonDocument::fromJson(
                                         R"({"profile": "4.x",
                                             "settings": {"CORS_URLS_REGEX": "^/never-matches"}})")
                                         .object();
    const auto policy = Test::policyFromCase(testCase, &error);
    Q_ASSERT(policy);
    return *policy;
}

Scenario scenarioFrom(const QByteArray &json)
{
    QString error;
    const auto line = parseScenarioLine(json, &error);
    if (!line)
        qFatal("bad scenario %s: %s", json.constData(), qPrintable(error));
    return line->scenario;
}

} // namespace

class tst_BrowserEngines : public QObject
{
    Q_OBJECT

private slots:
    void firefoxWords_data();
    void firefoxWords();
    void webkitWords_data();
    void webkitWords();
    void scriptErrors();
    void chromiumUnchanged();
    void preflightLifetime_data();
    void preflightLifetime();
    void preflightCacheFollowsTheEngine();
    void engineRequestRules_data();
    void engineRequestRules();
    void webkitStoresWhatARefusedPreflightAllowed();
    void webkitRequestErrors();
    void roundTripEveryReferenceScenario();
    void explainPastedText_data();
    void explainPastedText();
    void explainUnknownText();
    void explainBadInputNeverCrashes();
    void allBrowsersSideBySide();
    void savedScenarioKeepsItsBrowser();
    void firefoxReasonAloneIsTheFailuresIdentifier();
};

void tst_BrowserEngines::firefoxWords_data()
{
    QTest::addColumn<QByteArray>("scenario");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QStringList>("console");
    const QByteArray base = R"("origin": "https://app.example", "url": "https://api.example/r")";
    auto row = [&](const char *name, const QByteArray &rest, const char *reason,
                   const QStringList &console) {
        QTest::newRow(name) << ("{" + base + ", " + rest + ", \"browser\": \"firefox\"}")
                            << QString::fromLatin1(reason) << console;
    };
    row("missing allow-origin", R"("method": "GET")", "CORSMissingAllowOrigin",
        {Blocked
         + QStringLiteral("https://api.example/r. (Reason: CORS header "
                          "\u2018Access-Control-Allow-Origin\u2019 missing). Status code: 200.")});
    row("missing allow-origin on the preflight",
        R"("method": "PUT", "preflight_headers": {"X-Other": "1"})", "CORSMissingAllowOrigin",
        {Blocked
                 + QStringLiteral("https://api.example/r. (Reason: CORS header "
                                  "\u2018Access-Control-Allow-Origin\u2019 missing). Status code: "
                                  "200."),
         DidNotSucceed});
    row("wildcard with credentials",
        R"("credentials": "include", "endpoint_headers": {"Access-Control-Allow-Origin": "*"})",
        "CORSNotSupportingCredentials",
        {Blocked
         + QStringLiteral("\u2018https://api.example/r\u2019. (Reason: Credential is not supported "
                          "if the CORS header \u2018Access-Control-Allow-Origin\u2019 is "
                          "\u2018*\u2019).")});
    row("another origin",
        R"("endpoint_headers": {"Access-Control-Allow-Origin": "https://other.example"})",
        "CORSAllowOriginNotMatchingOrigin",
        {Blocked
         + QStringLiteral("https://api.example/r. (Reason: CORS header "
                          "\u2018Access-Control-Allow-Origin\u2019 does not match "
                          "\u2018https://other.example\u2019).")});
    row("a list of origins on one line",
        R"("endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example, https://b.example"})",
        "CORSAllowOriginNotMatchingOrigin",
        {Blocked
         + QStringLiteral("https://api.example/r. (Reason: CORS header "
                          "\u2018Access-Control-Allow-Origin\u2019 does not match "
                          "\u2018https://app.example, https://b.example\u2019).")});
    row("credentials not allowed",
        R"("credentials": "include", "endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example"})",
        "CORSMIssingAllowCredentials",
        {Blocked
         + QStringLiteral("https://api.example/r. (Reason: expected \u2018true\u2019 in CORS "
                          "header \u2018Access-Control-Allow-Credentials\u2019).")});
    row("method not allowed",
        R"("method": "PUT", "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET"})",
        "CORSMethodNotFound",
        {Blocked
                 + QStringLiteral("https://api.example/r. (Reason: Did not find method in CORS "
                                  "header \u2018Access-Control-Allow-Methods\u2019)."),
         DidNotSucceed});
    row("invalid method token",
        R"("method": "PUT", "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET, PO ST"})",
        "CORSInvalidAllowMethod",
        {Blocked
                 + QStringLiteral("https://api.example/r. (Reason: invalid token \u2018PO ST\u2019 "
                                  "in CORS header \u2018Access-Control-Allow-Methods\u2019)."),
         DidNotSucceed});
    // Real Firefox: the method is checked before Allow-Headers is parsed (Chromium: the other
    // way round, InvalidAllowHeadersPreflightResponse).
    row("refused method before an unparsable Allow-Headers",
        R"("method": "PUT", "headers": {"X-A": "1"}, "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "x-a; x-b"})",
        "CORSMethodNotFound",
        {Blocked
                 + QStringLiteral("https://api.example/r. (Reason: Did not find method in CORS "
                                  "header \u2018Access-Control-Allow-Methods\u2019)."),
         DidNotSucceed});
    row("invalid header token",
        R"("method": "POST", "headers": {"X-A": "1"}, "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Headers": "x-a; x-b"})",
        "CORSInvalidAllowHeader",
        {Blocked
                 + QStringLiteral(
                         "https://api.example/r. (Reason: invalid token \u2018x-a; "
                         "x-b\u2019 in CORS header \u2018Access-Control-Allow-Headers\u2019)."),
         DidNotSucceed});
    row("header not allowed",
        R"("method": "POST", "headers": {"X-Custom": "1"}, "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Headers": "x-other"})",
        "CORSMissingAllowHeaderFromPreflight",
        {Blocked
                 + QStringLiteral("https://api.example/r. (Reason: header \u2018x-custom\u2019 is "
                                  "not allowed according to header "
                                  "\u2018Access-Control-Allow-Headers\u2019 from CORS preflight "
                                  "response)."),
         DidNotSucceed});
    row("preflight status",
        R"("method": "PUT", "preflight_status": 404, "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example"})",
        "CORSPreflightDidNotSucceed",
        {Blocked
                 + QStringLiteral("https://api.example/r. (Reason: CORS preflight response did "
                                  "not succeed). Status code: 404."),
         DidNotSucceed});
}

void tst_BrowserEngines::firefoxWords()
{
    QFETCH(QByteArray, scenario);
    QFETCH(QString, reason);
    QFETCH(QStringList, console);
    const SimulationResult r = simulate(viewAnswers(), scenarioFrom(scenario));
    QVERIFY(!r.allowed);
    QCOMPARE(r.browser, BrowserEngine::Firefox);
    QVERIFY(r.engineFailure);
    QCOMPARE(r.engineFailure->identifier, reason);
    QCOMPARE(r.engineFailure->documentation,
             QStringLiteral("https://developer.mozilla.org/docs/Web/HTTP/CORS/Errors/") + reason);
    QCOMPARE(r.console.split(u'\n'), console);
    QCOMPARE(r.scriptError,
             QStringLiteral("TypeError: NetworkError when attempting to fetch resource."));
    QCOMPARE(r.firefoxReason, reason);
}

void tst_BrowserEngines::webkitWords_data()
{
    QTest::addColumn<QByteArray>("scenario");
    QTest::addColumn<QString>("description");
    const QByteArray base = R"("origin": "https://app.example", "url": "https://api.example/r")";
    auto row = [&](const char *name, const QByteArray &rest, const char *description) {
        QTest::newRow(name) << ("{" + base + ", " + rest + ", \"browser\": \"safari\"}")
                            << QString::fromLatin1(description);
    };
    row("missing allow-origin", R"("method": "GET")",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: "
        "200");
    // WebKit checks the preflight's status before its Allow-Origin (Chromium and Firefox: after).
    row("preflight 404 without allow-origin", R"("method": "PUT", "preflight_status": 404)",
        "Preflight response is not successful. Status code: 404");
    row("wildcard with credentials",
        R"("credentials": "include", "endpoint_headers": {"Access-Control-Allow-Origin": "*"})",
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.");
    row("a list of origins",
        R"("endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example, https://b.example"})",
        "Access-Control-Allow-Origin cannot contain more than one origin.");
    row("credentials not allowed",
        R"("credentials": "include", "endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example"})",
        "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".");
    row("method not allowed",
        R"("method": "PUT", "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET"})",
        "Method PUT is not allowed by Access-Control-Allow-Methods.");
    row("header not allowed, named as the script wrote it",
        R"("method": "POST", "headers": {"X-Custom": "1"}, "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Headers": "x-other"})",
        "Request header field X-Custom is not allowed by Access-Control-Allow-Headers.");
    row("invalid Allow-Methods",
        R"("method": "PUT", "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET, PO ST"})",
        "Header Access-Control-Allow-Methods has an invalid value: GET, PO ST");
}

void tst_BrowserEngines::webkitWords()
{
    QFETCH(QByteArray, scenario);
    QFETCH(QString, description);
    const SimulationResult r = simulate(viewAnswers(), scenarioFrom(scenario));
    QVERIFY(!r.allowed);
    QCOMPARE(r.browser, BrowserEngine::Safari);
    const QStringList expected
            = {description,
               QStringLiteral("Fetch API cannot load https://api.example/r due to access control "
                              "checks."),
               QStringLiteral("Failed to load resource: ") + description};
    QCOMPARE(r.console.split(u'\n'), expected);
    QCOMPARE(r.scriptError, QStringLiteral("TypeError: Load failed"));
}

void tst_BrowserEngines::scriptErrors()
{
    const QByteArray xhr = R"({"origin": "https://app.example", "url": "https://api.example/r",
                               "api": "xhr", "browser": "safari"})";
    const SimulationResult r = simulate(viewAnswers(), scenarioFrom(xhr));
    QCOMPARE(r.console.split(u'\n').value(1),
             QStringLiteral("XMLHttpRequest cannot load https://api.example/r due to access "
                            "control checks."));
    QCOMPARE(engineNetworkError(BrowserEngine::Chromium, RequestInitiator::Fetch),
             QStringLiteral("TypeError: Failed to fetch"));
}

void tst_BrowserEngines::chromiumUnchanged()
{
    // The default engine, and Chromium's line of browser-cors.md §7.1.
    const Scenario s = scenarioFrom(R"({"origin": "https://app.example",
                                        "url": "https://api.example/r", "method": "PUT"})");
    QCOMPARE(s.browser, BrowserEngine::Chromium);
    const SimulationResult r = simulate(viewAnswers(), s);
    QCOMPARE(r.console,
             QStringLiteral("Access to fetch at 'https://api.example/r' from origin "
                            "'https://app.example' has been blocked by CORS policy: Response to "
                            "preflight request doesn't pass access control check: No "
                            "'Access-Control-Allow-Origin' header is present on the requested "
                            "resource."));
    QCOMPARE(r.scriptError, QStringLiteral("TypeError: Failed to fetch"));
    QCOMPARE(r.engineFailure->identifier, QStringLiteral("PreflightMissingAllowOriginHeader"));
    QCOMPARE(r.firefoxReason, QStringLiteral("CORSMissingAllowOrigin"));
}

void tst_BrowserEngines::preflightLifetime_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("maxAge"); ///< "<absent>" for no header
    QTest::addColumn<qint64>("seconds"); ///< -1: not stored
    // Chromium preflight_result.cc; nsCORSListenerProxy.cpp AddResultToCache;
    // WebKit CrossOriginPreflightResultCache.cpp.
    QTest::newRow("chromium absent") << "chromium"
                                     << "<absent>" << qint64(5);
    QTest::newRow("chromium capped") << "chromium"
                                     << "100000" << qint64(7200);
    QTest::newRow("chromium negative") << "chromium"
                                       << "-1" << qint64(0);
    QTest::newRow("chromium not a number") << "chromium"
                                           << "1e3" << qint64(5);
    QTest::newRow("firefox absent") << "firefox"
                                    << "<absent>" << qint64(5);
    QTest::newRow("firefox empty") << "firefox"
                                   << "" << qint64(5);
    QTest::newRow("firefox capped") << "firefox"
                                    << "100000" << qint64(86400);
    QTest::newRow("firefox 600") << "firefox"
                                 << "600" << qint64(600);
    QTest::newRow("firefox zero") << "firefox"
                                  << "0" << qint64(-1);
    QTest::newRow("firefox non-digit") << "firefox"
                                       << "10s" << qint64(-1);
    QTest::newRow("firefox negative") << "firefox"
                                      << "-1" << qint64(-1);
    QTest::newRow("safari absent") << "safari"
                                   << "<absent>" << qint64(5);
    QTest::newRow("safari capped") << "safari"
                                   << "7200" << qint64(600);
    QTest::newRow("safari not a number") << "safari"
                                         << "abc" << qint64(5);
    QTest::newRow("safari negative") << "safari"
                                     << "-5" << qint64(0);
}

void tst_BrowserEngines::preflightLifetime()
{
    QFETCH(QString, engine);
    QFETCH(QString, maxAge);
    QFETCH(qint64, seconds);
    const auto e = browserEngineFromName(engine);
    QVERIFY(e);
    const std::optional<QString> value
            = maxAge == QLatin1String("<absent>") ? std::nullopt : std::optional<QString>(maxAge);
    const std::optional<qint64> got = preflightLifetimeSeconds(*e, value);
    QCOMPARE(got.value_or(-1), seconds);
    QCOMPARE(hasLocalNetworkAccess(*e), *e == BrowserEngine::Chromium);
}

void tst_BrowserEngines::preflightCacheFollowsTheEngine()
{
    // Max-Age 3600: Chromium and Firefox still hold the preflight after 10 minutes and a
    // second, WebKit (cap 600 s) sends a new one.
    const Policy policy = viewAnswers();
    const CorsEngine engine(policy);
    for (BrowserEngine browser : allBrowserEngines()) {
        Scenario s = scenarioFrom(R"({"origin": "https://app.example",
            "url": "https://api.example/r", "method": "PUT",
            "endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example"},
            "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example",
                                  "Access-Control-Allow-Methods": "PUT",
                                  "Access-Control-Max-Age": "3600"}})");
        s.browser = browser;
        BrowserSession session;
        const SimulationResult first = session.run(engine, s);
        QVERIFY(first.allowed);
        QVERIFY(first.preflightSent);
        session.advanceClockSeconds(601);
        const SimulationResult second = session.run(engine, s);
        QVERIFY(second.allowed);
        QCOMPARE(second.servedFromPreflightCache, browser != BrowserEngine::Safari);
    }
}

void tst_BrowserEngines::engineRequestRules_data()
{
    // Sequences in one browser session; "preflights" says, request by request, whether a
    // preflight went out. Firefox's column is what real Firefox ESR 153 did in the Firefox
    // agreement test (corpus headers_star, max_age_short, preflight_cache_modes, unsafe_bytes,
    // allowlist_defaults); Chromium's is what real Chromium did in the Chromium one.
    QTest::addColumn<QList<QByteArray>>("requests");
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QList<bool>>("preflights");
    const QByteArray allowAll
            = R"("preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Credentials": "true", "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "*, content-type", "Access-Control-Max-Age": "600"}, "endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Credentials": "true"})";
    auto req = [&](const QByteArray &rest) -> QByteArray {
        return R"({"origin": "https://app.example", "url": "https://api.example/r", )" + rest + ", "
                + allowAll + "}";
    };
    const QList<QByteArray> credentialsThenNot
            = {req(R"("method": "PUT", "credentials": "include")"),
               req(R"("method": "PUT", "credentials": "omit")")};
    QTest::newRow("chromium: a credentialed entry serves a request without")
            << credentialsThenNot << "chromium" << QList<bool> {true, false};
    QTest::newRow("firefox: the cache is keyed by credentials")
            << credentialsThenNot << "firefox" << QList<bool> {true, true};
    const QList<QByteArray> starTwice
            = {req(R"("headers": {"X-Custom": "1"})"), req(R"("headers": {"X-Custom": "2"})")};
    QTest::newRow("chromium: a cached * covers the header")
            << starTwice << "chromium" << QList<bool> {true, false};
    QTest::newRow("firefox: a cached * is a literal token")
            << starTwice << "firefox" << QList<bool> {true, true};
    const QList<QByteArray> noCache
            = {req(R"("method": "PUT")"), req(R"("method": "PUT", "cache": "no-cache")")};
    QTest::newRow("chromium: no-cache skips the cache")
            << noCache << "chromium" << QList<bool> {true, true};
    QTest::newRow("firefox: no-cache uses the cache")
            << noCache << "firefox" << QList<bool> {true, false};
    const QList<QByteArray> noStoreThenDefault
            = {req(R"("method": "PUT", "cache": "no-store")"), req(R"("method": "PUT")")};
    QTest::newRow("chromium: no-store is not written")
            << noStoreThenDefault << "chromium" << QList<bool> {true, true};
    QTest::newRow("firefox: no-store is written")
            << noStoreThenDefault << "firefox" << QList<bool> {true, false};
    const QList<QByteArray> dpr = {req(R"("headers": {"DPR": "2"})")};
    QTest::newRow("chromium safelists DPR") << dpr << "chromium" << QList<bool> {false};
    QTest::newRow("firefox preflights DPR") << dpr << "firefox" << QList<bool> {true};
    const QList<QByteArray> userAgent = {req(R"("headers": {"User-Agent": "curl/8.0"})")};
    QTest::newRow("chromium drops a script's User-Agent")
            << userAgent << "chromium" << QList<bool> {false};
    QTest::newRow("firefox sends it, after a preflight")
            << userAgent << "firefox" << QList<bool> {true};
    // Safari's rows: what real WebKitGTK 2.50.6 did in browser/webkit_agreement (corpus
    // preflight_cache_modes #2-#8, headers_star #7-#8, allowlist_defaults #24).
    QTest::newRow("safari: no-cache uses the cache")
            << noCache << "safari" << QList<bool> {true, false};
    QTest::newRow("safari: no-store is written")
            << noStoreThenDefault << "safari" << QList<bool> {true, false};
    const QList<QByteArray> starThenAuthorization
            = {req(R"("headers": {"X-Custom": "1"})"),
               req(R"("headers": {"Authorization": "Bearer t"})")};
    QTest::newRow("chromium: a cached * does not cover Authorization")
            << starThenAuthorization << "chromium" << QList<bool> {true, true};
    QTest::newRow("safari: a cached * covers Authorization")
            << starThenAuthorization << "safari" << QList<bool> {true, false};
    QTest::newRow("safari sends a script's User-Agent, after a preflight")
            << userAgent << "safari" << QList<bool> {true};
}

void tst_BrowserEngines::webkitStoresWhatARefusedPreflightAllowed()
{
    // max_age_default session "c" in real WebKitGTK 2.50.6: a GET with X-Custom is refused (the
    // answer allows PUT and Content-Type, not X-Custom); the PUT that follows goes without a
    // preflight. Real Chromium preflights the PUT.
    const Policy policy = viewAnswers();
    const CorsEngine cors(policy);
    const QByteArray preflight
            = R"("preflight_headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET, PUT", "Access-Control-Allow-Headers": "content-type", "Access-Control-Max-Age": "600"}, "endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example"})";
    const Scenario refused = scenarioFrom(
            R"({"origin": "https://app.example", "url": "https://api.example/r", "headers": {"X-Custom": "1"}, )"
            + preflight + "}");
    const Scenario put = scenarioFrom(
            R"({"origin": "https://app.example", "url": "https://api.example/r", "method": "PUT", "headers": {"Content-Type": "application/json"}, "body": "{}", )"
            + preflight + "}");
    for (BrowserEngine browser : allBrowserEngines()) {
        BrowserSession session;
        Scenario first = refused;
        first.browser = browser;
        QVERIFY(!session.run(cors, first).allowed);
        Scenario second = put;
        second.browser = browser;
        const SimulationResult r = session.run(cors, second);
        QVERIFY(r.allowed);
        QCOMPARE(r.preflightSent, browser != BrowserEngine::Safari);
    }
}

void tst_BrowserEngines::webkitRequestErrors()
{
    // fetch_modes #3, #5, #6: the TypeErrors real WebKitGTK 2.50.6 threw before any request.
    const Policy policy = viewAnswers();
    const CorsEngine cors(policy);
    const QList<std::pair<QByteArray, QString>> cases = {
            {R"("method": "PUT", "mode": "no-cors")",
             QStringLiteral("TypeError: Method must be GET, POST or HEAD in no-cors mode.")},
            {R"("method": "TRACE")", QStringLiteral("TypeError: Method is forbidden.")},
            {R"("method": "GET", "body": "x")",
             QStringLiteral("TypeError: Request has method 'GET' and cannot have a body")},
    };
    for (const auto &[rest, words] : cases) {
        Scenario s = scenarioFrom(
                R"({"origin": "https://app.example", "url": "https://api.example/r", )" + rest
                + "}");
        s.browser = BrowserEngine::Safari;
        BrowserSession session;
        const SimulationResult r = session.run(cors, s);
        QVERIFY(!r.allowed);
        QVERIFY(r.serverSaw.isEmpty());
        QCOMPARE(r.scriptError, words);
    }
}

void tst_BrowserEngines::engineRequestRules()
{
    QFETCH(QList<QByteArray>, requests);
    QFETCH(QString, engine);
    QFETCH(QList<bool>, preflights);
    const Policy policy = viewAnswers();
    const CorsEngine cors(policy);
    BrowserSession session;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        Scenario s = scenarioFrom(requests.at(i));
        s.browser = *browserEngineFromName(engine);
        const SimulationResult r = session.run(cors, s);
        QVERIFY2(r.allowed, qPrintable(r.console));
        QCOMPARE(r.preflightSent, preflights.at(i));
    }
}

void tst_BrowserEngines::roundTripEveryReferenceScenario()
{
    // Every scenario of the simulator's reference data, in every engine: what the engine logs
    // reads back as the same engine, the same error, the same URL (and origin where the text
    // holds it), line by line and as a whole.
    QString error;
    const QList<Test::ReferenceCase> cases
            = Test::loadReferenceCases(QStringLiteral("simulator"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> seen[3];
    int checked = 0;
    for (const Test::ReferenceCase &c : cases) {
        if (!c.skipReason().isEmpty())
            continue;
        QJsonObject policyCase = c.object;
        if (!policyCase.contains(QLatin1String("profile")))
            policyCase.insert(QStringLiteral("profile"), QStringLiteral("4.x"));
        const auto policy = Test::policyFromCase(policyCase, &error);
        QVERIFY2(policy, qPrintable(error));
        const QJsonValue scenarios = c.object.value(QLatin1String("scenario"));
        const QJsonArray list = scenarios.isArray() ? scenarios.toArray() : QJsonArray {scenarios};
        for (const QJsonValue &value : list) {
            const auto line = scenarioFromJson(value.toObject(), &error);
            QVERIFY2(line, qPrintable(error));
            for (BrowserEngine browser : allBrowserEngines()) {
                Scenario s = line->scenario;
                s.browser = browser;
                const SimulationResult r = simulate(*policy, s);
                if (r.allowed || !r.engineFailure || r.console.isEmpty())
                    continue;
                const QString row = c.rowName() + u' ' + browserEngineName(browser);
                const EngineFailure &f = *r.engineFailure;
                seen[int(browser)].insert(f.identifier);
                const ErrorExplanation whole = explainErrorText(r.console);
                QVERIFY2(whole.recognised, qPrintable(row));
                QVERIFY2(!whole.mixedEngines, qPrintable(row));
                QVERIFY2(whole.engine == browser, qPrintable(row));
                QVERIFY2(whole.identifier == f.identifier,
                         qPrintable(row + u' ' + whole.identifier + u' ' + f.identifier));
                QVERIFY2(whole.url == r.urlList.last() || whole.url == r.urlList.first()
                                 || browser == BrowserEngine::Safari,
                         qPrintable(row + u' ' + whole.url));
                if (browser == BrowserEngine::Chromium) {
                    const auto page = WebOrigin::parse(s.pageOrigin);
                    QVERIFY2(page && whole.origin == page->serialize(),
                             qPrintable(row + u' ' + whole.origin));
                }
                // Chromium's and Firefox's lines tell a failed preflight; WebKit's Allow-Origin
                // sentences read the same for the preflight and the response.
                if (r.failureStage == FailureStage::Preflight)
                    QVERIFY2(whole.stage == FailureStage::Preflight
                                     || (browser == BrowserEngine::Safari && !whole.stage),
                             qPrintable(row + QStringLiteral(" stage")));
                else if (whole.stage)
                    QVERIFY2(whole.stage == r.failureStage,
                             qPrintable(row + QStringLiteral(" stage")));
                // The first line alone names the same error.
                const ErrorExplanation first = explainErrorText(r.console.split(u'\n').first());
                QVERIFY2(first.recognised && first.identifier == f.identifier, qPrintable(row));
                // And so does the text with the console's own decorations around it.
                const ErrorExplanation decorated
                        = explainErrorText(QStringLiteral("[Error] ") + r.console
                                           + QStringLiteral("\n") + r.scriptError);
                QVERIFY2(decorated.identifier == f.identifier, qPrintable(row));
                ++checked;
            }
        }
    }
    QVERIFY(checked > 100);
    // Every identifier the simulator produced for these scenarios, per engine, was read back.
    qInfo() << "checked" << checked << "messages; identifiers: chromium" << seen[0].size()
            << "firefox" << seen[1].size() << "safari" << seen[2].size();
    QVERIFY(seen[0].size() >= 15);
    QVERIFY(seen[1].size() >= 9);
    QVERIFY(seen[2].size() >= 8);
}

void tst_BrowserEngines::explainPastedText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("stage"); ///< "" when the text does not tell
    QTest::newRow("chromium, as DevTools copies it") << QStringLiteral(
            "app.js:12 Access to fetch at 'http://api.test:8000/items?x=1' from origin "
            "'http://app.test' has been blocked by CORS policy: Response to preflight "
            "request doesn't pass access control check: No "
            "'Access-Control-Allow-Origin' header is present on the requested "
            "resource.\napp.js:12 GET http://api.test:8000/items?x=1 "
            "net::ERR_FAILED\nUncaught (in promise) TypeError: Failed to fetch")
                                                     << "chromium"
                                                     << "PreflightMissingAllowOriginHeader"
                                                     << "http://api.test:8000/items?x=1"
                                                     << "http://app.test"
                                                     << "preflight";
    QTest::newRow("chromium, wrapped")
            << QStringLiteral("Access to XMLHttpRequest at 'https://api.example/r' from origin\n"
                              "'https://app.example' has been blocked by CORS policy: Method "
                              "DELETE is not allowed\nby Access-Control-Allow-Methods in "
                              "preflight response.")
            << "chromium"
            << "MethodDisallowedByPreflightResponse"
            << "https://api.example/r"
            << "https://app.example"
            << "preflight";
    QTest::newRow("firefox, straight quotes, one line")
            << QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy disallows "
                              "reading the remote resource at https://api.example/r. (Reason: "
                              "CORS header 'Access-Control-Allow-Origin' missing). Status code: "
                              "500. [Learn More]")
            << "firefox"
            << "CORSMissingAllowOrigin"
            << "https://api.example/r"
            << ""
            << "";
    QTest::newRow("firefox, the reason only")
            << QStringLiteral("(Reason: Credential is not supported if the CORS header "
                              "\u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019)")
            << "firefox"
            << "CORSNotSupportingCredentials"
            << ""
            << ""
            << "";
    QTest::newRow("safari, with its prefixes")
            << QStringLiteral("[Error] Preflight response is not successful. Status code: 403\n"
                              "[Error] Fetch API cannot load https://api.example/r due to access "
                              "control checks.\n[Error] Failed to load resource: Preflight "
                              "response is not successful. Status code: 403 (r, line 0)")
            << "safari"
            << "PreflightNotSuccessful"
            << "https://api.example/r"
            << ""
            << "preflight";
    QTest::newRow("a script error alone") << QStringLiteral("TypeError: NetworkError when "
                                                            "attempting to fetch resource.")
                                          << "firefox"
                                          << ""
                                          << ""
                                          << ""
                                          << "";
}

void tst_BrowserEngines::explainPastedText()
{
    QFETCH(QString, text);
    QFETCH(QString, engine);
    QFETCH(QString, identifier);
    QFETCH(QString, url);
    QFETCH(QString, origin);
    QFETCH(QString, stage);
    const ErrorExplanation e = explainErrorText(text);
    QVERIFY(e.recognised);
    QVERIFY(e.engine);
    QCOMPARE(browserEngineName(*e.engine), engine);
    QCOMPARE(e.identifier, identifier);
    QCOMPARE(e.url, url);
    QCOMPARE(e.origin, origin);
    QCOMPARE(e.stage ? failureStageName(*e.stage) : QString(), stage);
    QVERIFY(!e.what.isEmpty());
}

void tst_BrowserEngines::explainUnknownText()
{
    const ErrorExplanation e = explainErrorText(
            QStringLiteral("Access to fetch has been blocked by the flux capacitor"));
    QVERIFY(!e.recognised);
    QCOMPARE(e.closest.size(), 3);
    QVERIFY2(e.closest.first().startsWith(QLatin1String("Chromium: Access to ")),
             qPrintable(e.closest.first()));
    QVERIFY(!explainErrorText(QString()).recognised);
}

void tst_BrowserEngines::explainBadInputNeverCrashes()
{
    for (const QString &text :
         {QString(QStringLiteral("@@U@@ @@V@@")), QString(100000, u'\''),
          QString(QStringLiteral("Access to fetch at '")), QString(QChar(0xd800)),
          QStringLiteral("Status code: (null).\n\n\n\r\r")}) {
        const ErrorExplanation e = explainErrorText(text);
        Q_UNUSED(e);
    }
}

void tst_BrowserEngines::allBrowsersSideBySide()
{
    const Scenario s = scenarioFrom(R"({"origin": "https://app.example",
                                        "url": "https://api.example/r", "method": "PUT"})");
    const CrossBrowserResult all = simulateAllBrowsers(viewAnswers(), s);
    QCOMPARE(all.results.size(), 3);
    // Same verdict and requests; different words.
    QCOMPARE(all.differences,
             QStringList({QStringLiteral("console"), QStringLiteral("script_error"),
                          QStringLiteral("error_identifier")}));
    // An allowed request with Max-Age 3600: only the preflight's lifetime differs.
    const Scenario cached = scenarioFrom(R"({"origin": "https://app.example",
        "url": "https://api.example/r", "method": "PUT",
        "endpoint_headers": {"Access-Control-Allow-Origin": "https://app.example"},
        "preflight_headers": {"Access-Control-Allow-Origin": "https://app.example",
                              "Access-Control-Allow-Methods": "PUT",
                              "Access-Control-Max-Age": "86401"}})");
    const CrossBrowserResult kept = simulateAllBrowsers(viewAnswers(), cached);
    QCOMPARE(kept.differences, QStringList {QStringLiteral("preflight_lifetime")});
    QCOMPARE(kept.results.at(0).preflightLifetimeSeconds, std::optional<qint64>(7200));
    QCOMPARE(kept.results.at(1).preflightLifetimeSeconds, std::optional<qint64>(86400));
    QCOMPARE(kept.results.at(2).preflightLifetimeSeconds, std::optional<qint64>(600));
}

void tst_BrowserEngines::savedScenarioKeepsItsBrowser()
{
    const QByteArray yaml
            = "cors-studio: 1\nscenarios:\n  - name: \"a\"\n    request:\n"
              "      origin: \"https://a.example\"\n      url: \"https://b.example/\"\n"
              "      browser: firefox\n";
    const CorsYamlResult loaded = loadCorsYaml(yaml);
    QVERIFY(loaded.ok);
    QCOMPARE(loaded.document.scenarios.size(), 1);
    QCOMPARE(loaded.document.scenarios.first().scenario.browser, BrowserEngine::Firefox);
    const QByteArray saved = saveCorsYaml(loaded.document);
    QVERIFY2(saved.contains("      browser: firefox\n"), saved.constData());
    QVERIFY(loadCorsYaml(saved).document == loaded.document);
    const CorsYamlResult bad = loadCorsYaml(QByteArray(yaml).replace("firefox", "netscape"));
    QVERIFY(!bad.ok);
}

void tst_BrowserEngines::firefoxReasonAloneIsTheFailuresIdentifier()
{
    // The simulator asks only for the identifier (a Chromium run's firefox_reason); it must be
    // the one the whole wording carries, for every error at every stage, with and without the
    // response's CORS headers and credentials.
    const HttpHeaders withCors {{u"Access-Control-Allow-Origin"_s, u"https://other.example"_s},
                                {u"Access-Control-Allow-Credentials"_s, u"TRUE"_s},
                                {u"Access-Control-Allow-Methods"_s, u"GET, PUT/"_s},
                                {u"Access-Control-Allow-Headers"_s, u"x-a"_s}};
    const HttpHeaders matching {{u"Access-Control-Allow-Origin"_s, u"https://app.example"_s},
                                {u"Access-Control-Allow-Credentials"_s, u"true"_s},
                                {u"Access-Control-Allow-Methods"_s, u"GET"_s}};
    const HttpHeaders wildcard {{u"Access-Control-Allow-Origin"_s, u"*"_s},
                                {u"Access-Control-Allow-Methods"_s, u"PUT, ,"_s},
                                {u"Access-Control-Allow-Headers"_s, u"x-b/"_s}};
    QSet<QString> reasons;
    for (int error = int(CorsError::DisallowedByMode);
         error <= int(CorsError::RedirectContainsCredentials); ++error) {
        for (const FailureStage stage : {FailureStage::Request, FailureStage::Redirect,
                                         FailureStage::Preflight, FailureStage::Actual}) {
            for (const bool include : {false, true}) {
                for (const HttpHeaders &headers : {HttpHeaders(), withCors, matching, wildcard}) {
                    FailureContext c;
                    c.failure = {CorsError(error), u"x-b"_s};
                    c.stage = stage;
                    c.url = u"https://api.example/r"_s;
                    c.firstUrl = c.url;
                    c.pageOrigin = u"https://app.example"_s;
                    c.requestOrigin = c.pageOrigin;
                    c.method = u"PUT"_s;
                    c.credentialsInclude = include;
                    c.status = stage == FailureStage::Request ? 0 : 200;
                    c.responseHeaders = headers;
                    c.unsafeHeaders = {u"X-B"_s};
                    const QString reason = firefoxReason(c);
                    QCOMPARE(reason, firefoxFailure(c).identifier);
                    reasons.insert(reason);
                }
            }
        }
    }
    // Not one answer for everything: the silent errors, and several of Firefox's reasons.
    QVERIFY(reasons.contains(QString()));
    QVERIFY2(reasons.size() >= 8,
             qPrintable(QStringList(reasons.cbegin(), reasons.cend()).join(u", ")));
}

QTEST_GUILESS_MAIN(tst_BrowserEngines)
#include "tst_browserengines.moc"
