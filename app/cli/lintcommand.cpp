// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "lint/linter.h"
#include "lint/lintreport.h"
#include "lint/sessioncookie.h"
#include "nginx/nginxlint.h"
#include "python/settingsreader.h"

#include "io/jsonwriter.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

// Where each setting is assigned in a settings.py, for SARIF regions and text positions: the
// last assignment, because that is the one Python keeps.
QHash<SettingId, int> settingLines(const QString &path, QCommandLineParser &parser)
{
    QHash<SettingId, int> lines;
    if (!path.endsWith(QLatin1String(".py")))
        return lines;
    SettingsReadOptions options;
    if (const auto profile = profileFromName(parser.value(QStringLiteral("profile"))))
        options.profile = *profile;
    options.debug = parser.isSet(QStringLiteral("debug-settings"));
    for (const ReadSetting &read : readDjangoSettingsFile(path, options).read)
        lines.insert(read.id, read.line);
    return lines;
}

/**
 * lint --format json with --proxy: the report's object gains "nginx_findings": [{"id",
 * "severity", "file", "line", "column", "message", "request", "fix"}] (the policy's
 * "findings" are unchanged).
 */
QByteArray withNginxJson(QByteArray report, const QList<NginxFinding> &nginx)
{
    if (nginx.isEmpty())
        return report;
    JsonWriter json;
    json.beginArray();
    for (const NginxFinding &f : nginx) {
        json.beginObject();
        json.key("id").value(f.id);
        json.key("severity").value(f.error ? QStringLiteral("error") : QStringLiteral("warning"));
        json.key("file").value(f.where.file);
        json.key("line").value(f.where.line);
        json.key("column").value(f.where.column);
        json.key("message").value(f.message);
        json.key("request").value(f.request);
        json.key("fix").value(f.fix);
        json.endObject();
    }
    json.endArray();
    const qsizetype close = report.lastIndexOf('}');
    if (close < 0)
        return report;
    return report.left(close) + ",\"nginx_findings\":" + json.data() + report.mid(close);
}

/**
 * lint --format sarif with --proxy: each nginx finding is a result located in its nginx file
 * (startLine, startColumn), with its rule added to the driver's rules.
 */
QByteArray withNginxSarif(const QByteArray &report, const QList<NginxFinding> &nginx)
{
    if (nginx.isEmpty())
        return report;
    QJsonObject root = QJsonDocument::fromJson(report).object();
    QJsonArray runs = root.value(QLatin1String("runs")).toArray();
    if (runs.isEmpty())
        return report;
    QJsonObject run = runs.first().toObject();
    QJsonObject tool = run.value(QLatin1String("tool")).toObject();
    QJsonObject driver = tool.value(QLatin1String("driver")).toObject();
    QJsonArray rules = driver.value(QLatin1String("rules")).toArray();
    QJsonArray results = run.value(QLatin1String("results")).toArray();
    for (const NginxFinding &f : nginx) {
        qsizetype ruleIndex = -1;
        for (qsizetype i = 0; i < rules.size(); ++i) {
            if (rules.at(i).toObject().value(QLatin1String("id")).toString() == f.id)
                ruleIndex = i;
        }
        const QString level = f.error ? QStringLiteral("error") : QStringLiteral("warning");
        if (ruleIndex < 0) {
            ruleIndex = rules.size();
            rules.append(QJsonObject {
                    {QStringLiteral("id"), f.id},
                    {QStringLiteral("shortDescription"),
                     QJsonObject {{QStringLiteral("text"), f.id}}},
                    {QStringLiteral("help"),
                     QJsonObject {{QStringLiteral("text"),
                                   tr("nginx in front of Django: see docs/nginx-reading.md")}}},
                    {QStringLiteral("defaultConfiguration"),
                     QJsonObject {{QStringLiteral("level"), level}}}});
        }
        QString text = f.message;
        if (!f.request.isEmpty())
            text += u' ' + tr("Request: %1.").arg(f.request);
        text += u' ' + tr("Fix: %1").arg(f.fix);
        QJsonObject region {{QStringLiteral("startLine"), f.where.line}};
        if (f.where.column > 0)
            region.insert(QStringLiteral("startColumn"), f.where.column);
        const QJsonObject location {
                {QStringLiteral("physicalLocation"),
                 QJsonObject {{QStringLiteral("artifactLocation"),
                               QJsonObject {{QStringLiteral("uri"),
                                             QString::fromLatin1(
                                                     QUrl::toPercentEncoding(f.where.file, "/"))}}},
                              {QStringLiteral("region"), region}}}};
        results.append(QJsonObject {
                {QStringLiteral("ruleId"), f.id},
                {QStringLiteral("ruleIndex"), int(ruleIndex)},
                {QStringLiteral("level"), level},
                {QStringLiteral("message"), QJsonObject {{QStringLiteral("text"), text}}},
                {QStringLiteral("locations"), QJsonArray {location}}});
    }
    driver.insert(QStringLiteral("rules"), rules);
    tool.insert(QStringLiteral("driver"), driver);
    run.insert(QStringLiteral("tool"), tool);
    run.insert(QStringLiteral("results"), results);
    runs.replace(0, run);
    root.insert(QStringLiteral("runs"), runs);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace

int runLint(const QStringList &arguments)
{
    PolicyCommandLine cli(tr("Lints POLICY for security and correctness: each finding names the "
                             "setting and entry, explains, proposes a fix and, where it applies, "
                             "the attacker origin that gets through. Exits with 1 when there are "
                             "errors."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("Output format: text (default), json or sarif."),
                                    tr("format"), QStringLiteral("text"));
    const QCommandLineOption sameSite(QStringLiteral("session-cookie-samesite"),
                                      tr("The project's SESSION_COOKIE_SAMESITE (Lax, Strict or "
                                         "None); by default what POLICY assigns, else Django's "
                                         "default, Lax."),
                                      tr("value"));
    cli.parser().addOption(format);
    cli.parser().addOption(sameSite);
    const QCommandLineOption proxy(
            QStringLiteral("proxy"),
            tr("Also lint nginx in front of Django (an nginx.conf or a site file): duplicate "
               "CORS headers between the layers, add_header without always, lost inherited "
               "headers, hidden upstream headers, reflected $http_origin, unanchored regexes "
               "(each at its file:line; in JSON as \"nginx_findings\", in SARIF as results "
               "in the nginx file)."),
            tr("nginx.conf"));
    cli.parser().addOption(proxy);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const QString formatName = cli.parser().value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json")
        && formatName != QLatin1String("sarif")) {
        writeErr(tr("Unknown format \"%1\": use text, json or sarif.").arg(formatName));
        return ExitUsage;
    }
    const QString sameSiteValue = cli.parser().value(sameSite);
    if (cli.parser().isSet(sameSite)
        && !QStringList({QStringLiteral("lax"), QStringLiteral("strict"), QStringLiteral("none")})
                    .contains(sameSiteValue.toLower())) {
        writeErr(tr("Unknown --session-cookie-samesite \"%1\": use Lax, Strict or None.")
                         .arg(sameSiteValue));
        return ExitUsage;
    }
    const auto document = cli.loadDocument();
    if (!document)
        return ExitUsage;

    LintContext context = LintContext::fromDocument(*document);

    const QString policyPath = cli.parser().positionalArguments().at(1);
    if (cli.parser().isSet(sameSite)) {
        context.sessionCookieSameSite = sameSiteValue;
    } else if (policyPath.endsWith(QLatin1String(".py"))) {
        QFile file(policyPath);
        if (file.open(QIODevice::ReadOnly))
            context.sessionCookieSameSite = readSessionCookieSameSite(file.readAll());
    }
    // Every variant of a settings.py that depends on DEBUG or the environment, unless
    // --variant names one.
    const bool allVariants
            = cli.variants().size() > 1 && !cli.parser().isSet(QStringLiteral("variant"));
    QList<Finding> findings;
    QStringList variantNames;
    if (allVariants) {
        QList<LintVariant> variants;
        for (const PolicyVariant &v : cli.variants()) {
            variants.append({v.name, v.policy, v.unread});
            variantNames.append(v.name);
        }
        findings = lintVariants(variants, context);
    } else {
        findings = lintPolicy(document->policy, context);
    }

    QList<NginxFinding> nginxFindings;
    if (const QString proxyFile = cli.proxyFile(proxy); !proxyFile.isEmpty()) {
        const auto site = loadNginxSite(proxyFile, true);
        if (!site)
            return ExitUsage;
        const auto deployment = cli.deployment(QString());
        std::optional<DjangoStack> stack;
        if (deployment && !deployment->settings.middleware.isEmpty())
            stack.emplace(document->policy, *deployment);
        // An origin the policy admits (from the policy file's literals), so that duplicates
        // between the layers show.
        const CorsEngine engine(document->policy);
        QStringList candidates;
        QFile file(policyPath);
        if (file.open(QIODevice::ReadOnly)) {
            static const QRegularExpression literal(
                    QStringLiteral("[\"']([a-zA-Z][a-zA-Z0-9+.-]*://[^\"'\\s]*)[\"']"));
            for (const auto &m : literal.globalMatch(QString::fromUtf8(file.read(1 << 20))))
                candidates.append(m.captured(1));
        }
        candidates.append(QStringLiteral("https://example.com"));
        const QStringList paths = nginxLintPaths(deployment ? deployment->routes : QList<Route>(),
                                                 document->scenarios);
        const QString origin = admittedOrigin(engine, candidates, paths);
        nginxFindings = lintNginx(*site, stack ? &*stack : nullptr, engine, origin, paths);
    }

    LintReportOptions options;
    options.policyPath = policyPath;
    options.settingLines = settingLines(options.policyPath, cli.parser());
    options.toolVersion = QCoreApplication::applicationVersion();
    if (formatName == QLatin1String("json"))
        writeOut(withNginxJson(lintReportJson(findings, variantNames, cli.loaded().variantName()),
                               nginxFindings));
    else if (formatName == QLatin1String("sarif"))
        writeOut(withNginxSarif(lintReportSarif(findings, options), nginxFindings));
    else {
        if (allVariants)
            writeOut(tr("Variants: %1; the chosen one (for export) is \"%2\": %3.\n")
                             .arg(QStringLiteral("\"") + variantNames.join(QStringLiteral("\", \""))
                                          + QStringLiteral("\""),
                                  cli.loaded().variantName(), cli.loaded().chosenVariantReason)
                             .toUtf8());
        writeOut(lintReportText(findings, options));
        writeOut(nginxFindingsText(nginxFindings).toUtf8());
    }
    flushOut();
    const bool nginxErrors = std::any_of(nginxFindings.begin(), nginxFindings.end(),
                                         [](const NginxFinding &f) { return f.error; });
    return hasErrors(findings) || nginxErrors ? ExitFindings : ExitOk;
}

} // namespace Cors::Cli
