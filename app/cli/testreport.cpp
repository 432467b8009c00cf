// SPDX-License-Identifier: MIT
#include "cli/testreport.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QXmlStreamWriter>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

QString verdictName(bool allowed)
{
    return allowed ? tr("allowed") : tr("blocked");
}

// GitHub's workflow command escaping: message data, then property values (which also need
// ':' and ',' escaped).
QString escapeData(QString text)
{
    return text.replace(u'%', QStringLiteral("%25"))
            .replace(u'\r', QStringLiteral("%0D"))
            .replace(u'\n', QStringLiteral("%0A"));
}

QString escapeProperty(const QString &text)
{
    return escapeData(text)
            .replace(u':', QStringLiteral("%3A"))
            .replace(u',', QStringLiteral("%2C"));
}

} // namespace

QStringList failureDetails(const ScenarioOutcome &o)
{
    QStringList lines;
    const SimulationResult &r = o.result;
    if (!r.console.isEmpty())
        lines.append(r.console);
    else if (!r.scriptError.isEmpty())
        lines.append(r.scriptError);
    else if (r.allowed)
        lines.append(tr("The request passed (a %1 response, status %2).")
                             .arg(r.responseType)
                             .arg(r.status));
    for (const PolicyFix &fix : r.fixes)
        lines.append(tr("fix: %1").arg(fix.description));
    if (!r.fixExplanation.isEmpty())
        lines.append(r.fixExplanation);
    return lines;
}

QString failureSummary(const ScenarioOutcome &o)
{
    return tr("expected %1, got %2")
            .arg(verdictName(o.expectAllowed.value_or(o.result.allowed)),
                 verdictName(o.result.allowed));
}

QList<int> scenarioLines(const QString &path, qsizetype count)
{
    QList<int> lines(count, 0);
    QFile file(path);
    if (!path.endsWith(QLatin1String(".yaml")) && !path.endsWith(QLatin1String(".yml")))
        return lines;
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    // Block style as CORS Studio writes it: "scenarios:", then "  - name: ..." per entry.
    static const QRegularExpression entry(QStringLiteral("^\\s*-\\s+name:"));
    static const QRegularExpression topLevel(QStringLiteral("^[A-Za-z_\"']"));
    bool inScenarios = false;
    qsizetype next = 0;
    int number = 0;
    while (!file.atEnd() && next < count) {
        const QString line = QString::fromUtf8(file.readLine());
        ++number;
        if (line.startsWith(QLatin1String("scenarios:"))) {
            inScenarios = true;
            continue;
        }
        if (inScenarios && topLevel.match(line).hasMatch())
            break;
        if (inScenarios && entry.match(line).hasMatch())
            lines[next++] = number;
    }
    return lines;
}

QByteArray junitReport(const QString &path, const QString &profile,
                       const QList<ScenarioOutcome> &outcomes, double seconds)
{
    int failures = 0;
    int skipped = 0;
    for (const ScenarioOutcome &o : outcomes) {
        if (!o.checked())
            ++skipped;
        else if (!o.passed())
            ++failures;
    }
    const QString tests = QString::number(outcomes.size());
    const QString time = QString::number(seconds, 'f', 3);
    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("cors-studio test"));
    w.writeAttribute(QStringLiteral("tests"), tests);
    w.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    w.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    w.writeAttribute(QStringLiteral("time"), time);
    w.writeStartElement(QStringLiteral("testsuite"));
    w.writeAttribute(QStringLiteral("name"), path);
    w.writeAttribute(QStringLiteral("tests"), tests);
    w.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    w.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    w.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
    w.writeAttribute(QStringLiteral("time"), time);
    w.writeStartElement(QStringLiteral("properties"));
    w.writeStartElement(QStringLiteral("property"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("profile"));
    w.writeAttribute(QStringLiteral("value"), profile);
    w.writeEndElement();
    w.writeEndElement();
    for (const ScenarioOutcome &o : outcomes) {
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("name"),
                         QStringLiteral("%1. %2").arg(o.index + 1).arg(o.name));
        w.writeAttribute(QStringLiteral("classname"), path);
        if (!o.checked()) {
            w.writeTextElement(
                    QStringLiteral("skipped"),
                    tr("no expected verdict; got %1").arg(verdictName(o.result.allowed)));
        } else if (!o.passed()) {
            w.writeStartElement(QStringLiteral("failure"));
            w.writeAttribute(QStringLiteral("type"), QStringLiteral("verdict"));
            w.writeAttribute(QStringLiteral("message"), failureSummary(o));
            w.writeCharacters(failureDetails(o).join(u'\n'));
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return xml + '\n';
}

QByteArray githubAnnotations(const QString &path, const QList<ScenarioOutcome> &outcomes)
{
    const QList<int> lines = scenarioLines(path, outcomes.size());
    QString out;
    int failed = 0;
    int unchecked = 0;
    for (const ScenarioOutcome &o : outcomes) {
        if (!o.checked())
            ++unchecked;
        if (o.passed())
            continue;
        ++failed;
        QString properties = QStringLiteral("file=") + escapeProperty(path);
        if (const int line = lines.value(o.index); line > 0)
            properties += QStringLiteral(",line=") + QString::number(line);
        properties += QStringLiteral(",title=")
                + escapeProperty(tr("Scenario %1: %2").arg(o.index + 1).arg(o.name));
        const QStringList message = QStringList {failureSummary(o)} + failureDetails(o);
        out += QStringLiteral("::error ") + properties + QStringLiteral("::")
                + escapeData(message.join(u'\n')) + u'\n';
    }
    out += QStringLiteral("::notice file=") + escapeProperty(path) + QStringLiteral("::")
            + escapeData(tr("%1 scenario(s): %2 passed, %3 failed, %4 without an expected "
                            "verdict")
                                 .arg(outcomes.size())
                                 .arg(outcomes.size() - failed - unchecked)
                                 .arg(failed)
                                 .arg(unchecked))
            + u'\n';
    return out.toUtf8();
}

} // namespace Cors::Cli
