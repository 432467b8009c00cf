// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "checks/systemchecks.h"
#include "io/jsonwriter.h"
#include "python/settingsreader.h"

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
    json.key("id").value(m.id);
    json.key("message").value(m.message);
    json.key("hint");
    if (m.hint.isEmpty())
        json.null();
    else
        json.value(m.hint);
    json.key("setting");
    if (m.setting)
        json.value(settingName(*m.setting));
    else
        json.null();
    json.key("entry");
    if (m.entry >= 0)
        json.value(m.entry);
    else
        json.null();
    json.endObject();
}

/** The settings that could not be read: their own section, after Django's report. */
QString unreadText(const QList<UnreadSetting> &unread)
{
    if (unread.isEmpty())
        return {};
    QString text = tr("NOT READ (the checks above do not cover these):\n");
    for (const UnreadSetting &u : unread)
        text += QStringLiteral("?: (cors-studio.unread) ") + unreadSettingText(u) + u'\n';
    return text;
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

    // Every variant of a settings.py that depends on DEBUG or the environment, unless
    // --variant names one.
    QList<PolicyVariant> variants = cli.variants();
    const bool allVariants = variants.size() > 1 && !cli.parser().isSet(QStringLiteral("variant"));
    if (!allVariants)
        variants = {variants.value(cli.variantIndex(), PolicyVariant {QString(), *policy, {}})};
    bool failed = false;
    JsonWriter json;
    QByteArray text;
    if (allVariants)
        text += tr("Variants: %1; the chosen one (for export) is \"%2\": %3.\n")
                        .arg(
                                QStringLiteral("\"") +
                                        [&] {
                                            QStringList names;
                                            for (const PolicyVariant &v : std::as_const(variants))
                                                names.append(v.name);
                                            return names.join(QStringLiteral("\", \""));
                                        }()
                                        + QStringLiteral("\""),
                                cli.loaded().variantName(), cli.loaded().chosenVariantReason)
                        .toUtf8();
    if (allVariants) {
        json.beginObject();
        json.key("chosen_variant").value(cli.loaded().variantName());
        json.key("variants").beginArray();
    }
    for (const PolicyVariant &variant : std::as_const(variants)) {
        const SystemCheckResult result = runSystemChecks(variant.policy);
        failed = failed || result.hasErrors() || !variant.unread.isEmpty();
        json.beginObject();
        if (allVariants)
            json.key("name").value(variant.name);
        json.key("profile").value(profileName(variant.policy.profile()));
        json.key("errors").beginArray();
        for (const CheckMessage &m : result.errors)
            writeMessageJson(json, m);
        json.endArray();
        json.key("crash");
        if (result.crash)
            writeMessageJson(json, *result.crash);
        else
            json.null();
        writeUnreadJson(json, variant.unread);
        json.endObject();
        if (allVariants)
            text += '\n' + tr("Variant \"%1\":").arg(variant.name).toUtf8() + '\n';
        text += textReport(result) + unreadText(variant.unread).toUtf8();
    }
    if (allVariants)
        json.endArray().endObject();
    writeOut(formatName == QLatin1String("json") ? json.data() + '\n' : text);
    flushOut();
    return failed ? ExitFindings : ExitOk;
}

} // namespace Cors::Cli
