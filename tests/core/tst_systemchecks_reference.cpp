// SPDX-License-Identifier: MIT
// Acceptance tests: the system checks against the verified results of django-cors-headers.md
// (§3.3 worked examples, §4.3 test_checks.py, §7.2 all errors at once) and the alias
// precedence of §4.4 (test_conf.py), one data row per case of tests/data/checks/*.json.
// Links only the checks and the policy, not the engine.

#include "testpolicy.h"

#include "checks/systemchecks.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Cors;

class tst_SystemChecksReference : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void checks_data();
    void checks();
    void effectiveValues_data();
    void effectiveValues();

private:
    QList<Test::ReferenceCase> m_cases;
};

namespace {

QString messageLine(const QString &id, const QString &message, const QString &hint)
{
    QString line = id + QLatin1String(" ") + Test::escaped(message);
    if (!hint.isEmpty())
        line += QLatin1String(" HINT: ") + Test::escaped(hint);
    return line;
}

QString listText(const QStringList &lines)
{
    return lines.isEmpty() ? QStringLiteral("(none)")
                           : QLatin1String("\n       ") + lines.join(QLatin1String("\n       "));
}

} // namespace

void tst_SystemChecksReference::initTestCase()
{
    QString error;
    m_cases = Test::loadReferenceCases(QStringLiteral("checks"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!m_cases.isEmpty());
}

void tst_SystemChecksReference::checks_data()
{
    QTest::addColumn<QJsonObject>("testCase");
    for (const Test::ReferenceCase &c : std::as_const(m_cases)) {
        const QJsonObject expect = c.expect();
        if (expect.contains(QLatin1String("errors")) || expect.contains(QLatin1String("crash")))
            QTest::newRow(qPrintable(c.rowName())) << c.object;
    }
}

void tst_SystemChecksReference::checks()
{
    QFETCH(QJsonObject, testCase);
    QString error;
    const std::optional<Policy> policy = Test::policyFromCase(testCase, &error);
    QVERIFY2(policy, qPrintable(error));

    const SystemCheckResult result = runSystemChecks(*policy);
    const QJsonObject expect = testCase.value(QLatin1String("expect")).toObject();

    QStringList actual;
    for (const CheckMessage &message : result.errors)
        actual.append(messageLine(message.id, message.message, message.hint));

    if (expect.value(QLatin1String("crash")).toBool()) {
        // The check function raises: `manage.py check` crashes and reports nothing else.
        QVERIFY2(result.crash.has_value(),
                 qPrintable(QStringLiteral("no crash; errors: %1").arg(listText(actual))));
        QVERIFY2(result.errors.isEmpty(),
                 qPrintable(QStringLiteral("errors besides the crash: %1").arg(listText(actual))));
        return;
    }

    QStringList problems;
    if (result.crash)
        problems
                << QStringLiteral("unexpected crash: %1").arg(Test::escaped(result.crash->message));

    QStringList expected;
    for (const QJsonValue &value : expect.value(QLatin1String("errors")).toArray()) {
        const QJsonObject object = value.toObject();
        expected.append(messageLine(object.value(QLatin1String("id")).toString(),
                                    object.value(QLatin1String("message")).toString(),
                                    object.value(QLatin1String("hint")).toString()));
    }
    if (actual != expected)
        problems << QStringLiteral("errors:\n     actual: %1\n   expected: %2")
                            .arg(listText(actual), listText(expected));

    if (!problems.isEmpty())
        QFAIL(qPrintable(problems.join(QLatin1Char('\n'))));
}

void tst_SystemChecksReference::effectiveValues_data()
{
    QTest::addColumn<QJsonObject>("testCase");
    for (const Test::ReferenceCase &c : std::as_const(m_cases)) {
        if (c.expect().contains(QLatin1String("effective")))
            QTest::newRow(qPrintable(c.rowName())) << c.object;
    }
}

void tst_SystemChecksReference::effectiveValues()
{
    QFETCH(QJsonObject, testCase);
    QString error;
    const std::optional<Policy> policy = Test::policyFromCase(testCase, &error);
    QVERIFY2(policy, qPrintable(error));

    const QJsonObject effective = testCase.value(QLatin1String("expect"))
                                          .toObject()
                                          .value(QLatin1String("effective"))
                                          .toObject();
    QVERIFY(!effective.isEmpty());
    QStringList problems;
    for (auto it = effective.begin(); it != effective.end(); ++it) {
        const std::optional<SettingId> id = settingFromName(it.key());
        QVERIFY2(id, qPrintable(it.key()));
        QString valueError;
        const PyValue expected = Test::pyValueFromJson(it.value(), &valueError);
        QVERIFY2(valueError.isEmpty(), qPrintable(valueError));
        const PyValue actual = policy->effective(*id);
        if (actual != expected)
            problems << QStringLiteral("%1: actual %2, expected %3")
                                .arg(it.key(), Test::pyDebug(actual), Test::pyDebug(expected));
    }
    if (!problems.isEmpty())
        QFAIL(qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_APPLESS_MAIN(tst_SystemChecksReference)

#include "tst_systemchecks_reference.moc"
