// SPDX-License-Identifier: MIT
// The linter's renderers (text, JSON, SARIF); `cors-studio lint` itself is tests/cli/tst_clilint.
// SARIF's schema validity is checked by ctest lint/sarif_schema (ajv against the 2.1.0 schema).

#include "lint/linter.h"
#include "lint/lintreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

Policy riskyPolicy()
{
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowCredentials, PyValue::boolean(true));
    policy.setValue(SettingId::AllowedOriginRegexes,
                    PyValue::strList({uR"(^https://app\.example\.com)"_s}));
    policy.setValue(SettingId::PreflightMaxAge, PyValue::integer(0));
    return policy;
}

} // namespace

class tst_LintReport : public QObject
{
    Q_OBJECT

private slots:
    void json();
    void sarif();
    void text();
};

void tst_LintReport::json()
{
    const QList<Finding> findings = lintPolicy(riskyPolicy());
    const QByteArray json = lintReportJson(findings);
    // Exactly the documented keys, in the documented order (QJsonObject would sort them).
    const qsizetype first = json.indexOf("{\"id\":");
    QVERIFY(first > 0);
    const char *keys[] = {"\"id\":",      "\"severity\":", "\"setting\":",        "\"entry\":",
                          "\"message\":", "\"fix\":",      "\"attacker_origin\":"};
    qsizetype at = first;
    for (const char *key : keys) {
        const qsizetype next = json.indexOf(key, at);
        QVERIFY2(next >= at, key);
        at = next;
    }

    const QJsonArray array = QJsonDocument::fromJson(json).object().value(u"findings"_s).toArray();
    QCOMPARE(array.size(), findings.size());
    bool sawAttacker = false;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        QCOMPARE(o.keys().size(), 7);
        QVERIFY(QStringList({u"error"_s, u"warning"_s, u"info"_s})
                        .contains(o.value(u"severity"_s).toString()));
        if (o.value(u"id"_s).toString() == u"regex-unanchored-end"_s) {
            sawAttacker = true;
            QCOMPARE(o.value(u"setting"_s).toString(), u"CORS_ALLOWED_ORIGIN_REGEXES"_s);
            QCOMPARE(o.value(u"entry"_s).toString(), uR"(^https://app\.example\.com)"_s);
            QCOMPARE(o.value(u"attacker_origin"_s).toString(),
                     u"https://app.example.com.evil.test"_s);
        }
        if (o.value(u"id"_s).toString() == u"max-age-zero"_s) {
            QVERIFY(o.value(u"entry"_s).isNull());
            QVERIFY(o.value(u"attacker_origin"_s).isNull());
        }
    }
    QVERIFY(sawAttacker);
    QCOMPARE(lintReportJson({}), QByteArray("{\"findings\":[]}\n"));
}

void tst_LintReport::sarif()
{
    LintReportOptions options;
    options.policyPath = u"conf/my settings:v2.py"_s;
    options.settingLines.insert(SettingId::AllowedOriginRegexes, 12);
    options.toolVersion = u"0.1.0"_s;
    const QList<Finding> findings = lintPolicy(riskyPolicy());
    const QJsonObject log = QJsonDocument::fromJson(lintReportSarif(findings, options)).object();
    QCOMPARE(log.value(u"version"_s).toString(), u"2.1.0"_s);
    const QJsonObject run = log.value(u"runs"_s).toArray().first().toObject();
    const QJsonObject driver = run.value(u"tool"_s).toObject().value(u"driver"_s).toObject();
    QCOMPARE(driver.value(u"version"_s).toString(), u"0.1.0"_s);
    const QJsonArray rules = driver.value(u"rules"_s).toArray();
    QCOMPARE(rules.size(), lintRules().size());
    for (const QJsonValue &rule : rules)
        QVERIFY(!rule.toObject().value(u"help"_s).toObject().value(u"text"_s).toString().isEmpty());

    const QJsonArray results = run.value(u"results"_s).toArray();
    QCOMPARE(results.size(), findings.size());
    for (const QJsonValue &value : results) {
        const QJsonObject result = value.toObject();
        const int index = result.value(u"ruleIndex"_s).toInt();
        QCOMPARE(rules.at(index).toObject().value(u"id"_s).toString(),
                 result.value(u"ruleId"_s).toString());
        const QJsonObject physical = result.value(u"locations"_s)
                                             .toArray()
                                             .first()
                                             .toObject()
                                             .value(u"physicalLocation"_s)
                                             .toObject();
        // Space and colon escaped: otherwise "conf/my settings:v2.py" is no URI reference.
        QCOMPARE(physical.value(u"artifactLocation"_s).toObject().value(u"uri"_s).toString(),
                 u"conf/my%20settings%3Av2.py"_s);
        if (result.value(u"ruleId"_s).toString() == u"regex-unanchored-end"_s) {
            QCOMPARE(result.value(u"level"_s).toString(), u"error"_s);
            QCOMPARE(physical.value(u"region"_s).toObject().value(u"startLine"_s).toInt(), 12);
            QCOMPARE(result.value(u"properties"_s).toObject().value(u"attackerOrigin"_s).toString(),
                     u"https://app.example.com.evil.test"_s);
        }
        if (result.value(u"ruleId"_s).toString() == u"max-age-zero"_s) {
            QCOMPARE(result.value(u"level"_s).toString(), u"note"_s);
            QVERIFY(!physical.contains(u"region"_s));
        }
    }
}

void tst_LintReport::text()
{
    LintReportOptions options;
    options.policyPath = u"settings.py"_s;
    options.settingLines.insert(SettingId::AllowedOriginRegexes, 7);
    const QString text = QString::fromUtf8(lintReportText(lintPolicy(riskyPolicy()), options));
    QVERIFY2(
            text.contains(
                    uR"(settings.py:7: error: CORS_ALLOWED_ORIGIN_REGEXES[0] '^https://app\\.example\\.com': )"_s),
            qPrintable(text));
    QVERIFY(text.contains(u"[regex-unanchored-end]"_s));
    QVERIFY(text.contains(u"    attacker origin: https://app.example.com.evil.test (GET /)"_s));
    QVERIFY(text.contains(u"settings.py: info: CORS_PREFLIGHT_MAX_AGE: "_s));
    QVERIFY(text.endsWith(u"info.\n"_s));
    QCOMPARE(lintReportText({}, options), QByteArray("No findings.\n"));
}

QTEST_APPLESS_MAIN(tst_LintReport)
#include "tst_lintreport.moc"
