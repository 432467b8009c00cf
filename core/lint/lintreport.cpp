// SPDX-License-Identifier: MIT
#include "lint/lintreport.h"

#include "io/jsonwriter.h"
#include "lint/lintrules.h"
#include "python/pysemantics.h"

#include <QCoreApplication>
#include <QUrl>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LintReport", text);
}

QString sarifLevel(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Error:
        return QStringLiteral("error");
    case Finding::Severity::Warning:
        return QStringLiteral("warning");
    case Finding::Severity::Info:
        return QStringLiteral("note");
    }
    return QStringLiteral("none");
}

/** "CORS_ALLOWED_ORIGINS[2]" or the setting name alone. */
QString location(const Finding &f)
{
    QString text = findingSettingName(f);
    if (f.entry >= 0)
        text += u'[' + QString::number(f.entry) + u']';
    return text;
}

void optionalString(JsonWriter &json, QStringView key, const std::optional<QString> &value)
{
    json.key(key);
    if (value)
        json.value(*value);
    else
        json.null();
}

} // namespace

QByteArray lintReportText(const QList<Finding> &findings, const LintReportOptions &options)
{
    QString out;
    int counts[3] = {0, 0, 0};
    for (const Finding &f : findings) {
        ++counts[int(f.severity)];
        QString where = options.policyPath;
        if (const int line = f.line > 0 ? f.line : options.settingLines.value(f.setting, 0);
            line > 0)
            where += u':' + QString::number(line);
        out += where + QStringLiteral(": ") + severityName(f.severity) + QStringLiteral(": ");
        if (!f.variant.isEmpty())
            out += u'[' + f.variant + QStringLiteral("] ");
        out += location(f);
        if (!f.entryText.isEmpty())
            out += u' ' + Py::reprString(f.entryText);
        out += QStringLiteral(": ") + f.message + QStringLiteral(" [") + f.id
                + QStringLiteral("]\n");
        if (f.attackerOrigin)
            out += QStringLiteral("    ")
                    + tr("attacker origin: %1 (%2)")
                              .arg(*f.attackerOrigin, f.attackRequest.value_or(QString()))
                    + u'\n';
        else if (f.attackRequest)
            out += QStringLiteral("    ") + tr("request: %1").arg(*f.attackRequest) + u'\n';
        out += QStringLiteral("    ") + tr("fix: %1").arg(f.fixText) + u'\n';
    }
    if (findings.isEmpty())
        out += tr("No findings.\n");
    else
        out += tr("%1 error(s), %2 warning(s), %3 info.\n")
                       .arg(counts[0])
                       .arg(counts[1])
                       .arg(counts[2]);
    return out.toUtf8();
}

QByteArray lintReportJson(const QList<Finding> &findings)
{
    return lintReportJson(findings, {}, {});
}

QByteArray lintReportJson(const QList<Finding> &findings, const QStringList &variants,
                          const QString &chosenVariant)
{
    JsonWriter json;
    json.beginObject();
    if (!variants.isEmpty()) {
        json.key(u"variants").beginArray();
        for (const QString &name : variants)
            json.value(name);
        json.endArray();
        json.key(u"chosen_variant").value(chosenVariant);
    }
    json.key(u"findings").beginArray();
    for (const Finding &f : findings) {
        json.beginObject();
        json.key(u"id").value(f.id);
        json.key(u"severity").value(severityName(f.severity));
        json.key(u"setting").value(findingSettingName(f));
        json.key(u"entry");
        if (f.entry >= 0)
            json.value(f.entryText);
        else
            json.null();
        json.key(u"message").value(f.message);
        json.key(u"fix").value(f.fixText);
        optionalString(json, u"attacker_origin", f.attackerOrigin);
        if (!variants.isEmpty())
            json.key(u"variant").value(f.variant);
        json.endObject();
    }
    json.endArray();
    json.endObject();
    return json.data() + '\n';
}

QByteArray lintReportSarif(const QList<Finding> &findings, const LintReportOptions &options)
{
    const QList<LintRule> &rules = lintRules();
    JsonWriter json;
    json.beginObject();
    json.key(u"$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
    json.key(u"version").value("2.1.0");
    json.key(u"runs").beginArray().beginObject();

    json.key(u"tool").beginObject().key(u"driver").beginObject();
    json.key(u"name").value("CORS Studio");
    if (!options.toolVersion.isEmpty())
        json.key(u"version").value(options.toolVersion);
    json.key(u"rules").beginArray();
    for (const LintRule &rule : rules) {
        json.beginObject();
        json.key(u"id").value(rule.id);
        json.key(u"shortDescription").beginObject().key(u"text").value(rule.title).endObject();
        json.key(u"fullDescription").beginObject().key(u"text").value(rule.help).endObject();
        json.key(u"help").beginObject().key(u"text").value(rule.help).endObject();
        json.key(u"defaultConfiguration")
                .beginObject()
                .key(u"level")
                .value(sarifLevel(rule.severity))
                .endObject();
        json.endObject();
    }
    json.endArray();
    json.endObject().endObject(); // driver, tool

    // A relative or absolute path is a valid URI reference once reserved characters are
    // escaped (a ':' in the first segment would otherwise read as a scheme).
    const QString uri = QString::fromLatin1(QUrl::toPercentEncoding(options.policyPath, "/"));

    json.key(u"results").beginArray();
    for (const Finding &f : findings) {
        json.beginObject();
        json.key(u"ruleId").value(f.id);
        int ruleIndex = -1;
        for (int i = 0; i < rules.size(); ++i) {
            if (rules.at(i).id == f.id)
                ruleIndex = i;
        }
        if (ruleIndex >= 0)
            json.key(u"ruleIndex").value(ruleIndex);
        json.key(u"level").value(sarifLevel(f.severity));
        QString text = f.variant.isEmpty() ? f.message
                                           : QStringLiteral("[%1] %2").arg(f.variant, f.message);
        if (f.attackerOrigin)
            text += u' ' + tr("Attacker origin: %1.").arg(*f.attackerOrigin);
        text += u' ' + tr("Fix: %1").arg(f.fixText);
        json.key(u"message").beginObject().key(u"text").value(text).endObject();

        json.key(u"locations").beginArray().beginObject();
        if (!uri.isEmpty()) {
            json.key(u"physicalLocation").beginObject();
            json.key(u"artifactLocation").beginObject().key(u"uri").value(uri).endObject();
            if (const int line = f.line > 0 ? f.line : options.settingLines.value(f.setting, 0);
                line > 0)
                json.key(u"region").beginObject().key(u"startLine").value(line).endObject();
            json.endObject();
        }
        json.key(u"logicalLocations").beginArray().beginObject();
        json.key(u"name").value(location(f));
        json.key(u"fullyQualifiedName").value(location(f));
        json.key(u"kind").value("variable");
        json.endObject().endArray();
        json.endObject().endArray(); // location, locations

        json.key(u"properties").beginObject();
        json.key(u"setting").value(findingSettingName(f));
        json.key(u"entry");
        if (f.entry >= 0)
            json.value(f.entryText);
        else
            json.null();
        json.key(u"entryIndex").value(f.entry);
        optionalString(json, u"attackerOrigin", f.attackerOrigin);
        optionalString(json, u"attackRequest", f.attackRequest);
        json.key(u"fix").value(f.fixText);
        if (!f.variant.isEmpty())
            json.key(u"variant").value(f.variant);
        json.key(u"fixes").beginArray();
        for (const PolicyFix &fix : f.fixes)
            json.value(fix.description);
        json.endArray();
        json.endObject();
        json.endObject();
    }
    json.endArray();
    json.endObject().endArray(); // run, runs
    json.endObject();
    return json.data() + '\n';
}

} // namespace Cors
