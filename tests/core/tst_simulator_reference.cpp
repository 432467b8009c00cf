// SPDX-License-Identifier: MIT
// Acceptance tests: the browser simulator against browser-cors.md §8 (S01-S64) and the rules of
// §3-§7, one data row per case of tests/data/simulator/*.json.
//
// A case has "settings" (the policy, encoded as in testpolicy.h; "profile" defaults to 4.x), a
// "scenario" (scenariojson's object, or a list of them run in order, those naming the same
// "session" sharing one browser and "advance" moving its clock) and "expected" (one object, or
// one per scenario). Expected members, each compared only when present:
//   verdict ("allowed"/"blocked"), preflight, from_preflight_cache, console (exact),
//   console_one_of (any of these lines), cors_error (CorsError name or null), firefox_reason,
//   script_error (exact), script_error_prefix, readable_headers (lower-case, sorted), status,
//   response_type, request_method / request_headers (Access-Control-Request-Method / -Headers
//   on the preflight; null: absent), preflight_sent_headers / sent_headers (headers on the
//   preflight / the actual request: a string is the exact value, null absent, true present),
//   server_saw (the methods of every request that reached the server), warnings (exact list),
//   logged (text that must appear in the console line or a warning).

#include "testpolicy.h"

#include "browser/corserror.h"
#include "browser/simulation.h"
#include "io/scenariojson.h"
#include "server/corsengine.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace Cors;

class tst_SimulatorReference : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void simulate_data();
    void simulate();

private:
    QList<Test::ReferenceCase> m_cases;
};

namespace {

QString quoted(const QString &text)
{
    return QLatin1Char('"') + Test::escaped(text) + QLatin1Char('"');
}

QString listText(const QStringList &items)
{
    QStringList parts;
    for (const QString &item : items)
        parts.append(quoted(item));
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

QString boolText(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return quoted(value.toString());
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

/** A value or a list of them, as an array. */
QJsonArray asArray(const QJsonValue &value)
{
    return value.isArray() ? value.toArray() : QJsonArray {value};
}

/** Compares one simulation result with its expectations, appending one line per mismatch. */
class Comparison
{
public:
    Comparison(const SimulationResult &result, const QJsonObject &expected, const QString &where,
               QStringList *problems)
        : m_result(result)
        , m_expected(expected)
        , m_where(where)
        , m_problems(problems)
    { }

    void run()
    {
        outcome();
        messages();
        response();
        wire();
    }

private:
    const SimulationResult &m_result;
    const QJsonObject &m_expected;
    QString m_where;
    QStringList *m_problems;

    bool has(const char *key) const { return m_expected.contains(QLatin1String(key)); }
    QJsonValue at(const char *key) const { return m_expected.value(QLatin1String(key)); }

    void problem(const char *field, const QString &actual, const QString &expected)
    {
        m_problems->append(QStringLiteral("%1%2:\n     actual: %3\n   expected: %4")
                                   .arg(m_where, QLatin1String(field), actual, expected));
    }

    void compareString(const char *field, const QString &actual)
    {
        if (has(field) && actual != at(field).toString())
            problem(field, quoted(actual), jsonText(at(field)));
    }

    void compareBool(const char *field, bool actual)
    {
        if (has(field) && actual != at(field).toBool())
            problem(field, boolText(actual), jsonText(at(field)));
    }

    void outcome()
    {
        if (has("verdict")) {
            const QString verdict
                    = m_result.allowed ? QStringLiteral("allowed") : QStringLiteral("blocked");
            compareString("verdict", verdict);
        }
        compareBool("preflight", m_result.preflightSent);
        compareBool("from_preflight_cache", m_result.servedFromPreflightCache);
        if (has("cors_error")) {
            const QString actual
                    = m_result.failure ? corsErrorName(m_result.failure->error) : QString();
            const QJsonValue expected = at("cors_error");
            if (actual != (expected.isNull() ? QString() : expected.toString()))
                problem("cors_error", m_result.failure ? actual : QStringLiteral("null"),
                        jsonText(expected));
        }
        compareString("firefox_reason", m_result.firefoxReason);
    }

    void messages()
    {
        compareString("console", m_result.console);
        if (has("console_one_of")) {
            const QStringList lines = stringList(at("console_one_of"));
            if (!lines.contains(m_result.console))
                problem("console_one_of", quoted(m_result.console), listText(lines));
        }
        compareString("script_error", m_result.scriptError);
        if (has("script_error_prefix")) {
            const QString prefix = at("script_error_prefix").toString();
            if (!m_result.scriptError.startsWith(prefix))
                problem("script_error_prefix", quoted(m_result.scriptError),
                        quoted(prefix) + QLatin1String("..."));
        }
        if (has("warnings") && m_result.warnings != stringList(at("warnings")))
            problem("warnings", listText(m_result.warnings), listText(stringList(at("warnings"))));
        if (has("logged")) {
            const QString text = at("logged").toString();
            bool found = m_result.console.contains(text);
            for (const QString &warning : m_result.warnings)
                found = found || warning.contains(text);
            if (!found)
                problem("logged",
                        QStringLiteral("console %1, warnings %2")
                                .arg(quoted(m_result.console), listText(m_result.warnings)),
                        quoted(text) + QLatin1String(" in the console or a warning"));
        }
    }

    void response()
    {
        if (has("readable_headers")
            && m_result.readableHeaders != stringList(at("readable_headers")))
            problem("readable_headers", listText(m_result.readableHeaders),
                    listText(stringList(at("readable_headers"))));
        if (has("status") && m_result.status != at("status").toInt())
            problem("status", QString::number(m_result.status), jsonText(at("status")));
        compareString("response_type", m_result.responseType);
    }

    /** The preflight and the actual request as the server saw them. */
    void wire()
    {
        if (has("server_saw")) {
            QStringList methods;
            for (const WireRequest &request : m_result.serverSaw)
                methods.append(request.method);
            if (methods != stringList(at("server_saw")))
                problem("server_saw", listText(methods), listText(stringList(at("server_saw"))));
        }

        const WireRequest *preflight = nullptr;
        const WireRequest *actual = nullptr;
        qsizetype next = 0;
        if (m_result.preflightSent && !m_result.serverSaw.isEmpty()
            && m_result.serverSaw.first().method == QLatin1String("OPTIONS")) {
            preflight = &m_result.serverSaw.first();
            next = 1;
        }
        if (next < m_result.serverSaw.size())
            actual = &m_result.serverSaw.at(next);

        if (has("request_method") || has("request_headers") || has("preflight_sent_headers")) {
            if (!preflight) {
                problem("preflight request", QStringLiteral("no OPTIONS on the wire"),
                        QStringLiteral("a preflight"));
            } else {
                compareHeader("request_method", preflight->headers,
                              u"Access-Control-Request-Method", at("request_method"));
                compareHeader("request_headers", preflight->headers,
                              u"Access-Control-Request-Headers", at("request_headers"));
                compareHeaders("preflight_sent_headers", preflight);
            }
        }
        if (has("sent_headers")) {
            if (!actual)
                problem("sent_headers", QStringLiteral("no actual request on the wire"),
                        jsonText(at("sent_headers")));
            else
                compareHeaders("sent_headers", actual);
        }
    }

    void compareHeader(const char *field, const HttpHeaders &headers, QStringView name,
                       const QJsonValue &expected)
    {
        if (expected.isUndefined())
            return;
        const std::optional<QString> value = headers.value(name);
        const QString actualText = value ? quoted(*value) : QStringLiteral("(absent)");
        bool ok = false;
        if (expected.isNull())
            ok = !value;
        else if (expected.isBool())
            ok = value.has_value();
        else
            ok = value && *value == expected.toString();
        if (!ok) {
            const QString expectedText = expected.isNull() ? QStringLiteral("(absent)")
                    : expected.isBool()                    ? QStringLiteral("(present)")
                                                           : jsonText(expected);
            problem(field, name.toString() + QLatin1String(": ") + actualText,
                    name.toString() + QLatin1String(": ") + expectedText);
        }
    }

    void compareHeaders(const char *field, const WireRequest *request)
    {
        const QJsonObject expected = at(field).toObject();
        for (auto it = expected.begin(); it != expected.end(); ++it)
            compareHeader(field, request->headers, it.key(), it.value());
    }
};

/**
 * runUnexplained() drops texts only: the same steps in the same order with the same verdicts,
 * requests and responses (less the engine's explanation) as the full run.
 */
void compareOutcomeOnly(const SimulationResult &full, const SimulationResult &outcome,
                        const QString &where, QStringList *problems)
{
    auto problem = [&](const QString &what) {
        problems->append(where + QStringLiteral("outcome-only run: ") + what);
    };
    if (outcome.allowed != full.allowed || outcome.status != full.status
        || outcome.responseType != full.responseType || outcome.scriptError != full.scriptError
        || outcome.console != full.console || outcome.readableHeaders != full.readableHeaders)
        problem(QStringLiteral("a different outcome"));
    if (outcome.failure.has_value() != full.failure.has_value()
        || (full.failure
            && (outcome.failure->error != full.failure->error
                || outcome.failure->hint != full.failure->hint)))
        problem(QStringLiteral("a different failure"));
    if (outcome.steps.size() != full.steps.size()) {
        problem(QStringLiteral("%1 steps, not %2")
                        .arg(outcome.steps.size())
                        .arg(full.steps.size()));
        return;
    }
    for (qsizetype i = 0; i < full.steps.size(); ++i) {
        const TraceStep &a = full.steps.at(i);
        const TraceStep &b = outcome.steps.at(i);
        if (a.id != b.id || a.verdict != b.verdict)
            problem(QStringLiteral("step %1 is %2, not %3").arg(i).arg(b.id, a.id));
        if (a.request.has_value() != b.request.has_value()
            || (a.request
                && (a.request->method != b.request->method || a.request->url != b.request->url
                    || a.request->headers != b.request->headers)))
            problem(QStringLiteral("step %1 (%2): a different request").arg(i).arg(a.id));
        if (a.response.has_value() != b.response.has_value()
            || (a.response
                && (a.response->status != b.response->status
                    || a.response->headers != b.response->headers
                    || a.response->enabled != b.response->enabled
                    || a.response->originAllowed != b.response->originAllowed
                    || a.response->error != b.response->error)))
            problem(QStringLiteral("step %1 (%2): a different response").arg(i).arg(a.id));
    }
}

} // namespace

void tst_SimulatorReference::initTestCase()
{
    QString error;
    m_cases = Test::loadReferenceCases(QStringLiteral("simulator"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Every acceptance scenario of §8 has at least one case, run or skipped with its reason.
    const QRegularExpression scenarioId(QStringLiteral("\\bS(\\d\\d)\\b"));
    QSet<int> covered;
    QSet<QString> rows;
    for (const Test::ReferenceCase &c : std::as_const(m_cases)) {
        QVERIFY2(!c.name().isEmpty(), qPrintable(c.file + QLatin1String(": a case has no name")));
        QVERIFY2(!rows.contains(c.rowName()), qPrintable(c.rowName() + QLatin1String(" twice")));
        rows.insert(c.rowName());
        if (c.skipReason().isEmpty()) {
            QVERIFY2(c.object.contains(QLatin1String("scenario"))
                             && c.object.contains(QLatin1String("expected")),
                     qPrintable(c.rowName() + QLatin1String(": no scenario or expected")));
        }
        if (c.file.startsWith(QLatin1String("x-")))
            continue;
        auto it = scenarioId.globalMatch(c.name());
        while (it.hasNext())
            covered.insert(it.next().captured(1).toInt());
    }
    QStringList missing;
    for (int id = 1; id <= 64; ++id) {
        if (!covered.contains(id))
            missing.append(QStringLiteral("S%1").arg(id, 2, 10, QLatin1Char('0')));
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QLatin1String("no case for ") + missing.join(QLatin1String(", "))));
}

void tst_SimulatorReference::simulate_data()
{
    QTest::addColumn<QJsonObject>("testCase");
    QTest::addColumn<QString>("skipReason");
    for (const Test::ReferenceCase &c : std::as_const(m_cases))
        QTest::newRow(qPrintable(c.rowName())) << c.object << c.skipReason();
}

void tst_SimulatorReference::simulate()
{
    QFETCH(QJsonObject, testCase);
    QFETCH(QString, skipReason);
    if (!skipReason.isEmpty())
        QSKIP(qPrintable(skipReason));

    QJsonObject policyCase = testCase;
    if (!policyCase.contains(QLatin1String("profile")))
        policyCase.insert(QStringLiteral("profile"), QStringLiteral("4.x"));
    QString error;
    const std::optional<Policy> policy = Test::policyFromCase(policyCase, &error);
    QVERIFY2(policy, qPrintable(error));
    const CorsEngine engine(*policy);

    const QJsonArray scenarios = asArray(testCase.value(QLatin1String("scenario")));
    const QJsonArray expectations = asArray(testCase.value(QLatin1String("expected")));
    QCOMPARE(expectations.size(), scenarios.size());

    QHash<QString, BrowserSession> sessions;
    QStringList problems;
    for (qsizetype i = 0; i < scenarios.size(); ++i) {
        const std::optional<ScenarioLine> line
                = scenarioFromJson(scenarios.at(i).toObject(), &error);
        QVERIFY2(line, qPrintable(QStringLiteral("scenario %1: %2").arg(i + 1).arg(error)));
        BrowserSession fresh;
        BrowserSession &session = line->session.isEmpty() ? fresh : sessions[line->session];
        session.advanceClock(qint64(std::llround(line->advanceSeconds * 1000)));
        // The same request outcome-only (as a fix is verified), from the same browser state.
        BrowserSession sameState = session;
        const SimulationResult result = session.run(engine, line->scenario);
        const SimulationResult outcome = sameState.runUnexplained(engine, line->scenario);
        const QString where
                = scenarios.size() > 1 ? QStringLiteral("[request %1] ").arg(i + 1) : QString();
        Comparison(result, expectations.at(i).toObject(), where, &problems).run();
        Comparison(outcome, expectations.at(i).toObject(),
                   where + QStringLiteral("(outcome only) "), &problems)
                .run();
        compareOutcomeOnly(result, outcome, where, &problems);
    }
    if (!problems.isEmpty())
        QFAIL(qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_APPLESS_MAIN(tst_SimulatorReference)

#include "tst_simulator_reference.moc"
