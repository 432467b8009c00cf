// SPDX-License-Identifier: MIT
#pragma once

#include "document/documentfile.h"
#include "python/settingsreader.h"

#include <QMainWindow>

#include <optional>

class QAbstractButton;
class QAction;
class QDockWidget;
class QKeyEvent;
class QLabel;
class QMenu;
class QTreeView;

namespace Cors {

class ExportPane;
class MessageBar;
class OriginTester;
class PolicyDocument;
class PolicyEditor;
class ProblemsModel;
class SimulatorPanel;
struct RecoveryLeftover;

/**
 * The main window: the setting groups and their forms (with the origin tester) in the middle,
 * the live export on the right, Problems below; File (New, Open, Recent, Save, Save As), Edit
 * (Undo, Redo) and View menus; drop a *.cors.yaml or a settings.py to open it.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    PolicyDocument *document() const { return m_document; }
    PolicyEditor *editor() const { return m_editor; }
    SimulatorPanel *simulatorPanel() const { return m_simulator; }
    QDockWidget *simulatorDock() const { return m_simulatorDock; }
    ExportPane *exportPane() const { return m_export; }
    OriginTester *originTester() const;
    ProblemsModel *problemsModel() const { return m_problems; }
    QTreeView *problemsView() const { return m_problemsView; }
    MessageBar *messageBar() const { return m_messageBar; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAbstractButton *applyFixButton() const { return m_applyFix; }

    /**
     * Adds a panel (the simulator, the live server, ...) as a dock: tabbed with the Problems
     * panel in the bottom area unless @p area says otherwise, scrolling when the dock is smaller
     * than the panel, listed in the View menu, and kept in the saved layout (@p objectName
     * identifies it there). Call it from the constructor, before restoreLayout().
     */
    QDockWidget *addPanel(QWidget *panel, const QString &title, const QString &objectName,
                          Qt::DockWidgetArea area = Qt::BottomDockWidgetArea);

    /** Applies the fix of the problem in row @p row of problemsModel() as one undo step. */
    bool applyFix(int row);

    /**
     * Opens a *.cors.yaml, or imports a settings.py (untitled-with-source; the import report is
     * offered). Does not ask about unsaved changes (see openFileInteractively). False with a
     * message box when the file cannot be read.
     */
    bool openFile(const QString &path);
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
    /** Restores the window geometry and dock layout from the settings. */
    void restoreLayout();
    /** Sizes the docks for the window's current size (the layout of a first start). */
    void applyDefaultLayout();

    /**
     * Shows @p text in the message bar with an Undo button that undoes the edit just made; the
     * notice goes as soon as the undo stack moves on.
     */
    void showUndoNotice(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;
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
    QDockWidget *m_exportDock = nullptr;
    QDockWidget *m_problemsDock = nullptr;
    QDockWidget *m_historyDock = nullptr;
    SimulatorPanel *m_simulator = nullptr;
    QDockWidget *m_simulatorDock = nullptr;
    QLabel *m_statusProblems = nullptr;
    QLabel *m_statusProfile = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_panelsSeparator = nullptr;
    QAbstractButton *m_applyFix = nullptr;
    QLabel *m_fixText = nullptr;
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
    void createDocks();
    bool maybeSave();
    void updateTitle();
    void updateStatus();
    void updateRecentMenu();
    void writeSettings();
    void showImported(const QString &path, const QList<SettingsMessage> &messages);
    void showImportReport();
    void activateProblem(const QModelIndex &index);
    void updateFixButton();
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
