// SPDX-License-Identifier: MIT
#include "python/settingsreader.h"

#include "python/pytokenizer.h"
#include "python/settingsmodule.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Cors {

namespace {

constexpr qint64 MaxSettingsFileSize = SettingsReadLimits::MaxFileBytes;

SettingsReadResult failure(const QString &text, int line, int column, Profile profile)
{
    SettingsReadResult result;
    result.ok = false;
    result.policy = Policy(profile);
    SettingsMessage message;
    message.severity = SettingsMessage::Severity::Error;
    message.line = line;
    message.column = column;
    message.text = text;
    result.messages.append(message);
    return result;
}

} // namespace

QString unreadSettingText(const UnreadSetting &unread)
{
    QString text = unread.line > 0
            ? QCoreApplication::translate("SettingsReader",
                                          "%1 on line %2 could not be read: the findings do not "
                                          "cover it")
                      .arg(settingName(unread.id))
                      .arg(unread.line)
            : QCoreApplication::translate("SettingsReader",
                                          "%1 could not be read: the findings do not cover it")
                      .arg(settingName(unread.id));
    if (!unread.reason.isEmpty())
        text += QStringLiteral(" (%1)").arg(unread.reason);
    return text;
}

SettingsReadResult readDjangoSettings(const QByteArray &source, const SettingsReadOptions &options)
{
    Py::SourceError error;
    const std::optional<QString> text = Py::decodeSource(source, &error);
    if (!text)
        return failure(error.message, error.line, error.column, options.profile);
    return Settings::readModule(*text, options);
}

SettingsReadResult readDjangoSettingsFile(const QString &path, const SettingsReadOptions &options)
{
    const QFileInfo info(path);
    if (info.exists() && info.isFile() && info.size() > MaxSettingsFileSize)
        return failure(
                QCoreApplication::translate("SettingsReader",
                                            "%1 is %2 bytes, more than the %3 MiB a settings "
                                            "file may have; it is not read")
                        .arg(QDir::toNativeSeparators(path))
                        .arg(info.size())
                        .arg(MaxSettingsFileSize / (1024 * 1024)),
                0, 0, options.profile);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(QCoreApplication::translate("SettingsReader", "Cannot read %1: %2")
                               .arg(QDir::toNativeSeparators(path), file.errorString()),
                       0, 0, options.profile);
    // Read at most one byte past the limit, so a file that grew since the check is still refused.
    const QByteArray bytes = file.read(MaxSettingsFileSize + 1);
    if (bytes.size() > MaxSettingsFileSize)
        return failure(QCoreApplication::translate("SettingsReader",
                                                   "%1 is more than the %2 MiB a settings file may "
                                                   "have; it is not read")
                               .arg(QDir::toNativeSeparators(path))
                               .arg(MaxSettingsFileSize / (1024 * 1024)),
                       0, 0, options.profile);
    return readDjangoSettings(bytes, options);
}

} // namespace Cors
