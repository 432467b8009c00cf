// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/testreport.h"

#include "browser/corserror.h"
#include "browser/scenariosuite.h"
#include "io/atomicfile.h"

#include <QCoreApplication>
#include <QElapsedTimer>

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
    const QCommandLineOption format(
            QStringLiteral("format"),
            tr("Output format: text (default, a table) or github (GitHub Actions annotations: "
               "an error per failing scenario, at its line)."),
            tr("format"), QStringLiteral("text"));
    const QCommandLineOption junit(QStringLiteral("junit"),
                                   tr("Also write a JUnit XML report to FILE (for Jenkins, GitLab "
                                      "and other CI test reports)."),
                                   tr("FILE"));
    cli.parser().addOption(format);
    cli.parser().addOption(junit);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const QString formatName = cli.parser().value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("github")) {
        writeErr(tr("Unknown format \"%1\": use text or github.").arg(formatName));
        return ExitUsage;
    }
    const auto document = cli.loadDocument();
    if (!document)
        return ExitUsage;
    const QString path = cli.parser().positionalArguments().at(1);
    // The report is written before anything is printed: a CI job that cannot store it fails.
    auto writeJunit = [&](const QList<ScenarioOutcome> &outcomes, double seconds) {
        if (!cli.parser().isSet(junit))
            return true;
        QString error;
        const QByteArray xml
                = junitReport(path, profileName(document->policy.profile()), outcomes, seconds);
        if (writeFileAtomically(cli.parser().value(junit), xml, &error))
            return true;
        writeErr(error);
        return false;
    };
    if (document->scenarios.isEmpty()) {
        writeErr(tr("%1 has no saved scenarios: nothing to test.").arg(path));
        return writeJunit({}, 0) ? ExitOk : ExitUsage;
    }

    QElapsedTimer timer;
    timer.start();
    const QList<ScenarioOutcome> outcomes
            = runScenarios(document->policy, document->scenarios, true,
                           document->deployment ? &*document->deployment : nullptr);
    if (!writeJunit(outcomes, double(timer.nsecsElapsed()) / 1e9))
        return ExitUsage;
    if (formatName == QLatin1String("github")) {
        writeOut(githubAnnotations(path, outcomes));
        flushOut();
        return failureCount(outcomes) > 0 ? ExitFindings : ExitOk;
    }
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
        for (const QString &line : failureDetails(o))
            out += indent + line + u'\n';
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
