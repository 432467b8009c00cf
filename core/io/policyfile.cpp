// SPDX-License-Identifier: MIT
#include "io/policyfile.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PolicyFile", text);
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
    if (info.suffix().compare(QLatin1String("py"), Qt::CaseInsensitive) != 0) {
        result.errorString =
                tr("%1: unknown policy format (expected a Django settings module, *.py)").arg(path);
        return result;
    }
    SettingsReadOptions readOptions;
    readOptions.profile = options.profile.value_or(Profile::V4);
    readOptions.debug = options.debug;
    SettingsReadResult read = readDjangoSettingsFile(path, readOptions);
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
