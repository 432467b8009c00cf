// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "export/exporter.h"
#include "io/atomicfile.h"

#include <QCoreApplication>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

QStringList exporterIds()
{
    QStringList ids;
    for (const Exporter *e : exporters())
        ids.append(e->id());
    return ids;
}

} // namespace

int runExport(const QStringList &arguments)
{
    PolicyCommandLine cli(
            tr("Exports POLICY for a consumer: %1. Notes about what the target cannot "
               "express go to stderr.")
                    .arg(exporterIds().join(QStringLiteral(", "))));
    QCommandLineParser &p = cli.parser();
    const QCommandLineOption to(QStringLiteral("to"),
                                tr("The target: %1.").arg(exporterIds().join(QStringLiteral(", "))),
                                tr("target"));
    const QCommandLineOption output(QStringList {QStringLiteral("o"), QStringLiteral("output")},
                                    tr("Write to FILE (atomically) instead of stdout."),
                                    tr("file"));
    const QCommandLineOption all(QStringLiteral("all"),
                                 tr("Write every setting, defaults included."));
    const QCommandLineOption legacy(QStringLiteral("legacy-names"),
                                    tr("Keep the legacy setting names the policy uses."));
    const QCommandLineOption part(QStringLiteral("part"),
                                  tr("Only one part (nginx: map, location; yaml: policy)."),
                                  tr("part"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    tr("nginx: the address the server block listens on."),
                                    tr("address"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption upstream(QStringLiteral("upstream"), tr("nginx: the app to proxy to."),
                                      tr("url"), QStringLiteral("http://127.0.0.1:8000"));
    const QCommandLineOption corsLayer = corsLayerOption();
    for (const QCommandLineOption &o : {to, output, all, legacy, part, listen, upstream, corsLayer})
        p.addOption(o);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const Exporter *exporter = exporterById(p.value(to));
    if (!exporter) {
        writeErr(tr("Unknown or missing --to \"%1\": use one of %2.")
                         .arg(p.value(to), exporterIds().join(QStringLiteral(", "))));
        return ExitUsage;
    }
    ExportOptions options;
    options.allSettings = p.isSet(all);
    options.legacyNames = p.isSet(legacy);
    options.part = p.value(part);
    options.listen = p.value(listen);
    options.upstream = p.value(upstream);
    if (!options.part.isEmpty() && !exporter->parts().contains(options.part)) {
        writeErr(tr("--part \"%1\" is not a part of the %2 export (parts: %3).")
                         .arg(options.part, exporter->id(),
                              exporter->parts().isEmpty()
                                      ? tr("none")
                                      : exporter->parts().join(QStringLiteral(", "))));
        return ExitUsage;
    }
    auto document = cli.loadDocument();
    if (!document)
        return ExitUsage;
    const auto layer = chosenCorsLayer(p, corsLayer, *document);
    if (!layer)
        return ExitUsage;
    document->corsLayer = *layer;
    const ExportResult result = exporter->run(*document, options);
    if (!result.ok) {
        writeErr(result.error);
        return ExitUsage;
    }
    for (const ExportNote &note : result.notes)
        writeErr(tr("note: %1").arg(note.text));
    if (p.isSet(output)) {
        QString error;
        if (!writeFileAtomically(p.value(output), result.text.toUtf8(), &error)) {
            writeErr(error);
            return ExitUsage;
        }
    } else {
        writeOut(result.text.toUtf8());
        flushOut();
    }
    return ExitOk;
}

int runImport(const QStringList &arguments)
{
    PolicyCommandLine cli(
            tr("Reads a Django settings module without executing it and writes the "
               "policy as a CORS Studio document (*.cors.yaml). Reports what was read "
               "and what was skipped."));
    QCommandLineParser &p = cli.parser();
    const QCommandLineOption output(
            QStringList {QStringLiteral("o"), QStringLiteral("output")},
            tr("Write the document to FILE (atomically) instead of stdout."), tr("file"));
    p.addOption(output);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const Exporter *yaml = exporterById(QStringLiteral("yaml"));
    if (!yaml) {
        writeErr(tr("This build has no YAML support."));
        return ExitUsage;
    }
    std::optional<CorsDocument> document = cli.loadDocument(PolicyCommandLine::ReportEverything);
    if (!document)
        return ExitUsage;
    const ExportResult result = yaml->run(*document, {});
    if (!result.ok) {
        writeErr(result.error);
        return ExitUsage;
    }
    if (p.isSet(output)) {
        QString error;
        if (!writeFileAtomically(p.value(output), result.text.toUtf8(), &error)) {
            writeErr(error);
            return ExitUsage;
        }
    } else {
        writeOut(result.text.toUtf8());
        flushOut();
    }
    return ExitOk;
}

} // namespace Cors::Cli
