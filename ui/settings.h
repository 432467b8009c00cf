// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Cors {

/**
 * The application's persistent preferences, over QSettings: every key and its default are
 * declared once, here. Construct it where needed (QSettings is cheap); organisation and
 * application names must be set first (main) or QStandardPaths test mode enabled (tests).
 */
class Settings
{
public:
    template<typename T>
    struct Key
    {
        const char *name;
        T defaultValue;
    };

    static constexpr Key<int> AutosaveDelay {"Documents/autosaveDelayMs", 1500};
    static constexpr int MaxRecentFiles = 8;

    Settings() = default;

    template<typename T>
    T get(const Key<T> &key) const
    {
        return m_settings.value(QLatin1StringView(key.name), QVariant::fromValue(key.defaultValue))
                .template value<T>();
    }
    template<typename T>
    void set(const Key<T> &key, const T &value)
    {
        m_settings.setValue(QLatin1StringView(key.name), QVariant::fromValue(value));
    }

    /** Most recent first; files that no longer exist are kept (the menu greys them out). */
    QStringList recentFiles() const;
    void addRecentFile(const QString &path);
    void removeRecentFile(const QString &path);
    void clearRecentFiles();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);

    /** The folder the last Open/Save As dialog was in. */
    QString lastDirectory() const;
    void setLastDirectory(const QString &directory);

    /** False until the first window closed: the first start opens the bundled example. */
    bool hasStartedBefore() const;
    void setStartedBefore();

    /** The workspace shown last ("policy", "simulate", "live"). */
    QString currentWorkspace() const;
    void setCurrentWorkspace(const QString &id);
    /**
     * A value of one workspace's layout, under "Workspace/<workspace>/<key>" (a splitter's
     * state under "splitter/<objectName>", the side panel's "sidePanelVisible" and
     * "sidePanelWidth"); invalid when never stored.
     */
    QVariant workspaceValue(const QString &workspace, const QString &key) const;
    void setWorkspaceValue(const QString &workspace, const QString &key, const QVariant &value);
    /** Forgets every workspace's layout (View › Reset Workspace Layout). */
    void clearWorkspaceLayouts();

    /** The side panel's tab last shown ("export", "history"). */
    QString sidePanelTab() const;
    void setSidePanelTab(const QString &id);

    /** The palette chosen in View › Theme: "system" (the default), "light" or "dark". */
    QString theme() const;
    void setTheme(const QString &theme);

    /** The export tab (exporter id) last shown. */
    QString exportTab() const;
    void setExportTab(const QString &id);

    int autosaveDelayMs() const { return get(AutosaveDelay); }

    QSettings &raw() { return m_settings; }

private:
    QSettings m_settings;
};

} // namespace Cors
