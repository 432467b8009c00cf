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

QString verdictName(bool allowed)
{
    return allowed ? tr("allowed") : tr("blocked");
}

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

namespace {

QString suiteName(const QString &path, const VariantRun &run)
{
    return run.variant.isEmpty() ? path : tr("%1 [variant \"%2\"]").arg(path, run.variant);
}

void writeSuite(QXmlStreamWriter &w, const TestFiles &files, const QString &profile,
                const VariantRun &run, double seconds)
{
    int failures = 0;
    int skipped = 0;
    for (const ScenarioOutcome &o : run.outcomes) {
        if (!o.checked())
            ++skipped;
        else if (!o.passed())
            ++failures;
    }
    const QString name = suiteName(files.scenarios, run);
    w.writeStartElement(QStringLiteral("testsuite"));
    w.writeAttribute(QStringLiteral("name"), name);
    w.writeAttribute(QStringLiteral("tests"),
                     QString::number(run.outcomes.size() + run.unread.size()));
    w.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    w.writeAttribute(QStringLiteral("errors"), QString::number(run.unread.size()));
    w.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
    w.writeAttribute(QStringLiteral("time"), QString::number(seconds, 'f', 3));
    w.writeStartElement(QStringLiteral("properties"));
    w.writeStartElement(QStringLiteral("property"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("profile"));
    w.writeAttribute(QStringLiteral("value"), profile);
    w.writeEndElement();
    if (!run.variant.isEmpty()) {
        w.writeStartElement(QStringLiteral("property"));
        w.writeAttribute(QStringLiteral("name"), QStringLiteral("variant"));
        w.writeAttribute(QStringLiteral("value"), run.variant);
        w.writeEndElement();
    }
    w.writeEndElement();
    for (const ScenarioOutcome &o : run.outcomes) {
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("name"),
                         QStringLiteral("%1. %2").arg(o.index + 1).arg(o.name));
        w.writeAttribute(QStringLiteral("classname"), name);
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
    // A setting the scenarios did not see is not a pass: CI shows it as an error.
    for (const UnreadSetting &u : run.unread) {
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("name"), tr("%1 read").arg(settingName(u.id)));
        w.writeAttribute(QStringLiteral("classname"), name);
        w.writeStartElement(QStringLiteral("error"));
        w.writeAttribute(QStringLiteral("type"), QStringLiteral("unread"));
        w.writeAttribute(QStringLiteral("message"), unreadSettingText(u));
        w.writeCharacters(tr("%1, line %2").arg(files.policy).arg(u.line));
        w.writeEndElement();
        w.writeEndElement();
    }
    w.writeEndElement();
}

} // namespace

QByteArray junitReport(const TestFiles &files, const QString &profile,
                       const QList<VariantRun> &runs, double seconds)
{
    qsizetype tests = 0;
    int failures = 0;
    qsizetype errors = 0;
    for (const VariantRun &run : runs) {
        tests += run.outcomes.size() + run.unread.size();
        failures += failureCount(run.outcomes);
        errors += run.unread.size();
    }
    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("cors-studio test"));
    w.writeAttribute(QStringLiteral("tests"), QString::number(tests));
    w.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    w.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    w.writeAttribute(QStringLiteral("time"), QString::number(seconds, 'f', 3));
    for (const VariantRun &run : runs)
        writeSuite(w, files, profile, run, runs.isEmpty() ? 0 : seconds / double(runs.size()));
    w.writeEndElement();
    w.writeEndDocument();
    return xml + '\n';
}

QByteArray githubAnnotations(const TestFiles &files, const QList<VariantRun> &runs)
{
    const qsizetype count = runs.isEmpty() ? 0 : runs.constFirst().outcomes.size();
    const QList<int> lines = scenarioLines(files.scenarios, count);
    QString out;
    qsizetype total = 0;
    int failed = 0;
    int unchecked = 0;
    for (const VariantRun &run : runs) {
        const QString prefix
                = run.variant.isEmpty() ? QString() : tr("Variant \"%1\": ").arg(run.variant);
        total += run.outcomes.size();
        for (const ScenarioOutcome &o : run.outcomes) {
            if (!o.checked())
                ++unchecked;
            if (o.passed())
                continue;
            ++failed;
            QString properties = QStringLiteral("file=") + escapeProperty(files.scenarios);
            if (const int line = lines.value(o.index); line > 0)
                properties += QStringLiteral(",line=") + QString::number(line);
            properties += QStringLiteral(",title=")
                    + escapeProperty(prefix + tr("Scenario %1: %2").arg(o.index + 1).arg(o.name));
            const QStringList message = QStringList {failureSummary(o)} + failureDetails(o);
            out += QStringLiteral("::error ") + properties + QStringLiteral("::")
                    + escapeData(message.join(u'\n')) + u'\n';
        }
        for (const UnreadSetting &u : run.unread) {
            QString properties = QStringLiteral("file=") + escapeProperty(files.policy);
            if (u.line > 0)
                properties += QStringLiteral(",line=") + QString::number(u.line);
            properties += QStringLiteral(",title=")
                    + escapeProperty(prefix + tr("%1 not read").arg(settingName(u.id)));
            out += QStringLiteral("::error ") + properties + QStringLiteral("::")
                    + escapeData(unreadSettingText(u)) + u'\n';
        }
    }
    out += QStringLiteral("::notice file=") + escapeProperty(files.scenarios) + QStringLiteral("::")
            + escapeData(
                    tr("%1 scenario(s): %2 passed, %3 failed, %4 without an expected "
                       "verdict")
                            .arg(total)
                            .arg(total - failed - unchecked)
                            .arg(failed)
                            .arg(unchecked)
                    + (runs.size() > 1 ? tr(" (over %1 variants)").arg(runs.size()) : QString()))
            + u'\n';
    return out.toUtf8();
}

} // namespace Cors::Cli
