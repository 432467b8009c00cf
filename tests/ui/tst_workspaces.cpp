// SPDX-License-Identifier: MIT
// The workspaces driven as a user would: Ctrl+1/2/3, the export panel's toggle, splitter sizes
// that a run, a switch and a restart keep, and the palette chosen in View › Theme.
#include "editor/policyeditor.h"
#include "export/exportpane.h"
#include "icons.h"
#include "live/livepanel.h"
#include "mainwindow.h"
#include "settings.h"
#include "simulator/requestbuilder.h"
#include "simulator/simulatorpanel.h"
#include "theme.h"
#include "uitestutils.h"
#include "windowtestutils.h"
#include "workspaces/sidepanel.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

#include <memory>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

std::unique_ptr<MainWindow> shopWindow(bool restore = false)
{
    auto w = std::make_unique<MainWindow>();
    if (!TestUtils::loadShopPolicy(w->document()))
        qWarning("the policy did not load");
    w->resize(1280, 720);
    if (restore)
        w->restoreLayout();
    w->show();
    w->activateWindow();
    if (!QTest::qWaitForWindowActive(w.get()))
        qWarning("window not active");
    if (!TestUtils::landed())
        qWarning("background work did not land");
    return w;
}

QSplitter *splitter(QWidget *root, const char *name)
{
    auto *found = root->findChild<QSplitter *>(QString::fromLatin1(name));
    if (!found)
        qWarning("no splitter %s", name);
    return found;
}

/** Sizes that a default layout would never choose. */
QList<int> distinctive(QSplitter *s, double firstShare)
{
    const int total = (s->orientation() == Qt::Horizontal ? s->width() : s->height())
            - s->handleWidth() * (s->count() - 1);
    const int first = int(total * firstShare);
    return {first, total - first};
}

bool closeTo(const QList<int> &a, const QList<int> &b, int tolerance)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (qAbs(a.at(i) - b.at(i)) > tolerance)
            return false;
    }
    return true;
}

QString sizesText(const QList<int> &sizes)
{
    QStringList parts;
    for (int s : sizes)
        parts.append(QString::number(s));
    return parts.join(u", "_s);
}

} // namespace

class tst_Workspaces : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void switchWithCtrlDigitsAndTheToolbar();
    void groupShortcutsLeadToPolicy();
    void exportPanelTogglePerWorkspace();
    void exportPanelNeverWidensANarrowWindow();
    void statusBarCountOpensProblems();
    void splittersSurviveRunsAndSwitches();
    void layoutSurvivesARestart();
    void resetWorkspaceLayoutGivesTheDefaults();
    void paletteOverrideIsAppliedAndKept();
};

void tst_Workspaces::initTestCase()
{
    TestUtils::isolateSettingsAndData();
}

void tst_Workspaces::init()
{
    // Each test starts as a first start does.
    Settings().raw().remove(u"Workspace"_s);
    Settings().raw().remove(u"MainWindow"_s);
    QTest::failOnWarning(QRegularExpression(u"Ambiguous shortcut"_s));
}

void tst_Workspaces::cleanup()
{
    Theme::apply(Theme::Mode::System);
}

void tst_Workspaces::switchWithCtrlDigitsAndTheToolbar()
{
    auto w = shopWindow();
    QCOMPARE(w->currentWorkspace(), Workspace::Policy);
    QVERIFY(w->editor()->isVisible());
    QVERIFY(!w->simulatorPanel()->isVisible());

    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(w->currentWorkspace(), Workspace::Simulate);
    QVERIFY(w->simulatorPanel()->isVisible());
    QVERIFY(!w->editor()->isVisible());
    // The first visit to Simulate is ready for typing the URL.
    QCOMPARE(QApplication::focusWidget(),
             static_cast<QWidget *>(w->simulatorPanel()->builder()->urlEdit()));
    // The workspace takes the whole window: no 200 px dock.
    QVERIFY2(w->simulatorPanel()->height() > w->height() * 2 / 3,
             qPrintable(QString::number(w->simulatorPanel()->height())));

    QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(w->currentWorkspace(), Workspace::Live);
    QVERIFY(w->livePanel()->isVisible());
    QVERIFY(w->livePanel()->serveButton()->isVisible());
    QVERIFY(w->livePanel()->probeButton()->isVisible());

    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(w->currentWorkspace(), Workspace::Policy);
    QVERIFY(w->editor()->isVisible());
    QVERIFY(w->workspaceAction(Workspace::Policy)->isChecked());

    // From inside the export's read-only editor, Ctrl+2 still switches.
    QPlainTextEdit *exportEditor = w->exportPane()->editor(u"django"_s);
    exportEditor->setFocus();
    QTest::keyClick(exportEditor, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(w->currentWorkspace(), Workspace::Simulate);

    // One click on the toolbar's button.
    auto *live = w->findChild<QToolButton *>(u"workspaceButton_live"_s);
    QVERIFY(live);
    QVERIFY(live->isVisible());
    QVERIFY(live->toolTip().contains(u"Ctrl+3"_s));
    QTest::mouseClick(live, Qt::LeftButton);
    QCOMPARE(w->currentWorkspace(), Workspace::Live);
    // Back in Policy, the focus is where it was left.
    w->editor()->showGroup(PolicyEditor::Origins);
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    auto *input = w->findChild<QLineEdit *>(u"CORS_ALLOWED_ORIGINS_input"_s);
    input->setFocus();
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(input));
}

void tst_Workspaces::groupShortcutsLeadToPolicy()
{
    auto w = shopWindow();
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(w->currentWorkspace(), Workspace::Simulate);
    // Alt+3 is the Methods group, from any workspace.
    QTest::keyClick(w.get(), Qt::Key_3, Qt::AltModifier);
    QCOMPARE(w->currentWorkspace(), Workspace::Policy);
    QCOMPARE(w->editor()->currentGroup(), PolicyEditor::Methods);
    QTest::keyClick(w.get(), Qt::Key_0, Qt::AltModifier);
    QCOMPARE(w->editor()->currentGroup(), PolicyEditor::Target);
}

void tst_Workspaces::exportPanelTogglePerWorkspace()
{
    auto w = shopWindow();
    SidePanel *side = w->sidePanel();
    // First start: the export beside the form, the simulator and Live alone.
    QVERIFY(side->isVisible());
    QVERIFY(w->exportPane()->isVisible());
    QVERIFY(w->sidePanelAction()->isChecked());
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QVERIFY(!side->isVisible());
    QVERIFY(!w->sidePanelAction()->isChecked());

    // Ctrl+Shift+E shows it beside the simulator; Policy keeps its own.
    QTest::keyClick(w.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(side->isVisible());
    QVERIFY(w->sidePanelAction()->isChecked());
    QVERIFY(side->width() >= side->minimumSizeHint().width());
    QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier);
    QVERIFY(!side->isVisible());
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(side->isVisible());
    QTest::keyClick(w.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!side->isVisible());
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QVERIFY(side->isVisible());

    // The toolbar's button is the same toggle.
    auto *button = w->findChild<QToolButton *>(u"sidePanelButton"_s);
    QVERIFY(button && button->isVisible());
    QVERIFY(button->isChecked());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!side->isVisible());
    QCOMPARE(w->workspaceSplitter()->sizes().value(0), w->workspaceSplitter()->width());

    // Each workspace keeps its own width.
    QTest::mouseClick(button, Qt::LeftButton);
    QSplitter *outer = w->workspaceSplitter();
    outer->setSizes(distinctive(outer, 0.55));
    const int simulateWidth = outer->sizes().value(1);
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QTest::keyClick(w.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(side->isVisible());
    outer->setSizes(distinctive(outer, 0.75));
    const int policyWidth = outer->sizes().value(1);
    QVERIFY(qAbs(policyWidth - simulateWidth) > 50);
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(outer->sizes().value(1), simulateWidth);
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(outer->sizes().value(1), policyWidth);
}

void tst_Workspaces::exportPanelNeverWidensANarrowWindow()
{
    auto w = shopWindow();
    w->resize(1024, 640);
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QTRY_COMPARE(w->size(), QSize(1024, 640));
    // The simulator and the export do not both fit: the panel waits, the window keeps its size
    // and says why.
    QTest::keyClick(w.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QCoreApplication::processEvents();
    QCOMPARE(w->size(), QSize(1024, 640));
    QVERIFY(!w->sidePanel()->isVisible());
    QVERIFY(!w->sidePanelAction()->isChecked());
    QVERIFY(w->statusBar()->currentMessage().contains(u"wider window"_s));
    // A wider window brings it.
    w->resize(1280, 720);
    QTRY_VERIFY(w->sidePanel()->isVisible());
    QVERIFY(w->sidePanelAction()->isChecked());
    QCOMPARE(w->size(), QSize(1280, 720));
}

void tst_Workspaces::statusBarCountOpensProblems()
{
    auto w = shopWindow();
    QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier);
    auto *count = w->findChild<QLabel *>(u"statusProblems"_s);
    QVERIFY(count && count->isVisible());
    QVERIFY(count->text().contains(u"warning"_s));
    emit count->linkActivated(u"problems"_s);
    QCOMPARE(w->currentWorkspace(), Workspace::Policy);
    QVERIFY(w->problemsView()->isVisible());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w->problemsView()));
}

void tst_Workspaces::splittersSurviveRunsAndSwitches()
{
    auto w = shopWindow();
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    SimulatorPanel *sim = w->simulatorPanel();
    QSplitter *result = splitter(sim, "simResult");
    QSplitter *trace = splitter(sim, "simTrace");
    QSplitter *main = splitter(sim, "simMain");
    QVERIFY(result && trace && main);
    result->setSizes(distinctive(result, 0.42));
    trace->setSizes(distinctive(trace, 0.5));
    main->setSizes(distinctive(main, 0.45));
    QCoreApplication::processEvents();
    const QList<int> resultSizes = result->sizes();
    const QList<int> traceSizes = trace->sizes();
    const QList<int> mainSizes = main->sizes();

    // A blocked run shows the console message and the fix; a passing one hides them again.
    sim->loadScenario(0);
    QTest::mouseClick(sim->runButton(), Qt::LeftButton);
    QVERIFY(sim->result() && !sim->result()->allowed);
    QVERIFY(sim->applyFixButton()->isVisible());
    QCoreApplication::processEvents();
    QCOMPARE(result->sizes(), resultSizes);
    QCOMPARE(trace->sizes(), traceSizes);
    QCOMPARE(main->sizes(), mainSizes);
    sim->loadScenario(1);
    QTest::mouseClick(sim->runButton(), Qt::LeftButton);
    QVERIFY(sim->result() && sim->result()->allowed);
    QCoreApplication::processEvents();
    QCOMPARE(result->sizes(), resultSizes);
    QCOMPARE(trace->sizes(), traceSizes);
    QCOMPARE(main->sizes(), mainSizes);
    // Applying the fix re-runs: still the same sizes.
    sim->loadScenario(0);
    QTest::mouseClick(sim->runButton(), Qt::LeftButton);
    QTest::mouseClick(sim->applyFixButton(), Qt::LeftButton);
    QVERIFY(sim->result() && sim->result()->allowed);
    QCoreApplication::processEvents();
    QCOMPARE(result->sizes(), resultSizes);
    QCOMPARE(trace->sizes(), traceSizes);

    // Policy and back.
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(result->sizes(), resultSizes);
    QCOMPARE(trace->sizes(), traceSizes);
    QCOMPARE(main->sizes(), mainSizes);
}

void tst_Workspaces::layoutSurvivesARestart()
{
    QList<int> result, trace, live, policy;
    int simulateSide = 0;
    {
        auto w = shopWindow(true);
        QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
        QSplitter *policySplit = splitter(w.get(), "policySplit");
        policySplit->setSizes(distinctive(policySplit, 0.5));
        policy = policySplit->sizes();
        // Policy without the export; Simulate with it, at its own width.
        QTest::keyClick(w.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
        QTest::keyClick(w.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QSplitter *outer = w->workspaceSplitter();
        outer->setSizes(distinctive(outer, 0.7));
        simulateSide = outer->sizes().value(1);
        QSplitter *r = splitter(w.get(), "simResult");
        QSplitter *t = splitter(w.get(), "simTrace");
        r->setSizes(distinctive(r, 0.4));
        t->setSizes(distinctive(t, 0.6));
        result = r->sizes();
        trace = t->sizes();
        QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier);
        QSplitter *l = splitter(w.get(), "liveResults");
        l->setSizes(distinctive(l, 0.3));
        live = l->sizes();
        QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
        w->document()->undoStack()->setClean();
        QVERIFY(w->close());
    }
    auto w = shopWindow(true);
    const int tolerance = w->workspaceSplitter()->handleWidth() + 1;
    // The workspace shown last, with its side panel at its width.
    QCOMPARE(w->currentWorkspace(), Workspace::Simulate);
    QVERIFY(w->sidePanel()->isVisible());
    QVERIFY(qAbs(w->workspaceSplitter()->sizes().value(1) - simulateSide) <= tolerance);
    QVERIFY2(closeTo(splitter(w.get(), "simResult")->sizes(), result, tolerance),
             qPrintable(sizesText(splitter(w.get(), "simResult")->sizes()) + u" vs "_s
                        + sizesText(result)));
    QVERIFY2(closeTo(splitter(w.get(), "simTrace")->sizes(), trace, tolerance),
             qPrintable(sizesText(splitter(w.get(), "simTrace")->sizes()) + u" vs "_s
                        + sizesText(trace)));
    QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier);
    QVERIFY(!w->sidePanel()->isVisible());
    QVERIFY2(closeTo(splitter(w.get(), "liveResults")->sizes(), live, tolerance),
             qPrintable(sizesText(splitter(w.get(), "liveResults")->sizes()) + u" vs "_s
                        + sizesText(live)));
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(!w->sidePanel()->isVisible());
    QVERIFY2(closeTo(splitter(w.get(), "policySplit")->sizes(), policy, tolerance),
             qPrintable(sizesText(splitter(w.get(), "policySplit")->sizes()) + u" vs "_s
                        + sizesText(policy)));
}

void tst_Workspaces::resetWorkspaceLayoutGivesTheDefaults()
{
    auto w = shopWindow(true);
    QSplitter *policySplit = splitter(w.get(), "policySplit");
    const QList<int> defaults = policySplit->sizes();
    policySplit->setSizes(distinctive(policySplit, 0.3));
    QTest::keyClick(w.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!w->sidePanel()->isVisible());
    auto *reset = w->findChild<QAction *>(u"actionResetLayout"_s);
    QVERIFY(reset);
    reset->trigger();
    QVERIFY(w->sidePanel()->isVisible());
    QVERIFY2(closeTo(policySplit->sizes(), defaults, policySplit->handleWidth() + 1),
             qPrintable(sizesText(policySplit->sizes()) + u" vs "_s + sizesText(defaults)));
}

void tst_Workspaces::paletteOverrideIsAppliedAndKept()
{
    Theme::apply(Theme::Mode::System);
    const QPalette system = QApplication::palette();
    auto w = shopWindow();
    QAction *dark = w->themeAction(u"dark"_s);
    QAction *light = w->themeAction(u"light"_s);
    QAction *followSystem = w->themeAction(u"system"_s);
    QVERIFY(dark && light && followSystem);
    QVERIFY(followSystem->isChecked());

    dark->trigger();
    QVERIFY(dark->isChecked());
    QVERIFY(Icons::isDark(QApplication::palette()));
    QTRY_VERIFY(Icons::isDark(w->editor()->palette()));
    QCOMPARE(Settings().theme(), u"dark"_s);
    QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);

    light->trigger();
    QVERIFY(!Icons::isDark(QApplication::palette()));
    QCOMPARE(Settings().theme(), u"light"_s);

    // Kept: a new window shows the choice.
    dark->trigger();
    MainWindow again;
    QVERIFY(again.themeAction(u"dark"_s)->isChecked());

    followSystem->trigger();
    QCOMPARE(Settings().theme(), u"system"_s);
    QCOMPARE(QApplication::palette().color(QPalette::Window), system.color(QPalette::Window));
    QCOMPARE(QApplication::palette().color(QPalette::Text), system.color(QPalette::Text));
}

QTEST_MAIN(tst_Workspaces)
#include "tst_workspaces.moc"
