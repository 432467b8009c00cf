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
const Settings::Key<QString> CurrentWorkspace {"Workspace/current", {}};
const Settings::Key<QString> SidePanelTab {"SidePanel/tab", {}};
const Settings::Key<QString> Theme {"View/theme", {}};
const QString WorkspaceGroup = u"Workspace"_s;

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

QString Settings::currentWorkspace() const
{
    return get(CurrentWorkspace);
}

void Settings::setCurrentWorkspace(const QString &id)
{
    set(CurrentWorkspace, id);
}

QVariant Settings::workspaceValue(const QString &workspace, const QString &key) const
{
    return m_settings.value(WorkspaceGroup + u'/' + workspace + u'/' + key);
}

void Settings::setWorkspaceValue(const QString &workspace, const QString &key,
                                 const QVariant &value)
{
    m_settings.setValue(WorkspaceGroup + u'/' + workspace + u'/' + key, value);
}

void Settings::clearWorkspaceLayouts()
{
    const QString current = currentWorkspace();
    m_settings.remove(WorkspaceGroup);
    setCurrentWorkspace(current);
}

QString Settings::sidePanelTab() const
{
    return get(SidePanelTab);
}

void Settings::setSidePanelTab(const QString &id)
{
    set(SidePanelTab, id);
}

QString Settings::theme() const
{
    const QString value = get(Theme);
    return value.isEmpty() ? u"system"_s : value;
}

void Settings::setTheme(const QString &theme)
{
    set(Theme, theme);
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
