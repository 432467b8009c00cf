// SPDX-License-Identifier: MIT
#include "io/crossbrowserjson.h"

#include "io/jsonwriter.h"
#include "io/scenariojson.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CrossBrowser", text);
}

QString rightTrimmed(QString text)
{
    while (text.endsWith(u' '))
        text.chop(1);
    return text;
}

QString cell(const QString &text, int width)
{
    QString t = text;
    if (t.size() > width - 1)
        t = t.left(width - 2) + QChar(0x2026);
    return t.leftJustified(width);
}

} // namespace

QByteArray crossBrowserToJson(const CrossBrowserResult &result, const QJsonValue &id)
{
    JsonWriter json;
    json.beginObject();
    if (!id.isUndefined())
        json.key("id").raw(JsonWriter::valueText(id));
    json.key("browsers").beginObject();
    for (const SimulationResult &r : result.results)
        json.key(browserEngineName(r.browser))
                .raw(simulationResultToJson(r, QJsonValue(QJsonValue::Undefined), false));
    json.endObject();
    json.key("differences").beginArray();
    for (const QString &d : result.differences)
        json.value(d);
    json.endArray();
    json.endObject();
    return json.data();
}

QString crossBrowserToText(const CrossBrowserResult &result)
{
    constexpr int label = 18;
    constexpr int column = 34;
    QString out = cell(QString(), label);
    for (const SimulationResult &r : result.results)
        out += cell(browserEngineTitle(r.browser), column);
    out = rightTrimmed(out) + u'\n';
    for (const CrossBrowserRow &row : crossBrowserRows(result)) {
        if (row.aspect == QLatin1String("console"))
            continue; // written below, whole
        QString line = cell(row.title, label);
        for (const QString &value : row.values)
            line += cell(value, column);
        out += rightTrimmed(line) + u'\n';
    }
    for (const SimulationResult &r : result.results) {
        if (r.console.isEmpty())
            continue;
        out += u'\n' + tr("%1 console:").arg(browserEngineTitle(r.browser)) + u'\n';
        for (const QString &line : r.console.split(u'\n'))
            out += QStringLiteral("  ") + line + u'\n';
        if (r.engineFailure && r.browser == BrowserEngine::Firefox
            && !r.engineFailure->documentation.isEmpty())
            out += QStringLiteral("  ") + tr("(Learn more: %1)").arg(r.engineFailure->documentation)
                    + u'\n';
    }
    out += u'\n';
    if (result.differences.isEmpty())
        out += tr("The engines agree on everything shown.\n");
    else
        out += tr("Where they differ: %1.\n").arg(result.differences.join(QStringLiteral(", ")));
    const bool sameOutcome = !result.differences.contains(QStringLiteral("verdict"))
            && !result.differences.contains(QStringLiteral("server_saw"))
            && !result.differences.contains(QStringLiteral("readable_headers"));
    if (sameOutcome && !result.differences.isEmpty())
        out += tr("Same verdict, same requests, same readable headers: only the words (and "
                  "limits) differ.\n");
    if (!result.results.isEmpty() && !result.results.first().allowed) {
        const SimulationResult &first = result.results.first();
        if (!first.fixes.isEmpty()) {
            out += tr("Fix (every engine):\n");
            for (const PolicyFix &fix : first.fixes)
                out += QStringLiteral("  - %1\n").arg(fix.description);
        } else if (!first.fixExplanation.isEmpty()) {
            out += tr("Fix: %1\n").arg(first.fixExplanation);
        }
    }
    return out;
}

} // namespace Cors
