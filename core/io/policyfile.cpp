// SPDX-License-Identifier: MIT
#include "io/policyfile.h"

#include "io/corsyaml.h"
#include "python/settingsvariants.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PolicyFile", text);
}

PolicyFileResult loadYamlFile(const QString &path, const PolicyFileOptions &options)
{
    PolicyFileResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.errorString = tr("%1: %2").arg(path, file.errorString());
        return result;
    }
    // One byte past the limit is enough for loadCorsYaml to refuse a huge file.
    const CorsYamlResult loaded = loadCorsYaml(file.read(CorsYamlLimits::MaxBytes + 1));
    for (const CorsYamlMessage &m : loaded.messages)
        result.messages.append({SettingsMessage::Severity::Error, m.line, m.column, m.text, {}});
    if (!loaded.ok) {
        result.errorString = result.messages.isEmpty()
                ? tr("%1: cannot be read").arg(path)
                : formatSettingsMessage(path, result.messages.constFirst());
        return result;
    }
    result.ok = true;
    result.document = loaded.document;
    if (options.profile)
        result.document.policy.setProfile(*options.profile);
    result.policy = result.document.policy;
    result.variants.append({QString(), result.policy, {}});
    return result;
}

} // namespace

PolicyFileResult loadPolicyFile(const QString &path, const PolicyFileOptions &options)
{
    PolicyFileResult result;
    const QFileInfo info(path);
    if (!info.exists()) {
        result.errorString = tr("%1: no such file").arg(path);
        return result;
    }
    if (!info.isFile() && !info.isDir()) {
        // Opening a FIFO would wait for a writer; a device or socket is no policy either.
        result.errorString
                = tr("%1: not a regular file (a FIFO, socket or device); give the policy file "
                     "itself")
                          .arg(path);
        return result;
    }
    const QString suffix = info.suffix().toLower();
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        return loadYamlFile(path, options);
    if (suffix != QLatin1String("py")) {
        result.errorString = tr("%1: unknown policy format (expected a Django settings module, "
                                "*.py, or a CORS Studio document, *.cors.yaml)")
                                     .arg(path);
        return result;
    }
    SettingsReadOptions readOptions;
    readOptions.profile = options.profile.value_or(Profile::V4);
    readOptions.debug = options.debug;
    const SettingsVariants variants = readDjangoSettingsFileVariants(path, readOptions);
    qsizetype index = variants.chosen;
    if (!options.variant.isEmpty()) {
        index = variants.find(options.variant);
        if (index < 0) {
            result.errorString = variants.variants.size() == 1
                    ? tr("%1: has no variants (no setting depends on DEBUG or the environment); "
                         "leave out --variant")
                              .arg(path)
                    : tr("%1: no variant \"%2\"; its variants are %3")
                              .arg(path, options.variant, variants.names());
            return result;
        }
    }
    const SettingsReadResult &read = variants.variants.at(index).result;
    result.messages = read.messages;
    if (!read.ok) {
        for (const SettingsMessage &m : std::as_const(read.messages)) {
            if (m.severity == SettingsMessage::Severity::Error) {
                result.errorString = formatSettingsMessage(path, m);
                break;
            }
        }
        if (result.errorString.isEmpty())
            result.errorString = tr("%1: cannot be read").arg(path);
        return result;
    }
    result.ok = true;
    result.policy = read.policy;
    result.policy.setProfile(readOptions.profile);
    result.document.policy = result.policy;
    result.document.unreadSettings = read.unread;
    for (const SettingsVariant &variant : variants.variants) {
        Policy policy = variant.result.policy;
        policy.setProfile(readOptions.profile);
        result.variants.append({variant.name, policy, variant.result.unread});
    }
    result.variantIndex = index;
    result.chosenVariantReason = variants.chosenReason;
    result.summarisedDecisions = variants.summarised;
    Deployment deployment;
    deployment.settings = stackSettingsFromValues(read.djangoSettings, read.djangoSettingLines,
                                                  &result.deploymentProblems);
    QStringList unread = read.unreadDjangoSettings.values();
    unread.sort();
    result.deploymentProblems += unread;
    result.deployment = deployment;
    // A module that defines MIDDLEWARE describes its stack; the document then carries it.
    if (deployment.settings.lines.contains(QStringLiteral("MIDDLEWARE")))
        result.document.deployment = deployment;
    return result;
}

QString formatSettingsMessage(const QString &fileName, const SettingsMessage &message)
{
    QString severity;
    switch (message.severity) {
    case SettingsMessage::Severity::Info:
        severity = tr("info");
        break;
    case SettingsMessage::Severity::Warning:
        severity = tr("warning");
        break;
    case SettingsMessage::Severity::Error:
        severity = tr("error");
        break;
    }
    QString location = fileName;
    if (message.line > 0) {
        location += u':' + QString::number(message.line);
        if (message.column > 0)
            location += u':' + QString::number(message.column);
    }
    return location + QStringLiteral(": ") + severity + QStringLiteral(": ") + message.text;
}

} // namespace Cors
