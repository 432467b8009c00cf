// SPDX-License-Identifier: MIT
#pragma once

#include "document/documentfile.h"
#include "python/settingsreader.h"
#include "workspaces/workspace.h"

#include <QMainWindow>
#include <QPointer>

#include <array>
#include <optional>

class QAbstractButton;
class QAction;
class QActionGroup;
class QKeyEvent;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTimer;
class QToolBar;
class QTreeView;

namespace Cors {

class ElidingLabel;
class ExportPane;
class LivePanel;
class MessageBar;
class OriginTester;
class PolicyDocument;
class PolicyEditor;
class ProblemsModel;
class ProxySite;
class SidePanel;
class SimulatorPanel;
struct RecoveryLeftover;

/**
 * The main window: three workspaces switched with one click in the toolbar or Ctrl+1/2/3, each
 * using the whole window — Policy (the setting groups, their forms with the origin tester,
 * Problems), Simulate (the simulated browser) and Live (serve, probe, log) — and a side panel
 * (the export, the undo history) that each workspace shows or hides (Ctrl+Shift+E). Every
 * splitter's sizes and the side panel are remembered per workspace. File (New, Open, Recent,
 * Save, Save As), Edit (Undo, Redo) and View menus; drop a *.cors.yaml or a settings.py to open
 * it.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /** How long background work runs before the status bar says "Updating…". */
    static constexpr int UpdatingMarkDelayMs = 150;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    PolicyDocument *document() const { return m_document; }
    PolicyEditor *editor() const { return m_editor; }
    SimulatorPanel *simulatorPanel() const { return m_simulator; }
    LivePanel *livePanel() const { return m_live; }
    ExportPane *exportPane() const { return m_export; }
    SidePanel *sidePanel() const { return m_sidePanel; }
    OriginTester *originTester() const;
    ProblemsModel *problemsModel() const { return m_problems; }
    QTreeView *problemsView() const { return m_problemsView; }
    MessageBar *messageBar() const { return m_messageBar; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAbstractButton *applyFixButton() const { return m_applyFix; }

    Workspace currentWorkspace() const { return m_current; }
    /**
     * Shows @p workspace: the one left keeps its splitter sizes, side panel and focus, the one
     * entered gets back its own.
     */
    void setCurrentWorkspace(Workspace workspace);
    /** The page of @p workspace in the window's stack. */
    QWidget *workspaceWidget(Workspace workspace) const;
    /** The switcher's action of @p workspace (checkable, Ctrl+1/2/3). */
    QAction *workspaceAction(Workspace workspace) const;
    /** View › Export Panel (Ctrl+Shift+E): shows or hides the side panel in this workspace. */
    QAction *sidePanelAction() const { return m_sidePanelAction; }
    bool isSidePanelShown() const;
    void setSidePanelShown(bool shown);
    /** The splitter between the workspaces and the side panel. */
    QSplitter *workspaceSplitter() const { return m_workspaceSplitter; }
    /** View › Theme's action for @p mode ("system", "light", "dark"). */
    QAction *themeAction(const QString &mode) const;

    /**
     * View › Reset Workspace Layout: forgets every workspace's stored sizes and gives each the
     * layout of a first start (the only place that sets sizes).
     */
    void resetWorkspaceLayout();

    /** Applies the fix of the problem in row @p row of problemsModel() as one undo step. */
    bool applyFix(int row);

    /**
     * Opens a *.cors.yaml, or imports a settings.py (untitled-with-source; the import report is
     * offered). Does not ask about unsaved changes (see openFileInteractively). False when the
     * file cannot be read, with a message box, or with the reason in @p error when given (no
     * window may be waiting on a modal box, e.g. while taking a screenshot).
     */
    bool openFile(const QString &path, QString *error = nullptr);
    /** Opens a bundled example policy (untitled); the default one when @p resource is empty. */
    void openExample(const QString &resource = {});
    /** New, Open and drop: ask about unsaved changes first. */
    void newDocument();
    bool openFileInteractively(const QString &path);

    /** Save: to the document's file, or Save As when it has none (untitled or imported). */
    bool save();
    /** Asks for a *.cors.yaml name, then saves. */
    bool saveAs();
    /** Saves as @p path (a *.cors.yaml; never a settings.py). */
    bool saveTo(const QString &path);

    /**
     * Looks for autosave copies left by sessions that ended without closing (a crash) and
     * offers to recover each; returns how many were recovered.
     */
    int offerRecovery();
    /**
     * Restores the window geometry, the workspace shown last and each workspace's splitter
     * sizes and side panel from the settings (a workspace's splitters when it is first shown,
     * at its real size).
     */
    void restoreLayout();
    /** Sizes the current workspace and the side panel for the window's size (a first start). */
    void applyDefaultLayout();

signals:
    void currentWorkspaceChanged(Cors::Workspace workspace);

public:
    /**
     * Shows @p text in the message bar with an Undo button that undoes the edit just made; the
     * notice goes as soon as the undo stack moves on.
     */
    void showUndoNotice(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    PolicyDocument *m_document;
    ProblemsModel *m_problems;
    PolicyEditor *m_editor;
    ExportPane *m_export;
    MessageBar *m_messageBar;
    QTreeView *m_problemsView = nullptr;
    QLabel *m_problemsTitle = nullptr;
    SimulatorPanel *m_simulator = nullptr;
    ProxySite *m_proxy = nullptr;
    LivePanel *m_live = nullptr;
    SidePanel *m_sidePanel = nullptr;
    QSplitter *m_workspaceSplitter = nullptr;
    QStackedWidget *m_workspaces = nullptr;
    QActionGroup *m_workspaceGroup = nullptr;
    std::array<QAction *, WorkspaceCount> m_workspaceActions {};
    QAction *m_sidePanelAction = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    Workspace m_current = Workspace::Policy;
    struct WorkspaceLayout
    {
        bool sidePanelVisible = false;
        int sidePanelWidth = 0; // 0: the default
        bool shown = false;     // shown in this session: its splitters have real sizes
        bool restorePending = false;
        QPointer<QWidget> focus;
    };
    std::array<WorkspaceLayout, WorkspaceCount> m_layouts;
    bool m_applyingSidePanel = false;
    QLabel *m_statusProblems = nullptr;
    QLabel *m_statusUpdating = nullptr;
    QTimer *m_updatingDelay = nullptr;
    QLabel *m_statusProfile = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAbstractButton *m_applyFix = nullptr;
    ElidingLabel *m_fixText = nullptr;
    bool m_askingAboutDisk = false;
    QAction *m_save = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_importReport = nullptr;
    QString m_reportFile;
    QList<SettingsMessage> m_report;
    DocumentFileResult m_reportImport; // the variants and unread settings of the import shown
    QString m_reportPath;              // the settings.py imported, to import another variant
    int m_undoNoticeIndex = -1;
    QString m_undoNoticeText;

    void createActions();
    void createWorkspaceActions(QMenu *view, QToolBar *toolbar);
    QWidget *createPolicyWorkspace();
    WorkspaceLayout &layoutOf(Workspace workspace) { return m_layouts[size_t(workspace)]; }
    const WorkspaceLayout &layoutOf(Workspace workspace) const
    {
        return m_layouts[size_t(workspace)];
    }
    /** Keeps the side panel's state of the current workspace (after a drag or a toggle). */
    void rememberSidePanel();
    /** Gives the side panel the state of the current workspace. */
    void applySidePanel();
    /** Default sizes of @p workspace's splitters for the window's size. */
    void applyDefaultSizes(Workspace workspace);
    /** Restores the stored sizes of a workspace the first time it is shown at its size. */
    void workspaceShown(Workspace workspace);
    void saveWorkspaceLayouts();
    void showProblems();
    bool maybeSave();
    void updateTitle();
    void updateStatus();
    void updateRecentMenu();
    void writeSettings();
    void showImported(const QString &path, const QList<SettingsMessage> &messages);
    void showImportReport();
    void activateProblem(const QModelIndex &index);
    void updateFixButton();
    void fitProblemColumns();
    QWidget *createProblemsPanel();
    void fileChangedOnDisk();
    void fileRemovedOnDisk();
    bool recoverInto(const RecoveryLeftover &leftover);
    /**
     * readDocumentFile() off the GUI thread: the window keeps painting while it runs, and a
     * read that takes longer than a moment shows a progress dialog that can cancel it.
     * nullopt when cancelled.
     */
    std::optional<DocumentFileResult> readInBackground(const QString &path,
                                                       std::optional<Profile> profile,
                                                       const QString &variant = {});
    /** Ctrl+Z / Ctrl+Y in a text field with no history of its own: the document's. */
    bool forwardUndoKey(QWidget *target, QKeyEvent *key);
};

} // namespace Cors
