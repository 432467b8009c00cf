// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "browser/corserror.h"
#include "browser/scenariosuite.h"

#include <QCoreApplication>

#include <algorithm>

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

QString padded(const QString &text, qsizetype width)
{
    return text.leftJustified(width, u' ');
}

} // namespace

int runTest(const QStringList &arguments)
{
    PolicyCommandLine cli(
            tr("Runs the scenarios saved in a CORS Studio document against its policy "
               "(the browser simulator, headless) and prints a pass/fail table. Exits "
               "1 when a scenario does not get the verdict it expects."));
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const auto document = cli.loadDocument();
    if (!document)
        return ExitUsage;
    if (document->scenarios.isEmpty()) {
        writeErr(tr("%1 has no saved scenarios: nothing to test.")
                         .arg(cli.parser().positionalArguments().at(1)));
        return ExitOk;
    }

    const QList<ScenarioOutcome> outcomes
            = runScenarios(document->policy, document->scenarios, true,
                           document->deployment ? &*document->deployment : nullptr);
    const QString number = tr("#");
    const QString result = tr("RESULT");
    const QString expected = tr("EXPECTED");
    const QString got = tr("GOT");
    qsizetype resultWidth = result.size();
    qsizetype expectedWidth = expected.size();
    qsizetype gotWidth = got.size();
    const qsizetype numberWidth = qMax(number.size(), QString::number(outcomes.size()).size());
    for (const ScenarioOutcome &o : outcomes) {
        resultWidth = std::max({resultWidth, tr("pass").size(), tr("FAIL").size(), tr("-").size()});
        expectedWidth
                = std::max({expectedWidth, verdictName(true).size(), verdictName(false).size()});
        gotWidth = qMax(gotWidth, verdictName(o.result.allowed).size());
    }
    const QString gap = QStringLiteral("  ");
    QString out = number.rightJustified(numberWidth) + gap + padded(result, resultWidth) + gap
            + padded(expected, expectedWidth) + gap + padded(got, gotWidth) + gap + tr("SCENARIO")
            + u'\n';
    const QString indent(numberWidth + resultWidth + expectedWidth + gotWidth + 4 * gap.size(),
                         u' ');
    int passed = 0;
    int failed = 0;
    int unchecked = 0;
    for (const ScenarioOutcome &o : outcomes) {
        const QString status = !o.checked() ? tr("-") : o.passed() ? tr("pass") : tr("FAIL");
        if (!o.checked())
            ++unchecked;
        else if (o.passed())
            ++passed;
        else
            ++failed;
        out += QString::number(o.index + 1).rightJustified(numberWidth) + gap
                + padded(status, resultWidth) + gap
                + padded(o.checked() ? verdictName(*o.expectAllowed) : tr("-"), expectedWidth) + gap
                + padded(verdictName(o.result.allowed), gotWidth) + gap + o.name + u'\n';
        if (o.passed())
            continue;
        const SimulationResult &r = o.result;
        if (!r.console.isEmpty())
            out += indent + r.console + u'\n';
        else if (!r.scriptError.isEmpty())
            out += indent + r.scriptError + u'\n';
        else if (r.allowed)
            out += indent
                    + tr("The request passed (a %1 response, status %2).")
                              .arg(r.responseType)
                              .arg(r.status)
                    + u'\n';
        for (const PolicyFix &fix : r.fixes)
            out += indent + tr("fix: %1").arg(fix.description) + u'\n';
        if (!r.fixExplanation.isEmpty())
            out += indent + r.fixExplanation + u'\n';
    }
    out += (outcomes.size() == 1 ? tr("1 scenario: ") : tr("%1 scenarios: ").arg(outcomes.size()))
            + tr("%1 passed, %2 failed, %3 without an expected verdict")
                      .arg(passed)
                      .arg(failed)
                      .arg(unchecked)
            + u'\n';
    writeOut(out.toUtf8());
    flushOut();
    return failed > 0 ? ExitFindings : ExitOk;
}

} // namespace Cors::Cli
