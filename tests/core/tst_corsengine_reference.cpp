// SPDX-License-Identifier: MIT
// Acceptance tests: the engine against the verified request/response tables of
// django-cors-headers.md (§4.1, §4.2 and the §7.1 probes), one data row per case of
// tests/data/engine/*.json.

#include "testpolicy.h"

#include "server/corsengine.h"

#include <QHash>
#include <QJsonArray>
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

QTEST_APPLESS_MAIN(tst_CorsEngineReference)

#include "tst_corsengine_reference.moc"
