// SPDX-License-Identifier: MIT
#include "settings.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

const Settings::Key<QStringList> RecentFiles {"Documents/recentFiles", {}};
const Settings::Key<QByteArray> Geometry {"MainWindow/geometry", {}};
const Settings::Key<QByteArray> State {"MainWindow/state", {}};
const Settings::Key<QByteArray> Splitter {"MainWindow/splitter", {}};
const Settings::Key<QString> LastDirectory {"Documents/lastDirectory", {}};
const Settings::Key<bool> StartedBefore {"General/startedBefore", false};
const Settings::Key<QString> ExportTab {"Export/tab", {}};

QString normalized(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

} // namespace

QStringList Settings::recentFiles() const
{
    return get(RecentFiles);
}

void Settings::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    const QString file = normalized(path);
    files.removeAll(file);
    files.prepend(file);
    while (files.size() > MaxRecentFiles)
        files.removeLast();
    set(RecentFiles, files);
}

void Settings::removeRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(normalized(path));
    set(RecentFiles, files);
}

void Settings::clearRecentFiles()
{
    set(RecentFiles, QStringList());
}

QByteArray Settings::windowGeometry() const
{
    return get(Geometry);
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    set(Geometry, geometry);
}

QByteArray Settings::windowState() const
{
    return get(State);
}

void Settings::setWindowState(const QByteArray &state)
{
    set(State, state);
}

QByteArray Settings::splitterState() const
{
    return get(Splitter);
}

void Settings::setSplitterState(const QByteArray &state)
{
    set(Splitter, state);
}

QString Settings::lastDirectory() const
{
    return get(LastDirectory);
}

void Settings::setLastDirectory(const QString &directory)
{
    set(LastDirectory, directory);
}

bool Settings::hasStartedBefore() const
{
    return get(StartedBefore);
}

void Settings::setStartedBefore()
{
    set(StartedBefore, true);
}

QString Settings::exportTab() const
{
    return get(ExportTab);
}

void Settings::setExportTab(const QString &id)
{
    set(ExportTab, id);
}

} // namespace Cors
