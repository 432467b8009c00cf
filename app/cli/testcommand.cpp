// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/testreport.h"

#include "browser/corserror.h"
#include "browser/scenariosuite.h"
#include "io/atomicfile.h"
#include "io/policyfile.h"
#include "nginx/corslayer.h"
#include "nginx/proxiedstack.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

QString padded(const QString &text, qsizetype width)
{
    return text.leftJustified(width, u' ');
}

QString runTable(const QList<ScenarioOutcome> &outcomes)
{
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
    return out;
}

} // namespace

int runTest(const QStringList &arguments)
{
    PolicyCommandLine cli(
            tr("Runs the scenarios saved in a CORS Studio document against its policy "
               "(the browser simulator, headless) and prints a pass/fail table. With "
               "--scenarios, POLICY may be a settings.py: the scenarios run against every "
               "variant of it (DEBUG on/off, environment set/unset) unless --variant names one. "
               "Exits 1 when a scenario does not get the verdict it expects or a CORS setting "
               "could not be read."));
    const QCommandLineOption format(
            QStringLiteral("format"),
            tr("Output format: text (default, a table) or github (GitHub Actions annotations: "
               "an error per failing scenario, at its line)."),
            tr("format"), QStringLiteral("text"));
    const QCommandLineOption junit(QStringLiteral("junit"),
                                   tr("Also write a JUnit XML report to FILE (for Jenkins, GitLab "
                                      "and other CI test reports)."),
                                   tr("FILE"));
    const QCommandLineOption scenariosFile(
            QStringLiteral("scenarios"),
            tr("Take the scenarios from the CORS Studio document FILE instead of POLICY (so a "
               "settings.py can be tested)."),
            tr("FILE"));
    const QCommandLineOption proxy(
            QStringLiteral("proxy"),
            tr("Run the scenarios through nginx in front of the Django stack, from an nginx.conf "
               "or a site file (every proxy_pass forwards to the stack): a header nginx and "
               "Django both add, or a preflight nginx answers itself, decides the verdict."),
            tr("nginx.conf"));
    cli.parser().addOption(format);
    cli.parser().addOption(junit);
    cli.parser().addOption(scenariosFile);
    cli.parser().addOption(proxy);
    const QCommandLineOption corsLayer = corsLayerOption();
    cli.parser().addOption(corsLayer);
    cli.parser().addOption(jobsOption());
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const auto jobs = jobCount(cli.parser());
    if (!jobs)
        return ExitUsage;
    const QString formatName = cli.parser().value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("github")) {
        writeErr(tr("Unknown format \"%1\": use text or github.").arg(formatName));
        return ExitUsage;
    }
    const auto document = cli.loadDocument();
    if (!document)
        return ExitUsage;
    TestFiles files;
    files.policy = cli.parser().positionalArguments().at(1);
    files.scenarios = files.policy;
    QList<SavedScenario> scenarios = document->scenarios;
    CorsDocument scenariosDocument;
    if (cli.parser().isSet(scenariosFile)) {
        files.scenarios = cli.parser().value(scenariosFile);
        const PolicyFileResult source = loadPolicyFile(files.scenarios);
        if (!source.ok) {
            writeErr(source.errorString);
            return ExitUsage;
        }
        if (!files.scenarios.endsWith(QLatin1String(".yaml"))
            && !files.scenarios.endsWith(QLatin1String(".yml"))) {
            writeErr(tr("--scenarios %1: use a CORS Studio document (*.cors.yaml).")
                             .arg(files.scenarios));
            return ExitUsage;
        }
        scenarios = source.document.scenarios;
        scenariosDocument = source.document;
    }
    // nginx in front of the Django stack: the document's deployment, or (a document that
    // describes none) the default Django project around CorsMiddleware.
    std::shared_ptr<const StackFront> front;
    std::optional<Deployment> proxiedDeployment;
    // --proxy, else the document's `proxy:` (with --scenarios, the scenarios document's).
    QString proxyFile = cli.proxyFile(proxy);
    if (proxyFile.isEmpty() && cli.parser().isSet(scenariosFile))
        proxyFile = proxyFilePath(scenariosDocument, files.scenarios);
    if (!proxyFile.isEmpty()) {
        const auto site = loadNginxSite(proxyFile, cli.parser().isSet(QStringLiteral("q")));
        if (!site)
            return ExitUsage;
        front = nginxStackFront(site);
        proxiedDeployment = cli.deployment(QString());
        if (!proxiedDeployment)
            return ExitUsage;
    }
    const QString profile = profileName(document->policy.profile());
    // The report is written before anything is printed: a CI job that cannot store it fails.
    auto writeJunit = [&](const QList<VariantRun> &runs, double seconds) {
        if (!cli.parser().isSet(junit))
            return true;
        QString error;
        if (writeFileAtomically(cli.parser().value(junit),
                                junitReport(files, profile, runs, seconds), &error))
            return true;
        writeErr(error);
        return false;
    };
    if (scenarios.isEmpty()) {
        writeErr(tr("%1 has no saved scenarios: nothing to test.").arg(files.scenarios));
        return writeJunit({}, 0) ? ExitOk : ExitUsage;
    }

    // Every variant of a settings.py, unless --variant names one: a scenario that passes only
    // with DEBUG on is not a pass.
    const bool allVariants
            = cli.variants().size() > 1 && !cli.parser().isSet(QStringLiteral("variant"));
    QList<VariantRun> runs;
    QElapsedTimer timer;
    timer.start();
    const Deployment *deployment = proxiedDeployment ? &*proxiedDeployment
            : document->deployment                   ? &*document->deployment
                                                     : nullptr;
    const auto layer
            = chosenCorsLayer(cli.parser(), corsLayer,
                              cli.parser().isSet(scenariosFile) ? scenariosDocument : *document);
    if (!layer)
        return ExitUsage;
    ServerSide server = ServerSide::of(deployment, front);
    if (*layer == CorsLayer::Nginx) {
        // The nginx export of each policy tested, in front of Django without CorsMiddleware.
        CorsDocument served = *document;
        served.deployment = document->deployment;
        served.corsLayer = CorsLayer::Nginx;
        server = documentServerSide(served);
        if (front && !cli.parser().isSet(QStringLiteral("q")))
            writeErr(tr("note: nginx answers CORS (the nginx export): %1 is not used.")
                             .arg(proxyFile));
    }
    if (allVariants) {
        for (qsizetype i = 0; i < cli.variants().size(); ++i) {
            const PolicyVariant &v = cli.variants().at(i);
            runs.append({v.name, i == cli.variantIndex(),
                         runScenarios(v.policy, scenarios, true, server, *jobs), v.unread});
        }
    } else {
        runs.append({cli.loaded().variantName(), true,
                     runScenarios(document->policy, scenarios, true, server, *jobs),
                     cli.loaded().unread()});
    }
    if (!writeJunit(runs, double(timer.nsecsElapsed()) / 1e9))
        return ExitUsage;
    bool failed = false;
    for (const VariantRun &run : std::as_const(runs))
        failed = failed || failureCount(run.outcomes) > 0 || !run.unread.isEmpty();
    if (formatName == QLatin1String("github")) {
        writeOut(githubAnnotations(files, runs));
        flushOut();
        return failed ? ExitFindings : ExitOk;
    }
    QString out;
    QStringList failedVariants;
    for (const VariantRun &run : std::as_const(runs)) {
        if (allVariants)
            out += tr("Variant \"%1\"%2:\n")
                           .arg(run.variant, run.chosen ? tr(" (chosen)") : QString());
        out += runTable(run.outcomes);
        for (const UnreadSetting &u : run.unread)
            out += tr("NOT READ: %1\n").arg(unreadSettingText(u));
        if (failureCount(run.outcomes) > 0 || !run.unread.isEmpty())
            failedVariants.append(u'"' + run.variant + u'"');
        if (allVariants)
            out += u'\n';
    }
    if (allVariants)
        out += failedVariants.isEmpty() ? tr("%1 variants: every one passed.\n").arg(runs.size())
                                        : tr("%1 variants: %2 failed (%3).\n")
                                                  .arg(runs.size())
                                                  .arg(failedVariants.size())
                                                  .arg(failedVariants.join(QStringLiteral(", ")));
    writeOut(out.toUtf8());
    flushOut();
    return failed ? ExitFindings : ExitOk;
}

} // namespace Cors::Cli
