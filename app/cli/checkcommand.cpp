// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "checks/systemchecks.h"
#include "io/jsonwriter.h"

#include <QCoreApplication>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

void writeMessageJson(JsonWriter &json, const CheckMessage &m)
{
    json.beginObject();
    json.key(u"id").value(m.id);
    json.key(u"message").value(m.message);
    json.key(u"hint");
    if (m.hint.isEmpty())
        json.null();
    else
        json.value(m.hint);
    json.key(u"setting");
    if (m.setting)
        json.value(settingName(*m.setting));
    else
        json.null();
    json.key(u"entry");
    if (m.entry >= 0)
        json.value(m.entry);
    else
        json.null();
    json.endObject();
}

QByteArray textReport(const SystemCheckResult &result)
{
    // The layout of `manage.py check`, so the output reads like Django's.
    if (result.crash)
        return (tr("The check function raised %1 (%2 entry %3): manage.py check crashes.\n")
                        .arg(result.crash->message, settingName(*result.crash->setting))
                        .arg(result.crash->entry))
                .toUtf8();
    if (result.errors.isEmpty())
        return tr("System check identified no issues (0 silenced).\n").toUtf8();
    QString text = tr("System check identified some issues:\n\nERRORS:\n");
    for (const CheckMessage &m : result.errors)
        text += formatCheckMessage(m) + u'\n';
    text += u'\n';
    text += result.errors.size() == 1
            ? tr("System check identified 1 issue (0 silenced).\n")
            : tr("System check identified %1 issues (0 silenced).\n").arg(result.errors.size());
    return text.toUtf8();
}

} // namespace

int runCheck(const QStringList &arguments)
{
    PolicyCommandLine cli(tr("Runs django-cors-headers' system checks (corsheaders.E001-E015) on "
                             "POLICY. Exits with 1 when there are errors."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("Output format: text (default) or json."), tr("format"),
                                    QStringLiteral("text"));
    cli.parser().addOption(format);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const QString formatName = cli.parser().value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json")) {
        writeErr(tr("Unknown format \"%1\": use text or json.").arg(formatName));
        return ExitUsage;
    }
    const auto policy = cli.loadPolicy();
    if (!policy)
        return ExitUsage;

    const SystemCheckResult result = runSystemChecks(*policy);
    if (formatName == QLatin1String("json")) {
        JsonWriter json;
        json.beginObject();
        json.key(u"profile").value(profileName(policy->profile()));
        json.key(u"errors").beginArray();
        for (const CheckMessage &m : result.errors)
            writeMessageJson(json, m);
        json.endArray();
        json.key(u"crash");
        if (result.crash)
            writeMessageJson(json, *result.crash);
        else
            json.null();
        json.endObject();
        writeOut(json.data() + '\n');
    } else {
        writeOut(textReport(result));
    }
    flushOut();
    return result.hasErrors() ? ExitFindings : ExitOk;
}

} // namespace Cors::Cli
