// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "commands/settingcommands.h"
#include "document/backgroundjob.h"
#include "document/documentfile.h"
#include "document/policydocument.h"
#include "document/proxysite.h"
#include "document/recoveryfile.h"
#include "editor/deploymenteditor.h"
#include "editor/origintester.h"
#include "editor/policyeditor.h"
#include "editor/settingfield.h"
#include "export/exportpane.h"
#include "icons.h"
#include "importreportdialog.h"
#include "live/livepanel.h"
#include "messagebar.h"
#include "models/problemsmodel.h"
#include "placeholdertreeview.h"
#include "settings.h"
#include "simulator/requestbuilder.h"
#include "simulator/simulatorpanel.h"
#include "theme.h"
#include "widgets/elidedtooltips.h"
#include "widgets/elidinglabel.h"
#include "workspaces/sidepanel.h"
#include "workspaces/splitterstate.h"
#include "workspaces/workspaceicons.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTextDocument>
#include <QTextEdit>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QWhatsThis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

const QString examplePath = u":/examples/example_settings.py"_s;
const QString mistakesPath = u":/examples/policy_with_mistakes.py"_s;

QString localFileOf(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && isPolicyFileName(url.toLocalFile()))
            return url.toLocalFile();
    }
    return {};
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new PolicyDocument(this))
    , m_problems(new ProblemsModel(m_document, this))
{
    setObjectName(u"MainWindow"_s);
    setAcceptDrops(true);
    setWindowIcon(Icons::themed("security-medium", QStyle::SP_ComputerIcon));

    auto *central = new QWidget(this);
    central->setObjectName(u"central"_s);
    m_messageBar = new MessageBar(central);
    m_editor = new PolicyEditor(m_document, m_problems, central);
    const QList<SettingField *> fields = m_editor->findChildren<SettingField *>();
    for (SettingField *field : fields)
        connect(field, &SettingField::undoNotice, this, &MainWindow::showUndoNotice);
    connect(m_document->undoStack(), &QUndoStack::indexChanged, this, [this](int index) {
        if (m_undoNoticeIndex < 0 || index == m_undoNoticeIndex)
            return;
        // Undone, or another edit came first: the notice no longer says what Undo would do.
        if (m_messageBar->text() == m_undoNoticeText)
            m_messageBar->hide();
        m_undoNoticeIndex = -1;
    });

    // The workspaces, one page each of a stack, and the side panel beside them in one splitter:
    // the side panel is the same widget in every workspace, only its width and visibility are
    // the workspace's.
    m_export = new ExportPane(m_document, this);
    m_sidePanel = new SidePanel(m_export, m_document->undoStack(), central);
    m_simulator = new SimulatorPanel(m_document, this);
    // The document's nginx (`proxy:`), read once per document for the simulator and the routes.
    m_proxy = new ProxySite(m_document, this);
    m_simulator->setProxySite(m_proxy);
    if (DeploymentEditor *deployment = m_editor->deploymentEditor())
        deployment->setProxySite(m_proxy);
    m_live = new LivePanel(m_document, this);
    m_workspaces = new QStackedWidget(central);
    m_workspaces->setObjectName(u"workspaces"_s);
    m_workspaces->addWidget(createPolicyWorkspace());
    m_workspaces->addWidget(m_simulator);
    m_workspaces->addWidget(m_live);
    for (int i = 0; i < WorkspaceCount; ++i)
        m_workspaces->widget(i)->installEventFilter(this);
    m_workspaceSplitter = new QSplitter(Qt::Horizontal, central);
    m_workspaceSplitter->setObjectName(u"workspaceSplitter"_s);
    m_workspaceSplitter->addWidget(m_workspaces);
    m_workspaceSplitter->addWidget(m_sidePanel);
    m_workspaceSplitter->setCollapsible(0, false);
    m_workspaceSplitter->setCollapsible(1, true);
    m_workspaceSplitter->setStretchFactor(0, 1);
    m_workspaceSplitter->setStretchFactor(1, 0);
    connect(m_workspaceSplitter, &QSplitter::splitterMoved, this, [this] {
        // Dragged shut: hidden, as the toggle would.
        if (m_workspaceSplitter->sizes().value(1) == 0 && m_sidePanel->isVisible())
            setSidePanelShown(false);
        else
            rememberSidePanel();
    });

    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messageBar);
    layout->addWidget(m_workspaceSplitter, 1);
    setCentralWidget(central);

    // First-start defaults: the export beside the form; the simulator and Live take the window.
    layoutOf(Workspace::Policy).sidePanelVisible = true;

    createActions();

    m_statusProblems = new QLabel(this);
    m_statusProblems->setObjectName(u"statusProblems"_s);
    m_statusProblems->setTextFormat(Qt::RichText);
    m_statusProblems->setToolTip(tr("Show the problems (Policy workspace)"));
    connect(m_statusProblems, &QLabel::linkActivated, this, &MainWindow::showProblems);
    m_statusProfile = new QLabel(this);
    m_statusProfile->setObjectName(u"statusProfile"_s);
    // The linter, the export, the origin tester and the scenarios land after an edit: the mark
    // says that what is shown is about to change. Shown only when a run takes long enough to
    // notice, so that quick ones do not blink it at every keystroke.
    m_statusUpdating = new QLabel(tr("Updating…"), this);
    m_statusUpdating->setObjectName(u"statusUpdating"_s);
    m_statusUpdating->setForegroundRole(QPalette::PlaceholderText);
    m_statusUpdating->setToolTip(
            tr("The problems, the export and the tests are being brought up to date"));
    m_statusUpdating->hide();
    m_updatingDelay = new QTimer(this);
    m_updatingDelay->setSingleShot(true);
    m_updatingDelay->setInterval(UpdatingMarkDelayMs);
    connect(m_updatingDelay, &QTimer::timeout, m_statusUpdating, &QWidget::show);
    connect(BackgroundJob::activity(), &BackgroundJob::busyChanged, this, [this](bool busy) {
        if (busy) {
            m_updatingDelay->start();
        } else {
            m_updatingDelay->stop();
            m_statusUpdating->hide();
        }
    });
    statusBar()->addPermanentWidget(m_statusUpdating);
    statusBar()->addPermanentWidget(m_statusProblems);
    statusBar()->addPermanentWidget(m_statusProfile);

    connect(m_document, &PolicyDocument::fileChangedOnDisk, this, &MainWindow::fileChangedOnDisk);
    connect(m_document, &PolicyDocument::fileRemovedOnDisk, this, &MainWindow::fileRemovedOnDisk);
    connect(m_document, &PolicyDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &PolicyDocument::fileChanged, this, &MainWindow::updateTitle);
    connect(m_document, &PolicyDocument::changed, this, &MainWindow::updateStatus);
    connect(m_problems, &ProblemsModel::countsChanged, this, &MainWindow::updateStatus);

    // A sensible first size; restoreLayout() replaces it with the user's.
    const QRect screen = QGuiApplication::primaryScreen()
            ? QGuiApplication::primaryScreen()->availableGeometry()
            : QRect(0, 0, 1440, 900);
    resize(qMin(1440, screen.width() - 40), qMin(900, screen.height() - 40));
    setCurrentWorkspace(Workspace::Policy);
    updateTitle();
    updateStatus();

    // Undo keys in a text field without a history of its own (forwardUndoKey).
    qApp->installEventFilter(this);
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
    for (int i = 0; i < WorkspaceCount; ++i)
        m_workspaces->widget(i)->removeEventFilter(this);
    // Closing can still commit an open list editor into the document; the window's own slots must
    // not run by then.
    m_document->disconnect(this);
    m_document->undoStack()->disconnect(this);
    // The panels' background jobs end as the children are deleted, and say so to the
    // application-wide activity: the Updating mark's slot must not run on a half-destroyed window.
    BackgroundJob::activity()->disconnect(this);
    m_problems->disconnect(this);
}

OriginTester *MainWindow::originTester() const
{
    return m_editor->originTester();
}

QWidget *MainWindow::createPolicyWorkspace()
{
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(u"policySplit"_s);
    split->addWidget(m_editor);
    split->addWidget(createProblemsPanel());
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    return split;
}

QWidget *MainWindow::createProblemsPanel()
{
    auto *panel = new QWidget(this);
    panel->setObjectName(u"problemsPanel"_s);
    auto *problemsView = new PlaceholderTreeView(panel);
    problemsView->setPlaceholderText(
            tr("No problems: django-cors-headers' checks pass, and the security linter finds "
               "nothing to report."));
    m_problemsView = problemsView;
    m_problemsView->setObjectName(u"problemsView"_s);
    m_problemsView->setAccessibleName(tr("Problems"));
    m_problemsView->setModel(m_problems);
    m_problemsView->setRootIsDecorated(false);
    // Codes and settings are short: sized to their content; the message takes the rest.
    m_problemsView->setUniformRowHeights(true);
    m_problemsView->setAlternatingRowColors(true);
    m_problemsView->setWordWrap(false);
    m_problemsView->setTextElideMode(Qt::ElideRight); // the whole text is in the tooltip
    ElidedToolTips::install(m_problemsView);
    m_problemsView->header()->setStretchLastSection(true);
    // Fitted when the problems change (fitProblemColumns), on the few rows that can be widest.
    connect(m_problemsView, &QTreeView::activated, this, &MainWindow::activateProblem);
    connect(m_problemsView, &QTreeView::clicked, this, &MainWindow::activateProblem);

    // A finding's fix (the linter's), applied as one undo step: button, context menu.
    auto *fixButton = new QToolButton(panel);
    fixButton->setObjectName(u"applyFixButton"_s);
    fixButton->setText(tr("Apply &Fix"));
    fixButton->setAccessibleName(tr("Apply the fix of the selected problem"));
    fixButton->setIcon(Icons::themed("tools-check-spelling", QStyle::SP_DialogApplyButton));
    fixButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    fixButton->setAutoRaise(true);
    m_applyFix = fixButton;
    connect(fixButton, &QToolButton::clicked, this, [this] {
        if (m_problemsView->currentIndex().isValid())
            applyFix(m_problemsView->currentIndex().row());
    });
    m_fixText = new ElidingLabel(panel);
    m_fixText->setObjectName(u"problemFixText"_s);
    m_problemsTitle = new QLabel(tr("Problems"), panel);
    m_problemsTitle->setObjectName(u"problemsTitle"_s);
    QFont bold = m_problemsTitle->font();
    bold.setBold(true);
    m_problemsTitle->setFont(bold);
    auto *fixAction = new QAction(tr("Apply Fix"), m_problemsView);
    fixAction->setObjectName(u"actionApplyFix"_s);
    connect(fixAction, &QAction::triggered, fixButton, &QToolButton::click);
    m_problemsView->addAction(fixAction);
    m_problemsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_problemsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateFixButton);
    connect(m_problems, &QAbstractItemModel::modelReset, this, &MainWindow::updateFixButton);
    connect(m_problems, &QAbstractItemModel::modelReset, this, &MainWindow::fitProblemColumns);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addWidget(m_problemsTitle);
    bar->addSpacing(8);
    bar->addWidget(fixButton);
    bar->addWidget(m_fixText, 1);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_problemsView, 1);
    updateFixButton();
    return panel;
}

void MainWindow::fitProblemColumns()
{
    // ResizeToContents measured 200 rows per column on every layout of the view (a policy of
    // 10,000 origins has as many problems): a sixth of the GUI thread's time after an edit.
    // The widest cell of a column is among a few rows the model names, so only those are asked.
    QHeaderView *header = m_problemsView->header();
    for (const int column : {ProblemsModel::CodeColumn, ProblemsModel::SettingColumn}) {
        int width = header->sectionSizeHint(column);
        for (const int row : m_problems->widestRows(column))
            width = qMax(width,
                         m_problemsView->sizeHintForIndex(m_problems->index(row, column)).width());
        header->resizeSection(column, width);
    }
}

void MainWindow::updateFixButton()
{
    const QModelIndex current = m_problemsView->currentIndex();
    const bool fixable = current.isValid() && current.data(ProblemsModel::HasFixRole).toBool();
    m_applyFix->setEnabled(fixable);
    const QList<QAction *> actions = m_problemsView->actions();
    for (QAction *a : actions)
        a->setEnabled(fixable);
    QString text;
    if (current.isValid()) {
        const ProblemsModel::Problem &p = m_problems->problem(current.row());
        QStringList edits;
        for (const PolicyFix &fix : p.fixes)
            edits.append(fix.description);
        text = edits.isEmpty() ? p.fixText : edits.join(u"; "_s);
    } else if (m_problems->rowCount() > 0) {
        text = tr("Select a problem to see how to fix it.");
    }
    m_fixText->setText(text);
}

bool MainWindow::applyFix(int row)
{
    if (row < 0 || row >= m_problems->rowCount())
        return false;
    const ProblemsModel::Problem problem = m_problems->problem(row);
    if (problem.fixes.isEmpty())
        return false;
    QStringList edits;
    for (const PolicyFix &fix : problem.fixes)
        edits.append(fix.description);
    auto *command = new ApplyFixesCommand(m_document, problem.fixes,
                                          tr("Fix %1: %2").arg(problem.code, edits.join(u"; "_s)));
    if (!command->changesSomething()) {
        delete command;
        return false;
    }
    m_document->undoStack()->push(command);
    statusBar()->showMessage(tr("Applied: %1").arg(edits.join(u"; "_s)), 5000);
    return true;
}

void MainWindow::createActions()
{
    QStyle *s = style();
    auto action = [this](const QString &text, const QKeySequence &key, const QString &name,
                         const QIcon &icon = {}) {
        auto *a = new QAction(icon, text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        return a;
    };

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAction = action(tr("&New"), QKeySequence::New, u"actionNew"_s,
                                Icons::themed("document-new", QStyle::SP_FileIcon));
    connect(newAction, &QAction::triggered, this, &MainWindow::newDocument);
    QAction *open = action(tr("&Open…"), QKeySequence::Open, u"actionOpen"_s,
                           Icons::themed("document-open", QStyle::SP_DialogOpenButton));
    connect(open, &QAction::triggered, this, [this] {
        Settings settings;
        const QString path = QFileDialog::getOpenFileName(
                this, tr("Open Policy"), settings.lastDirectory(),
                tr("Policies (*.cors.yaml *.yaml *.yml *.py);;CORS Studio documents (*.cors.yaml "
                   "*.yaml *.yml);;Django settings (*.py);;All files (*)"));
        if (!path.isEmpty())
            openFileInteractively(path);
    });
    m_recentMenu = new QMenu(tr("Open &Recent"), this);
    m_recentMenu->setObjectName(u"recentMenu"_s);
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    auto *examples = new QMenu(tr("Open &Example"), this);
    examples->setObjectName(u"examplesMenu"_s);
    QAction *example = examples->addAction(tr("&Single-Page App with Cookies"));
    example->setObjectName(u"actionOpenExample"_s);
    connect(example, &QAction::triggered, this, [this] {
        if (maybeSave())
            openExample();
    });
    QAction *mistakes = examples->addAction(tr("Policy with &Mistakes"));
    mistakes->setObjectName(u"actionOpenMistakes"_s);
    connect(mistakes, &QAction::triggered, this, [this] {
        if (maybeSave())
            openExample(mistakesPath);
    });
    m_save = action(tr("&Save"), QKeySequence::Save, u"actionSave"_s,
                    Icons::themed("document-save", QStyle::SP_DialogSaveButton));
    connect(m_save, &QAction::triggered, this, &MainWindow::save);
    QAction *saveAsAction = action(tr("Save &As…"), QKeySequence::SaveAs, u"actionSaveAs"_s,
                                   Icons::themed("document-save-as", QStyle::SP_DialogSaveButton));
    connect(saveAsAction, &QAction::triggered, this, &MainWindow::saveAs);
    m_importReport = action(tr("Import &Report…"), {}, u"actionImportReport"_s);
    m_importReport->setEnabled(false);
    connect(m_importReport, &QAction::triggered, this, &MainWindow::showImportReport);
    QAction *quit = action(tr("&Quit"), QKeySequence::Quit, u"actionQuit"_s);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    file->addAction(newAction);
    file->addAction(open);
    file->addMenu(m_recentMenu);
    file->addMenu(examples);
    file->addSeparator();
    file->addAction(m_save);
    file->addAction(saveAsAction);
    file->addSeparator();
    file->addAction(m_importReport);
    file->addSeparator();
    file->addAction(quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    // The Edit menu and the tooltips say what would be undone ("Undo Add … to …"); the toolbar
    // keeps a short label (iconText), so that Redo never falls into its overflow menu.
    m_undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setObjectName(u"actionUndo"_s);
    m_undo->setIconText(tr("Undo"));
    m_undo->setShortcuts(QKeySequence::Undo);
    m_undo->setIcon(Icons::themed("edit-undo", QStyle::SP_ArrowBack));
    m_redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setObjectName(u"actionRedo"_s);
    m_redo->setIconText(tr("Redo"));
    // The platform's Redo keys, plus Ctrl+Shift+Z and Ctrl+Y, which Windows and Linux
    // applications both use (macOS has Cmd+Shift+Z only).
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
#ifndef Q_OS_MACOS
    for (const QKeySequence &key :
         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)}) {
        if (!redoKeys.contains(key))
            redoKeys.append(key);
    }
#endif
    m_redo->setShortcuts(redoKeys);
    m_redo->setIcon(Icons::themed("edit-redo", QStyle::SP_ArrowForward));
    edit->addAction(m_undo);
    edit->addAction(m_redo);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_viewMenu = view;

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *whatsThis = QWhatsThis::createAction(this);
    whatsThis->setObjectName(u"actionWhatsThis"_s);
    help->addAction(whatsThis);
    QAction *about = help->addAction(tr("&About CORS Studio"));
    about->setObjectName(u"actionAbout"_s);
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(
                this, tr("About CORS Studio"),
                tr("<h3>CORS Studio %1</h3><p>Design, simulate and export CORS policies for "
                   "django-cors-headers, exactly as it and Chromium behave.</p>")
                        .arg(QCoreApplication::applicationVersion()));
    });

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolBar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(newAction);
    toolbar->addAction(open);
    toolbar->addAction(m_save);
    toolbar->addSeparator();
    toolbar->addAction(m_undo);
    toolbar->addAction(m_redo);
    createWorkspaceActions(view, toolbar);
    Q_UNUSED(s);
}

void MainWindow::createWorkspaceActions(QMenu *view, QToolBar *toolbar)
{
    // The workspaces: one click in the toolbar, Ctrl+1/2/3 (Cmd on macOS), View › Workspace.
    QMenu *workspaces = view->addMenu(tr("&Workspace"));
    workspaces->setObjectName(u"workspaceMenu"_s);
    m_workspaceGroup = new QActionGroup(this);
    m_workspaceGroup->setExclusive(true);
    const std::array<QIcon, WorkspaceCount> icons {
            WorkspaceIcons::policy(), WorkspaceIcons::simulate(), WorkspaceIcons::live()};
    auto *spacerLeft = new QWidget(toolbar);
    spacerLeft->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacerLeft);
    for (int i = 0; i < WorkspaceCount; ++i) {
        const auto workspace = Workspace(i);
        auto *a = new QAction(icons[size_t(i)], workspaceTitle(workspace), this);
        a->setObjectName(u"actionWorkspace_"_s + workspaceId(workspace));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(tr("%1 (%2)").arg(workspaceDescription(workspace),
                                        a->shortcut().toString(QKeySequence::NativeText)));
        a->setStatusTip(workspaceDescription(workspace));
        connect(a, &QAction::triggered, this,
                [this, workspace] { setCurrentWorkspace(workspace); });
        m_workspaceGroup->addAction(a);
        m_workspaceActions[size_t(i)] = a;
        workspaces->addAction(a);
        toolbar->addAction(a);
        if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(a)))
            button->setObjectName(u"workspaceButton_"_s + workspaceId(workspace));
    }
    auto *spacerRight = new QWidget(toolbar);
    spacerRight->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacerRight);

    // The setting groups: Alt+1…9, Alt+0 (Ctrl+digits are the workspaces'); from any
    // workspace they lead to the group in Policy.
    QMenu *go = view->addMenu(tr("&Go to"));
    go->setObjectName(u"goToMenu"_s);
    for (int g = 0; g < PolicyEditor::GroupCount; ++g) {
        QAction *a = go->addAction(PolicyEditor::groupTitle(PolicyEditor::Group(g)));
        a->setObjectName(u"actionGroup"_s + QString::number(g));
        if (g < 10)
            a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(g < 9 ? Qt::Key_1 + g : Qt::Key_0)));
        connect(a, &QAction::triggered, this, [this, g] {
            setCurrentWorkspace(Workspace::Policy);
            m_editor->showGroup(PolicyEditor::Group(g));
        });
        addAction(a);
    }
    view->addSeparator();

    m_sidePanelAction = new QAction(WorkspaceIcons::sidePanel(), tr("&Export Panel"), this);
    m_sidePanelAction->setObjectName(u"actionSidePanel"_s);
    m_sidePanelAction->setIconText(tr("Export"));
    m_sidePanelAction->setCheckable(true);
    m_sidePanelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_sidePanelAction->setToolTip(
            tr("Show or hide the export beside this workspace (%1)")
                    .arg(m_sidePanelAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_sidePanelAction, &QAction::toggled, this, &MainWindow::setSidePanelShown);
    view->addAction(m_sidePanelAction);
    toolbar->addAction(m_sidePanelAction);
    if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(m_sidePanelAction)))
        button->setObjectName(u"sidePanelButton"_s);
    QAction *history = view->addAction(tr("Undo &History"));
    history->setObjectName(u"actionHistory"_s);
    connect(history, &QAction::triggered, this, [this] {
        setSidePanelShown(true);
        m_sidePanel->setCurrentIndex(SidePanel::HistoryTab);
    });
    QAction *problems = view->addAction(tr("&Problems"));
    problems->setObjectName(u"actionProblems"_s);
    connect(problems, &QAction::triggered, this, &MainWindow::showProblems);
    view->addSeparator();

    // Palettes: the system's by default, or Fusion light or dark; remembered.
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->setObjectName(u"themeMenu"_s);
    m_themeGroup = new QActionGroup(this);
    m_themeGroup->setExclusive(true);
    const QString chosen = Settings().theme();
    for (const auto &[mode, text] : {std::pair {Theme::Mode::System, tr("Follow the &System")},
                                     std::pair {Theme::Mode::Light, tr("&Light")},
                                     std::pair {Theme::Mode::Dark, tr("&Dark")}}) {
        QAction *a = theme->addAction(text);
        const QString id = Theme::modeId(mode);
        a->setObjectName(u"actionTheme_"_s + id);
        a->setData(id);
        a->setCheckable(true);
        a->setChecked(id == chosen
                      || (mode == Theme::Mode::System && Theme::modeFromId(chosen) == mode));
        m_themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [mode, id] {
            Settings().setTheme(id);
            Theme::apply(mode);
        });
    }
    QAction *reset = view->addAction(tr("&Reset Workspace Layout"));
    reset->setObjectName(u"actionResetLayout"_s);
    connect(reset, &QAction::triggered, this, &MainWindow::resetWorkspaceLayout);
}

QAction *MainWindow::themeAction(const QString &mode) const
{
    const QList<QAction *> actions = m_themeGroup->actions();
    for (QAction *a : actions) {
        if (a->data().toString() == mode)
            return a;
    }
    return nullptr;
}

QWidget *MainWindow::workspaceWidget(Workspace workspace) const
{
    return m_workspaces->widget(int(workspace));
}

QAction *MainWindow::workspaceAction(Workspace workspace) const
{
    return m_workspaceActions[size_t(workspace)];
}

void MainWindow::setCurrentWorkspace(Workspace workspace)
{
    if (m_current != workspace) {
        // The workspace left keeps its focus, side panel and splitter sizes.
        QWidget *focus = QApplication::focusWidget();
        if (focus && workspaceWidget(m_current)->isAncestorOf(focus))
            layoutOf(m_current).focus = focus;
        rememberSidePanel();
        if (layoutOf(m_current).shown)
            SplitterState::save(workspaceWidget(m_current), workspaceId(m_current));
    }
    m_current = workspace;
    // The stack's minimum is its current page's: a hidden workspace never widens the window.
    for (int i = 0; i < WorkspaceCount; ++i) {
        const bool current = i == int(workspace);
        workspaceWidget(Workspace(i))
                ->setSizePolicy(current ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                                current ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    m_workspaces->setCurrentIndex(int(workspace));
    m_workspaceActions[size_t(workspace)]->setChecked(true);
    applySidePanel();
    if (isVisible()) {
        const WorkspaceLayout &entered = layoutOf(workspace);
        if (entered.focus)
            entered.focus->setFocus(Qt::OtherFocusReason);
        else if (workspace == Workspace::Simulate)
            m_simulator->builder()->urlEdit()->setFocus(Qt::OtherFocusReason);
        else if (workspace == Workspace::Policy)
            m_editor->setFocus(Qt::OtherFocusReason);
        else
            m_live->setFocus(Qt::OtherFocusReason);
    }
    emit currentWorkspaceChanged(workspace);
}

void MainWindow::workspaceShown(Workspace workspace)
{
    WorkspaceLayout &layout = layoutOf(workspace);
    if (layout.shown)
        return;
    // The stack may not have given the page its size yet: its splitters need it.
    QWidget *page = workspaceWidget(workspace);
    if (page->geometry() != m_workspaces->contentsRect())
        page->setGeometry(m_workspaces->contentsRect());
    if (page->layout())
        page->layout()->activate();
    layout.shown = true;
    const bool restored
            = layout.restorePending && SplitterState::restore(page, workspaceId(workspace)) > 0;
    layout.restorePending = false;
    if (!restored)
        applyDefaultSizes(workspace);
}

void MainWindow::applyDefaultSizes(Workspace workspace)
{
    switch (workspace) {
    case Workspace::Policy: {
        auto *split = static_cast<QSplitter *>(workspaceWidget(Workspace::Policy));
        const int height = split->height() - split->handleWidth();
        const int problems = qMax(split->widget(1)->minimumSizeHint().height(), int(height * 0.25));
        split->setSizes({height - problems, problems});
        break;
    }
    case Workspace::Simulate:
        m_simulator->applyDefaultSizes();
        break;
    case Workspace::Live:
        m_live->applyDefaultSizes();
        break;
    }
}

void MainWindow::saveWorkspaceLayouts()
{
    rememberSidePanel();
    Settings settings;
    settings.setCurrentWorkspace(workspaceId(m_current));
    for (int i = 0; i < WorkspaceCount; ++i) {
        const auto workspace = Workspace(i);
        const WorkspaceLayout &layout = layoutOf(workspace);
        const QString id = workspaceId(workspace);
        settings.setWorkspaceValue(id, u"sidePanelVisible"_s, layout.sidePanelVisible);
        settings.setWorkspaceValue(id, u"sidePanelWidth"_s, layout.sidePanelWidth);
        // A workspace not shown in this session keeps what was stored.
        if (layout.shown)
            SplitterState::save(workspaceWidget(workspace), id);
    }
}

void MainWindow::resetWorkspaceLayout()
{
    Settings().clearWorkspaceLayouts();
    for (int i = 0; i < WorkspaceCount; ++i) {
        WorkspaceLayout &layout = m_layouts[size_t(i)];
        layout.sidePanelVisible = Workspace(i) == Workspace::Policy;
        layout.sidePanelWidth = 0;
        layout.restorePending = false;
        layout.shown = false;
    }
    applySidePanel();
    if (workspaceWidget(m_current)->isVisible())
        workspaceShown(m_current);
}

void MainWindow::showProblems()
{
    setCurrentWorkspace(Workspace::Policy);
    auto *split = static_cast<QSplitter *>(workspaceWidget(Workspace::Policy));
    const QList<int> sizes = split->sizes();
    const int wanted = split->widget(1)->minimumSizeHint().height() * 2;
    if (sizes.value(1) < wanted) // not a reset: only grown to show a few rows
        split->setSizes({sizes.value(0) + sizes.value(1) - wanted, wanted});
    m_problemsView->setFocus(Qt::OtherFocusReason);
}

bool MainWindow::isSidePanelShown() const
{
    return layoutOf(m_current).sidePanelVisible;
}

void MainWindow::setSidePanelShown(bool shown)
{
    if (m_applyingSidePanel)
        return;
    WorkspaceLayout &layout = layoutOf(m_current);
    if (layout.sidePanelVisible == shown && m_sidePanel->isVisibleTo(this) == shown
        && m_sidePanelAction->isChecked() == shown)
        return;
    if (!shown)
        rememberSidePanel();
    layout.sidePanelVisible = shown;
    applySidePanel();
}

void MainWindow::rememberSidePanel()
{
    if (m_applyingSidePanel)
        return;
    WorkspaceLayout &layout = layoutOf(m_current);
    const int width = m_workspaceSplitter->sizes().value(1);
    if (m_sidePanel->isVisibleTo(this) && width > 0)
        layout.sidePanelWidth = width;
}

void MainWindow::applySidePanel()
{
    const WorkspaceLayout &layout = layoutOf(m_current);
    const int total = m_workspaceSplitter->width() - m_workspaceSplitter->handleWidth();
    const int workspaceMinimum = workspaceWidget(m_current)->minimumSizeHint().width();
    const int panelMinimum = m_sidePanel->minimumSizeHint().width();
    // Beside a workspace only when both fit: the panel never pushes the window wider than the
    // screen (the workspace keeps the choice, and gets the panel back in a wider window).
    const bool fits = !isVisible() || workspaceMinimum + panelMinimum <= total;
    const bool shown = layout.sidePanelVisible && fits;
    if (layout.sidePanelVisible && !fits)
        statusBar()->showMessage(tr("The export panel needs a wider window beside this "
                                    "workspace: widen the window, or read the export beside "
                                    "Policy."),
                                 8000);
    m_applyingSidePanel = true;
    m_sidePanelAction->setChecked(shown);
    m_sidePanel->setVisible(shown);
    m_workspaceSplitter->refresh();
    if (shown) {
        int width = layout.sidePanelWidth;
        if (width <= 0) // the default: what the export asks for, at most 40 % of the window
            width = qMin(m_sidePanel->sizeHint().width(), int(total * 0.4));
        width = qBound(panelMinimum, width, qMax(panelMinimum, total - workspaceMinimum));
        m_workspaceSplitter->setSizes({total - width, width});
    }
    m_applyingSidePanel = false;
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // Wide enough again for the side panel this workspace wants.
    if (layoutOf(m_current).sidePanelVisible && !m_sidePanel->isVisibleTo(this))
        QTimer::singleShot(0, this, [this] {
            if (layoutOf(m_current).sidePanelVisible && !m_sidePanel->isVisibleTo(this))
                applySidePanel();
        });
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — CORS Studio").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
    setWindowFilePath(m_document->filePath());
}

void MainWindow::updateStatus()
{
    const int errors = m_problems->count(EntryIssue::Severity::Error);
    const int warnings = m_problems->count(EntryIssue::Severity::Warning);
    QString text;
    if (m_problems->rowCount() == 0 && !m_document->findingsCurrent())
        text = tr("Checking\u2026"); // a document just opened: not "No problems" yet
    else if (errors == 0 && warnings == 0)
        text = tr("No problems");
    else
        text = (errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors)) + u", "_s
                + (warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
    m_statusProblems->setText(u"<a href=\"problems\">%1</a>"_s.arg(text.toHtmlEscaped()));
    const int all = m_problems->rowCount();
    m_problemsTitle->setText(all ? tr("Problems (%1)").arg(all) : tr("Problems"));
    m_statusProfile->setText(tr("django-cors-headers %1").arg(profileName(m_document->profile())));
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = Settings().recentFiles();
    for (const QString &path : files) {
        // Not checked for existence: a stat() on a hung network mount would freeze the menu.
        // Opening a file that is gone says so.
        QAction *a = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] { openFileInteractively(path); });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(tr("&Clear List"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, this, [] { Settings().clearRecentFiles(); });
}

std::optional<DocumentFileResult> MainWindow::readInBackground(const QString &path,
                                                               std::optional<Profile> profile,
                                                               const QString &variant)
{
    DocumentFileJob job(path, profile, variant);
    QEventLoop loop;
    connect(&job, &DocumentFileJob::finished, &loop, &QEventLoop::quit);
    QTimer patience;
    patience.setSingleShot(true);
    connect(&patience, &QTimer::timeout, &loop, &QEventLoop::quit);
    job.start();
    // Most reads take milliseconds: no dialog flashes for them. Clicks and keys wait meanwhile.
    patience.start(400);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (job.isFinished())
        return job.result();

    QProgressDialog progress(
            tr("Reading %1…\n\nA file on a network drive that does not answer, or a pipe "
               "nothing writes to, can take forever: Cancel stops waiting.")
                    .arg(QDir::toNativeSeparators(path)),
            tr("Cancel"), 0, 0, this);
    progress.setObjectName(u"openProgress"_s);
    progress.setWindowTitle(tr("Open Policy"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    connect(&progress, &QProgressDialog::canceled, &loop, &QEventLoop::quit);
    connect(&progress, &QDialog::finished, &loop, &QEventLoop::quit); // Escape, closed
    progress.show();
    // finished() is a queued call: it cannot have come between the check above and exec().
    loop.exec();
    if (job.isFinished())
        return job.result();
    job.cancel();
    statusBar()->showMessage(tr("Stopped opening %1: reading it did not finish.")
                                     .arg(QDir::toNativeSeparators(path)),
                             8000);
    return std::nullopt;
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    const std::optional<DocumentFileResult> maybeRead
            = readInBackground(path, m_document->profile());
    if (!maybeRead) {
        if (error)
            *error = tr("%1: reading it did not finish").arg(QDir::toNativeSeparators(path));
        return false;
    }
    const DocumentFileResult &read = *maybeRead;
    if (!read.ok && error) {
        *error = read.errorString;
        return false;
    }
    if (!read.ok) {
        QMessageBox::warning(
                this, tr("Open Policy"),
                tr("Cannot open %1.\n\n%2").arg(QDir::toNativeSeparators(path), read.errorString));
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (read.imported) {
        m_document->reset(read.document, QString(), absolute);
        m_reportImport = read;
        m_reportPath = absolute;
        showImported(absolute, read.messages);
    } else {
        m_document->reset(read.document, absolute);
        m_messageBar->hide();
        m_report.clear();
        m_reportImport = {};
        m_reportPath.clear();
        m_importReport->setEnabled(false);
    }
    Settings settings;
    settings.addRecentFile(absolute);
    settings.setLastDirectory(QFileInfo(absolute).absolutePath());
    return true;
}

void MainWindow::openExample(const QString &resource)
{
    const QString path = resource.isEmpty() ? examplePath : resource;
    const DocumentFileResult read = readDocumentFile(path, Profile::V4);
    const bool mistakes = path == mistakesPath;
    m_document->reset(read.document, QString(), QString(),
                      mistakes ? tr("Policy with mistakes") : tr("Example policy"));
    m_report = read.messages;
    m_reportFile = QFileInfo(path).fileName();
    m_reportImport = read;
    m_reportPath = path;
    m_importReport->setEnabled(true);
    m_messageBar->showMessage(
            mistakes ? tr("An example with the mistakes people make: see the marks on the rows "
                          "and the Problems panel, and click a problem to go to it.")
                     : tr("This is the bundled example policy: a single-page app and its admin "
                          "calling a Django API with cookies. Edit it, or open your own "
                          "settings.py or .cors.yaml."),
            tr("Import Report"), [this] { showImportReport(); });
}

void MainWindow::newDocument()
{
    if (!maybeSave())
        return;
    m_document->reset(CorsDocument {});
    m_messageBar->hide();
    m_report.clear();
    m_reportImport = {};
    m_reportPath.clear();
    m_importReport->setEnabled(false);
}

bool MainWindow::openFileInteractively(const QString &path)
{
    if (!maybeSave())
        return false;
    return openFile(path);
}

void MainWindow::showImported(const QString &path, const QList<SettingsMessage> &messages)
{
    m_report = messages;
    m_reportFile = QFileInfo(path).fileName();
    m_importReport->setEnabled(true);
    int skipped = 0;
    for (const SettingsMessage &m : messages) {
        if (m.severity != SettingsMessage::Severity::Info)
            ++skipped;
    }
    const int settings = int(m_document->policy().definedSettings().size());
    const QString read
            = settings == 1 ? tr("1 setting read") : tr("%1 settings read").arg(settings);
    const QString rest = skipped == 0 ? tr("nothing skipped")
            : skipped == 1            ? tr("1 statement skipped or read with a warning")
                           : tr("%1 statements skipped or read with a warning").arg(skipped);
    QString variant;
    if (m_reportImport.variants.size() > 1)
        variant = tr(" Variant \"%1\" of %2 (the report lists them).")
                          .arg(m_reportImport.variants.value(m_reportImport.variantIndex))
                          .arg(m_reportImport.variants.size());
    const qsizetype unread = m_reportImport.document.unreadSettings.size();
    if (unread > 0)
        variant += tr(" %n setting(s) could not be read: see Problems.", nullptr, int(unread));
    m_messageBar->showMessage(
            tr("Imported %1: %2, %3. Saving writes a .cors.yaml; the settings module is never "
               "changed.")
                            .arg(m_reportFile, read, rest)
                    + variant,
            tr("Show Report"), [this] { showImportReport(); });
}

void MainWindow::showImportReport()
{
    if (m_report.isEmpty() && m_reportFile.isEmpty())
        return;
    ImportReportDialog dialog(m_reportFile, m_report, this);
    dialog.setImport(m_reportImport.document.unreadSettings, m_reportImport.variants,
                     m_reportImport.variantIndex, m_reportImport.chosenVariantReason);
    if (dialog.exec() != QDialog::Accepted || m_reportPath.isEmpty()
        || dialog.selectedVariant() == m_reportImport.variants.value(m_reportImport.variantIndex))
        return;
    // Another variant of the same settings.py: imported in its place, as Open would.
    if (!maybeSave())
        return;
    const std::optional<DocumentFileResult> maybeRead
            = readInBackground(m_reportPath, m_document->profile(), dialog.selectedVariant());
    if (!maybeRead)
        return;
    const DocumentFileResult &read = *maybeRead;
    if (!read.ok) {
        // The file changed or went since it was opened: say so, and keep what is open.
        QMessageBox::warning(
                this, tr("Import Variant"),
                tr("Cannot import %1.\n\n%2")
                        .arg(QDir::toNativeSeparators(m_reportPath), read.errorString));
        return;
    }
    m_document->reset(read.document, QString(), m_reportPath);
    m_reportImport = read;
    showImported(m_reportPath, read.messages);
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Changes"),
                    tr("“%1” has unsaved changes.").arg(m_document->displayName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(u"unsavedChangesBox"_s);
    box.setInformativeText(tr("Save them before closing the policy?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

bool MainWindow::save()
{
    if (m_document->isUntitled())
        return saveAs();
    return saveTo(m_document->filePath());
}

bool MainWindow::saveAs()
{
    Settings settings;
    QString directory = settings.lastDirectory();
    QString stem = u"policy"_s;
    if (!m_document->filePath().isEmpty()) {
        directory = QFileInfo(m_document->filePath()).absolutePath();
        stem = QFileInfo(m_document->filePath()).fileName();
        stem.chop(documentFileSuffix().size());
    } else if (!m_document->importedFrom().isEmpty()) {
        directory = QFileInfo(m_document->importedFrom()).absolutePath();
        stem = QFileInfo(m_document->importedFrom()).completeBaseName();
    }
    if (directory.isEmpty())
        directory = QDir::homePath();
    QFileDialog dialog(this, tr("Save Policy As"), directory,
                       tr("CORS Studio documents (*.cors.yaml)"));
    dialog.setObjectName(u"saveAsDialog"_s);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(u"cors.yaml"_s);
    dialog.selectFile(stem + documentFileSuffix());
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return false;
    QString path = dialog.selectedFiles().constFirst();
    if (!path.endsWith(u".yaml"_s, Qt::CaseInsensitive)
        && !path.endsWith(u".yml"_s, Qt::CaseInsensitive))
        path += documentFileSuffix();
    settings.setLastDirectory(QFileInfo(path).absolutePath());
    return saveTo(path);
}

bool MainWindow::saveTo(const QString &path)
{
    if (isSettingsModule(path)) {
        QMessageBox::warning(this, tr("Save Policy"),
                             tr("CORS Studio saves policies as .cors.yaml documents and never "
                                "overwrites a settings module. Use the Django tab of the export "
                                "pane to get settings.py code."));
        return false;
    }
    QString error;
    if (!m_document->save(path, &error)) {
        QMessageBox::warning(this, tr("Save Policy"), error);
        return false;
    }
    m_messageBar->hide();
    Settings().addRecentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

int MainWindow::offerRecovery()
{
    int recovered = 0;
    MainWindow *target = this;
    const QList<RecoveryLeftover> leftovers = RecoveryFile::findLeftovers();
    for (const RecoveryLeftover &leftover : leftovers) {
        QString name = leftover.info.displayName;
        if (name.isEmpty() && !leftover.info.filePath.isEmpty())
            name = QFileInfo(leftover.info.filePath).fileName();
        if (name.isEmpty() && !leftover.info.importedFrom.isEmpty())
            name = tr("%1 (imported)").arg(QFileInfo(leftover.info.importedFrom).fileName());
        if (name.isEmpty())
            name = tr("Untitled");
        QMessageBox box(
                QMessageBox::Question, tr("Recover Unsaved Changes"),
                tr("CORS Studio did not close properly while “%1” had unsaved changes.").arg(name),
                QMessageBox::NoButton, this);
        box.setObjectName(u"recoveryBox"_s);
        box.setInformativeText(tr("They were autosaved %1. Recover them?")
                                       .arg(QLocale().toString(leftover.info.savedAt.toLocalTime(),
                                                               QLocale::ShortFormat)));
        QPushButton *recover = box.addButton(tr("&Recover"), QMessageBox::AcceptRole);
        recover->setObjectName(u"recoverButton"_s);
        QPushButton *discard = box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
        discard->setObjectName(u"discardButton"_s);
        QPushButton *later = box.addButton(tr("&Not Now"), QMessageBox::RejectRole);
        later->setObjectName(u"laterButton"_s);
        box.setDefaultButton(recover);
        box.exec();
        if (box.clickedButton() == discard) {
            RecoveryFile::discard(leftover);
        } else if (box.clickedButton() == recover) {
            // One document per window: the first recovery replaces an unchanged document here.
            if (recovered > 0 || target->m_document->isModified()) {
                target = new MainWindow;
                target->setAttribute(Qt::WA_DeleteOnClose);
                target->show();
            }
            if (target->recoverInto(leftover))
                ++recovered;
        }
    }
    return recovered;
}

bool MainWindow::recoverInto(const RecoveryLeftover &leftover)
{
    QString error;
    if (!m_document->recover(leftover, &error)) {
        QMessageBox::warning(this, tr("Recover Unsaved Changes"), error);
        return false;
    }
    m_messageBar->showMessage(
            tr("Recovered unsaved changes. Save them to keep them; the autosaved copy goes "
               "once you do."));
    return true;
}

void MainWindow::applyDefaultLayout()
{
    layoutOf(m_current).sidePanelWidth = 0;
    applySidePanel();
    if (workspaceWidget(m_current)->isVisible()) {
        layoutOf(m_current).shown = true;
        applyDefaultSizes(m_current);
    }
}

void MainWindow::restoreLayout()
{
    Settings settings;
    const QByteArray geometry = settings.windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    // Version 2: the layout of workspaces; a state of the docks of old versions is ignored.
    const QByteArray state = settings.windowState();
    if (!state.isEmpty())
        restoreState(state, 2);
    for (int i = 0; i < WorkspaceCount; ++i) {
        const QString id = workspaceId(Workspace(i));
        WorkspaceLayout &layout = m_layouts[size_t(i)];
        const QVariant visible = settings.workspaceValue(id, u"sidePanelVisible"_s);
        if (visible.isValid())
            layout.sidePanelVisible = visible.toBool();
        layout.sidePanelWidth = settings.workspaceValue(id, u"sidePanelWidth"_s).toInt();
        layout.shown = false;
        layout.restorePending = true;
    }
    bool known = false;
    const Workspace workspace = workspaceFromId(settings.currentWorkspace(), &known);
    setCurrentWorkspace(known ? workspace : Workspace::Policy);
    // Shown already (not at a start): its sizes now; otherwise when it is shown at its size.
    if (workspaceWidget(m_current)->isVisible())
        workspaceShown(m_current);
}

void MainWindow::writeSettings()
{
    Settings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState(2));
    settings.setStartedBefore();
    saveWorkspaceLayouts();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // The side panel's width is relative to the window's: once it has its real size.
    applySidePanel();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

void MainWindow::showUndoNotice(const QString &text)
{
    QUndoStack *stack = m_document->undoStack();
    m_undoNoticeIndex = stack->index();
    m_undoNoticeText = text;
    const int index = m_undoNoticeIndex;
    m_messageBar->showMessage(text, tr("Undo"), [this, stack, index] {
        if (stack->index() == index)
            stack->undo();
        m_messageBar->hide();
    });
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Show && m_workspaces) {
        for (int i = 0; i < WorkspaceCount; ++i) {
            if (watched == m_workspaces->widget(i))
                workspaceShown(Workspace(i));
        }
    }
    if (event->type() == QEvent::KeyPress && watched->isWidgetType()) {
        if (forwardUndoKey(static_cast<QWidget *>(watched), static_cast<QKeyEvent *>(event)))
            return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

namespace {

/** The line edit that takes a text widget's keys (an editable combo box's, a spin box's). */
QLineEdit *lineEditOf(QWidget *widget)
{
    if (auto *edit = qobject_cast<QLineEdit *>(widget))
        return edit;
    if (auto *combo = qobject_cast<QComboBox *>(widget))
        return combo->isEditable() ? combo->lineEdit() : nullptr;
    if (qobject_cast<QAbstractSpinBox *>(widget))
        return widget->findChild<QLineEdit *>();
    return nullptr;
}

bool matchesAny(const QKeyEvent *key, const QList<QKeySequence> &sequences)
{
    const QKeySequence pressed(
            QKeyCombination(key->modifiers() & ~Qt::KeypadModifier, Qt::Key(key->key())));
    return std::any_of(sequences.begin(), sequences.end(),
                       [&pressed](const QKeySequence &s) { return s == pressed; });
}

} // namespace

bool MainWindow::forwardUndoKey(QWidget *target, QKeyEvent *key)
{
    // A line edit takes Ctrl+Z even when it has nothing to undo (the "Add an origin" field
    // after Add): then the keys belong to the document, as they do everywhere else.
    const bool undo = matchesAny(key, m_undo->shortcuts());
    const bool redo = !undo && matchesAny(key, m_redo->shortcuts());
    if ((!undo && !redo) || target->window() != this)
        return false;
    bool ownHistory = true;
    if (QLineEdit *edit = lineEditOf(target)) {
        ownHistory
                = !edit->isReadOnly() && (undo ? edit->isUndoAvailable() : edit->isRedoAvailable());
    } else if (auto *plain = qobject_cast<QPlainTextEdit *>(target)) {
        ownHistory = !plain->isReadOnly() && plain->isUndoRedoEnabled()
                && (undo ? plain->document()->isUndoAvailable()
                         : plain->document()->isRedoAvailable());
    } else if (auto *rich = qobject_cast<QTextEdit *>(target)) {
        ownHistory = !rich->isReadOnly() && rich->isUndoRedoEnabled()
                && (undo ? rich->document()->isUndoAvailable()
                         : rich->document()->isRedoAvailable());
    } else {
        return false; // not a text field: the window's shortcut already has the key
    }
    if (ownHistory)
        return false;
    QAction *action = undo ? m_undo : m_redo;
    if (action->isEnabled())
        action->trigger();
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localFileOf(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = localFileOf(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openFileInteractively(path);
}

void MainWindow::activateProblem(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const int setting = index.data(ProblemsModel::SettingRole).toInt();
    if (setting < 0) {
        const QString django = index.data(ProblemsModel::DjangoSettingRole).toString();
        if (!django.isEmpty())
            m_editor->showDjangoSetting(django);
        return;
    }
    m_editor->showSetting(SettingId(setting), index.data(ProblemsModel::EntryRole).toInt());
}

void MainWindow::fileChangedOnDisk()
{
    // One question at a time: later changes are judged when it is answered.
    if (m_askingAboutDisk)
        return;
    m_askingAboutDisk = true;
    const QString path = m_document->filePath();
    QMessageBox box(QMessageBox::Warning, tr("File Changed on Disk"),
                    tr("Another program changed “%1”.").arg(QDir::toNativeSeparators(path)),
                    QMessageBox::NoButton, this);
    box.setObjectName(u"fileChangedBox"_s);
    box.setInformativeText(m_document->isModified()
                                   ? tr("Reload it and lose your unsaved changes, or keep your "
                                        "version?")
                                   : tr("Reload it, or keep the version shown here?"));
    QPushButton *reload = box.addButton(tr("&Reload"), QMessageBox::AcceptRole);
    reload->setObjectName(u"reloadButton"_s);
    QPushButton *keep = box.addButton(tr("&Keep Mine"), QMessageBox::RejectRole);
    keep->setObjectName(u"keepButton"_s);
    box.setDefaultButton(m_document->isModified() ? keep : reload);
    box.exec();
    m_askingAboutDisk = false;
    if (box.clickedButton() == reload) {
        openFile(path);
        return;
    }
    // The file no longer holds what is shown: saving must write it again.
    m_document->keepOwnVersion();
    m_messageBar->showMessage(tr("“%1” on disk differs from this window: Save writes this "
                                 "version over it.")
                                      .arg(QFileInfo(path).fileName()));
}

void MainWindow::fileRemovedOnDisk()
{
    m_document->keepOwnVersion();
    m_messageBar->showMessage(tr("Another program deleted or moved “%1”: Save writes it again.")
                                      .arg(QDir::toNativeSeparators(m_document->filePath())));
}

} // namespace Cors
