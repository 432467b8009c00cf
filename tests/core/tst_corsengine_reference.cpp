// SPDX-License-Identifier: MIT
// Acceptance tests: the engine against the verified request/response tables of
// django-cors-headers.md (§4.1, §4.2 and the §7.1 probes), one data row per case of
// tests/data/engine/*.json.

#include "testpolicy.h"

#include "io/requestjson.h"
#include "python/pysemantics.h"
#include "server/corsengine.h"
#include "server/originlists.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cors;

class tst_CorsEngineReference : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void respond_data();
    void respond();
    void wholeHeaderList_data();
    void wholeHeaderList();
    void rawPathAgrees();
    void rawPathDeclinesUnusualRequests();
    void entryAdmitsAgreesWithExamine();

private:
    QList<Test::ReferenceCase> m_cases;
};

namespace {

struct Outcome
{
    EngineResponse response;
    QString setupError;
};

Outcome run(const QJsonObject &testCase)
{
    Outcome outcome;
    const std::optional<Policy> policy = Test::policyFromCase(testCase, &outcome.setupError);
    if (!policy)
        return outcome;
    const HttpRequest request
            = Test::requestFromJson(testCase.value(QLatin1String("request")).toObject());
    const EndpointResponse endpoint
            = Test::endpointFromJson(testCase.value(QLatin1String("endpoint")).toObject());
    outcome.response = CorsEngine(*policy).respond(request, endpoint);
    return outcome;
}

QString listText(const QStringList &lines)
{
    return lines.isEmpty() ? QStringLiteral("(none)") : lines.join(QLatin1String(" | "));
}

} // namespace

void tst_CorsEngineReference::initTestCase()
{
    QString error;
    m_cases = Test::loadReferenceCases(QStringLiteral("engine"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // The transcription must keep every request of the reference tables, skipped ones included.
    QHash<QString, int> perFile;
    for (const Test::ReferenceCase &c : std::as_const(m_cases))
        ++perFile[c.file];
    QCOMPARE(perFile.value(QStringLiteral("test-middleware-4x")), 43);
    QCOMPARE(perFile.value(QStringLiteral("test-middleware-3.14")), 45);
    QVERIFY(perFile.value(QStringLiteral("probes-4x")) >= 75);
    QCOMPARE(perFile.value(QStringLiteral("probes-3.14")),
             perFile.value(QStringLiteral("probes-4x")));
}

void tst_CorsEngineReference::respond_data()
{
    QTest::addColumn<QJsonObject>("testCase");
    QTest::addColumn<QString>("skipReason");
    for (const Test::ReferenceCase &c : std::as_const(m_cases))
        QTest::newRow(qPrintable(c.rowName())) << c.object << c.skipReason();
}

void tst_CorsEngineReference::respond()
{
    QFETCH(QJsonObject, testCase);
    QFETCH(QString, skipReason);
    if (!skipReason.isEmpty())
        QSKIP(qPrintable(skipReason));

    const Outcome outcome = run(testCase);
    QVERIFY2(outcome.setupError.isEmpty(), qPrintable(outcome.setupError));
    const EngineResponse &response = outcome.response;
    const QJsonObject expect = testCase.value(QLatin1String("expect")).toObject();

    QStringList problems;
    const int status = expect.value(QLatin1String("status")).toInt(-1);
    if (response.status != status)
        problems << QStringLiteral("status: actual %1, expected %2")
                            .arg(response.status)
                            .arg(status);

    const bool shortCircuit = expect.value(QLatin1String("shortCircuit")).toBool();
    if (response.shortCircuit != shortCircuit)
        problems << QStringLiteral("shortCircuit: actual %1, expected %2")
                            .arg(response.shortCircuit ? QLatin1String("true")
                                                       : QLatin1String("false"),
                                 shortCircuit ? QLatin1String("true") : QLatin1String("false"));

    const bool error = expect.value(QLatin1String("error")).toBool();
    if (error) {
        const QString contains = expect.value(QLatin1String("errorContains")).toString();
        if (response.error.isEmpty())
            problems << QStringLiteral("error: none, expected a server error (%1)").arg(contains);
        else if (!response.error.contains(contains))
            problems << QStringLiteral("error: \"%1\" does not mention %2")
                                .arg(Test::escaped(response.error), contains);
    } else if (!response.error.isEmpty()) {
        problems << QStringLiteral("error: unexpected \"%1\"").arg(Test::escaped(response.error));
    }

    const QStringList actualCors = Test::headerLines(response.corsHeaders);
    const QStringList expectedCors
            = Test::headerLines(Test::headersFromJson(expect.value(QLatin1String("corsHeaders"))));
    if (actualCors != expectedCors)
        problems << QStringLiteral("corsHeaders:\n     actual: %1\n   expected: %2")
                            .arg(listText(actualCors), listText(expectedCors));

    if (!problems.isEmpty())
        QFAIL(qPrintable(problems.join(QLatin1Char('\n'))));
}

void tst_CorsEngineReference::wholeHeaderList_data()
{
    // Stricter: the §4.1/§4.2 tables give the whole observed response (the view's own headers
    // included), e.g. content-length before Content-Type on a 4.x preflight and after it on 3.14.
    QTest::addColumn<QJsonObject>("testCase");
    for (const Test::ReferenceCase &c : std::as_const(m_cases)) {
        if (c.skipReason().isEmpty() && c.expect().contains(QLatin1String("headers")))
            QTest::newRow(qPrintable(c.rowName())) << c.object;
    }
}

void tst_CorsEngineReference::wholeHeaderList()
{
    QFETCH(QJsonObject, testCase);
    const Outcome outcome = run(testCase);
    QVERIFY2(outcome.setupError.isEmpty(), qPrintable(outcome.setupError));
    const QJsonObject expect = testCase.value(QLatin1String("expect")).toObject();
    const QStringList actual = Test::headerLines(outcome.response.headers);
    const QStringList expected
            = Test::headerLines(Test::headersFromJson(expect.value(QLatin1String("headers"))));
    if (actual != expected)
        QFAIL(qPrintable(QStringLiteral("headers:\n     actual: %1\n   expected: %2")
                                 .arg(listText(actual), listText(expected))));
}

namespace {

QByteArray requestLine(const HttpRequest &request, const char *id)
{
    QJsonObject headers;
    for (const HttpHeader &h : request.headers)
        headers.insert(h.name, h.value);
    QJsonObject line {{QStringLiteral("method"), request.method},
                      {QStringLiteral("path"), request.path},
                      {QStringLiteral("headers"), headers},
                      {QStringLiteral("secure"), request.secure}};
    if (id)
        line.insert(QStringLiteral("id"), QString::fromLatin1(id));
    return QJsonDocument(line).toJson(QJsonDocument::Compact);
}

/** The byte-level answer of `respond` to @p line, or null when it leaves the line to the rest. */
QByteArray rawAnswer(const CorsEngine &engine, const QByteArray &line)
{
    RawRequestLine parsed;
    RawResponse raw;
    if (!readRawRequestLine(line, &parsed) || !engine.respondRaw(parsed.request, &raw))
        return QByteArray();
    QByteArray answer("");
    appendRawAnswer(answer, raw, parsed.id);
    return answer;
}

QByteArray generalAnswer(const CorsEngine &engine, const QByteArray &line)
{
    QString error;
    const auto parsed = parseRequestLine(line, &error);
    if (!parsed)
        return inputErrorToJson(1, error);
    return engineResponseToJson(engine.respond(parsed->request, {}, false), parsed->id, false);
}

} // namespace

void tst_CorsEngineReference::rawPathAgrees()
{
    // respond's byte-level path answers byte for byte as the general one, on every reference
    // request (each with and without an id), or leaves the line to it.
    int answered = 0;
    int declined = 0;
    for (const Test::ReferenceCase &c : std::as_const(m_cases)) {
        QString setupError;
        const std::optional<Policy> policy = Test::policyFromCase(c.object, &setupError);
        if (!policy)
            continue;
        const CorsEngine engine(*policy);
        const HttpRequest request
                = Test::requestFromJson(c.object.value(QLatin1String("request")).toObject());
        for (const char *id : {static_cast<const char *>(nullptr), "r-1"}) {
            const QByteArray line = requestLine(request, id);
            const QByteArray raw = rawAnswer(engine, line);
            if (raw.isNull()) {
                ++declined;
                continue;
            }
            ++answered;
            const QByteArray general = generalAnswer(engine, line);
            if (raw != general)
                QFAIL(qPrintable(QStringLiteral("%1: %2\n   raw: %3\n  general: %4")
                                         .arg(c.rowName(), QString::fromUtf8(line),
                                              QString::fromUtf8(raw), QString::fromUtf8(general))));
        }
    }
    // Most reference requests are in the common shape; the unusual ones (errors, odd origins,
    // escapes) must be left to the general path, not answered differently.
    QVERIFY2(answered > 200, qPrintable(QString::number(answered)));
    QVERIFY2(declined > 10, qPrintable(QString::number(declined)));
}

void tst_CorsEngineReference::rawPathDeclinesUnusualRequests()
{
    QString error;
    const auto policy = Test::policyFromCase(
            QJsonObject {{QStringLiteral("profile"), QStringLiteral("3.14")},
                         {QStringLiteral("settings"),
                          QJsonObject {{QStringLiteral("CORS_ALLOWED_ORIGINS"),
                                        QJsonArray {QStringLiteral("https://a.example")}},
                                       {QStringLiteral("CORS_REPLACE_HTTPS_REFERER"), true}}}},
            &error);
    QVERIFY2(policy, qPrintable(error));
    const CorsEngine engine(*policy);
    const QList<QByteArray> declined {
            // Origin twice (spelt differently): which one Django reads depends on the JSON order.
            R"({"headers":{"Origin":"https://a.example","ORIGIN":"https://b.example"}})",
            R"({"headers":{"origin":"https://a.example","Origin":"https://a.example"}})",
            // Escapes, percent-encoded paths, the null origin, origins urlsplit treats specially.
            R"({"headers":{"Origin":"https:\/\/a.example"}})",
            R"({"path":"/%41pi","headers":{"Origin":"https://a.example"}})",
            R"({"headers":{"Origin":"null"}})",
            R"({"headers":{"Origin":"https://[::1]"}})",
            R"({"headers":{"Origin":"https://a.example/"}})",
            R"({"headers":{"Origin":"https://user@a.example"}})",
            R"({"headers":{"Origin":" https://a.example"}})",
            // CORS_REPLACE_HTTPS_REFERER on a secure request: the request phase reads Referer.
            R"({"secure":true,"headers":{"Origin":"https://a.example","Referer":"https://a.example/"}})",
            // Not JSON of the common shape.
            R"({"method":"GET","method":"POST"})",
            R"({"id":1.5})",
            R"({"headers":{"Origin":1}})",
            "",
    };
    for (const QByteArray &line : declined) {
        QVERIFY2(rawAnswer(engine, line).isNull(), line.constData());
        generalAnswer(engine, line); // answered there, whatever it is
    }
    const QList<QByteArray> answered {
            R"({"headers":{"Origin":"https://a.example"}})",
            R"( { "method" : "options" , "headers" : { "Origin" : "HTTPS://a.example", )"
            R"("access_control_request_method" : "PUT" , "User-Agent":"x", "user-agent":"y" } } )",
            R"({"headers":{"Origin":"https://b.example"},"id":12})",
            // urlsplit raises ValueError for unbalanced brackets: no CORS headers.
            R"({"method":"OPTIONS","headers":{"Origin":"https://[::1",)"
            R"("Access-Control-Request-Method":"GET"}})",
            R"({"headers":{"Origin":"http://a]b"}})",
            R"({"path":"/x?y=%41","headers":{"Origin":"https://a.example"},"id":"q"})",
    };
    for (const QByteArray &line : answered) {
        const QByteArray raw = rawAnswer(engine, line);
        QVERIFY2(!raw.isNull(), line.constData());
        QCOMPARE(raw, generalAnswer(engine, line));
    }
}

void tst_CorsEngineReference::entryAdmitsAgreesWithExamine()
{
    // The linter asks OriginLists::entryAdmits about every entry of a long list: the verdict
    // without its texts must be the one examineOrigin() shows, on every reference policy, for
    // its request's Origin and for origins each kind of entry treats differently.
    int compared = 0;
    for (const Test::ReferenceCase &c : std::as_const(m_cases)) {
        QString setupError;
        const std::optional<Policy> policy = Test::policyFromCase(c.object, &setupError);
        if (!policy)
            continue;
        const CorsEngine engine(*policy);
        const HttpRequest request
                = Test::requestFromJson(c.object.value(QLatin1String("request")).toObject());
        QStringList origins {QStringLiteral("null"), QStringLiteral("https://example.com"),
                             QStringLiteral("http://localhost:3000"), QStringLiteral("evil"),
                             QStringLiteral("https://a.example.com:8443/")};
        for (const auto &[name, value] : request.headers) {
            if (name.compare(QLatin1String("Origin"), Qt::CaseInsensitive) == 0)
                origins.append(value);
        }
        for (const QString &origin : std::as_const(origins)) {
            const auto split = Py::urlsplit(origin);
            for (const OriginEntryVerdict &v : engine.examineOrigin(origin).entries) {
                QVERIFY2(engine.originLists().entryAdmits(v.setting, v.index, origin, split)
                                 == v.admits,
                         qPrintable(QStringLiteral("%1: %2[%3] on %4")
                                            .arg(c.rowName(), settingName(v.setting))
                                            .arg(v.index)
                                            .arg(origin)));
                ++compared;
            }
        }
    }
    QVERIFY2(compared > 100, qPrintable(QString::number(compared)));
}

QTEST_APPLESS_MAIN(tst_CorsEngineReference)

#include "tst_corsengine_reference.moc"
