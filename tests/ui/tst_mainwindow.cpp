// SPDX-License-Identifier: MIT
// The main window driven as a user would: keys and clicks on widgets found by objectName.
#include "document/documentfile.h"
#include "document/policydocument.h"
#include "document/recoveryfile.h"
#include "editor/origintester.h"
#include "editor/policyeditor.h"
#include "export/exportpane.h"
#include "live/livepanel.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "models/problemsmodel.h"
#include "models/settinglistmodel.h"
#include "settings.h"
#include "simulator/simulatorpanel.h"
#include "studio.h"
#include "uitestutils.h"
#include "workspaces/sidepanel.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QThread>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

#include <memory>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

template<typename T>
T *child(QWidget *root, const QString &name)
{
    T *found = root->findChild<T *>(name);
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return found;
}

QString exportText(MainWindow &w, const char *id = "django")
{
    return w.exportPane()->text(QString::fromLatin1(id));
}

QStringList rowTexts(QTreeView *view)
{
    QStringList out;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        out.append(view->model()->index(row, 0).data().toString());
    return out;
}

/** Shows a group's page and lets it lay out, so that clicks land on what the test aims at. */
void showGroup(MainWindow *w, PolicyEditor::Group group)
{
    w->editor()->showGroup(group);
    QCoreApplication::processEvents();
}

/** Types into a line edit and presses Enter, as a user would. */
void typeAndEnter(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

std::unique_ptr<MainWindow> exampleWindow()
{
    auto w = std::make_unique<MainWindow>();
    w->openExample();
    // Larger than the offscreen screen, so that every control is where a click lands.
    w->resize(1400, 1000);
    w->show();
    w->activateWindow();
    if (!QTest::qWaitForWindowActive(w.get()))
        qWarning("window not active");
    if (!TestUtils::landed())
        qWarning("background work did not land");
    return w;
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void addAnOriginAndSeeTheExportChange();
    void badOriginShowsOnTheRowAndInProblems();
    void undoRedo();
    void typingIsOneUndoStep();
    void saveReopenIdentical();
    void importedSettingsAreNeverOverwritten();
    void crashThenRecovery();
    void pasteManyLines();
    void editInPlace();
    void reorderWithTheKeyboard();
    void resetToDefault();
    void originTester();
    void problemsClickSelectsTheRow();
    void linterFindingsMarkTheRowAndApplyFix();
    void everyGroupOfTheIssueWithItsFields();
    void helpGivesTheDefaultOfTheProfile();
    void legacyNameIsShownAndEdited();
    void simulatorAndLiveAreWorkspaces();
    void exportPaneTabsCopyAndSaveAs();
    void dropAFile();
    void importShowsVariantsAndUnreadSettings();
    void profileSwitchChangesTheExport();
    void valueTheFormCannotShowIsKeptAndConverted();
    void methodCheckboxes();
    void closingWithUnsavedChangesAsks();
    void titleShowsFileAndModifiedMark();
    void firstStartOpensTheExample();
    void recentFilesAndLayoutAreKept();
    void keyboardNavigation();
    void everyControlHasAnAccessibleName();
    void undoKeysInAFieldWithoutItsOwnHistory();
    void toolbarUndoRedoKeepShortLabels();
    void resettingAListOffersUndo();
    void emptyPatternPlaceholderIsNoPattern();

private:
    QTemporaryDir m_dir;
    QString writeFile(const QString &name, const QByteArray &content);
};

void tst_MainWindow::initTestCase()
{
    TestUtils::isolateSettingsAndData();
    QVERIFY(m_dir.isValid());
}

void tst_MainWindow::init()
{
    QDir(RecoveryFile::directory()).removeRecursively();
}

void tst_MainWindow::cleanup()
{
    // Windows a test left open (recovery opens extra ones) go without asking.
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *window = qobject_cast<MainWindow *>(w)) {
            window->document()->undoStack()->setClean();
            if (window->testAttribute(Qt::WA_DeleteOnClose))
                window->close();
        }
    }
}

QString tst_MainWindow::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content);
    return path;
}

void tst_MainWindow::addAnOriginAndSeeTheExportChange()
{
    auto w = exampleWindow();
    QVERIFY(!exportText(*w).contains(u"https://new.example.com"_s));
    auto *input = child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s);
    QVERIFY(input);
    typeAndEnter(input, u"https://new.example.com"_s);
    QVERIFY(input->text().isEmpty());
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    QCOMPARE(rowTexts(list).last(), u"https://new.example.com"_s);
    // Every export tab follows.
    QVERIFY(exportText(*w).contains(u"'https://new.example.com'"_s));
    QVERIFY(exportText(*w, "yaml").contains(u"https://new.example.com"_s));
    QVERIFY(w->isWindowModified());
}

void tst_MainWindow::badOriginShowsOnTheRowAndInProblems()
{
    auto w = exampleWindow();
    // The example passes Django's checks (the linter still has advice on it).
    QCOMPARE(w->problemsModel()->count(EntryIssue::Severity::Error), 0);
    QVERIFY(!rowTexts(w->problemsView()).contains(u"corsheaders.E014"_s));
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s),
                 u"https://Bad.example.com/"_s);
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    const int row = list->model()->rowCount() - 1;
    const QModelIndex entry = list->model()->index(row, SettingListModel::EntryColumn);
    const QStringList codes = entry.data(SettingListModel::IssueCodesRole).toStringList();
    QVERIFY(codes.contains(u"trailing-slash"_s));
    QVERIFY(codes.contains(u"uppercase"_s));
    // The row says it, in its check column.
    const QString shown
            = list->model()->index(row, SettingListModel::IssueColumn).data().toString();
    QVERIFY2(shown.contains(u"corsheaders.E014"_s), qPrintable(shown));
    // And so does the Problems panel: Django's check, then the linter's finding.
    QVERIFY(TestUtils::landed());
    const QStringList problems = rowTexts(w->problemsView());
    QVERIFY(problems.contains(u"corsheaders.E014"_s));
    QVERIFY(problems.contains(u"origin-never-matches"_s));
    QVERIFY(child<QLabel>(w.get(), u"statusProblems"_s)->text().contains(u"1 error"_s));
}

void tst_MainWindow::undoRedo()
{
    auto w = exampleWindow();
    const QString before = exportText(*w);
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_EXPOSE_HEADERS_input"_s), u"x-undo-me"_s);
    QVERIFY(exportText(*w).contains(u"x-undo-me"_s));
    auto *list = child<QTreeView>(w.get(), u"CORS_EXPOSE_HEADERS_list"_s);
    list->setFocus();
    QTest::keySequence(w.get(), QKeySequence::Undo);
    QCOMPARE(exportText(*w), before);
    QVERIFY(!w->isWindowModified());
    QTest::keySequence(w.get(), QKeySequence::Redo);
    QVERIFY(exportText(*w).contains(u"x-undo-me"_s));
    // The Edit menu's actions do the same.
    w->undoAction()->trigger();
    QCOMPARE(exportText(*w), before);
}

void tst_MainWindow::typingIsOneUndoStep()
{
    auto w = exampleWindow();
    showGroup(w.get(), PolicyEditor::Paths);
    auto *edit = child<QLineEdit>(w.get(), u"CORS_URLS_REGEX_edit"_s);
    QCOMPARE(edit->text(), u"^/api/.*$"_s);
    edit->setFocus();
    edit->end(false);
    QTest::keyClicks(edit, u"|^/graphql$"_s);
    QCOMPARE(w->document()->undoStack()->count(), 1);
    QVERIFY(exportText(*w).contains(u"^/api/.*$|^/graphql$"_s));
    w->undoAction()->trigger();
    QCOMPARE(edit->text(), u"^/api/.*$"_s);

    // The spin box too: "7200" is one step.
    showGroup(w.get(), PolicyEditor::Preflight);
    auto *spin = child<QSpinBox>(w.get(), u"CORS_PREFLIGHT_MAX_AGE_spin"_s);
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, u"7200"_s);
    QCOMPARE(spin->value(), 7200);
    QCOMPARE(w->document()->undoStack()->count(), 1);
    QVERIFY(exportText(*w).contains(u"CORS_PREFLIGHT_MAX_AGE = 7200"_s));
}

void tst_MainWindow::saveReopenIdentical()
{
    auto w = exampleWindow();
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s),
                 u"https://saved.example.com"_s);
    const CorsDocument edited = w->document()->document();
    const QString path = m_dir.filePath(u"saved.cors.yaml"_s);
    // Save on an untitled document asks where: answer the dialog.
    TestUtils::whenModal<QFileDialog>(u"saveAsDialog"_s, [path](QFileDialog *dialog) {
        dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept();
    });
    QTest::keySequence(w.get(), QKeySequence::Save);
    QTRY_VERIFY(QFileInfo::exists(path));
    QVERIFY(!w->isWindowModified());
    QCOMPARE(w->document()->filePath(), path);

    MainWindow reopened;
    QVERIFY(reopened.openFile(path));
    QCOMPARE(reopened.document()->document(), edited);
    QCOMPARE(reopened.exportPane()->text(u"django"_s), exportText(*w));
    QCOMPARE(reopened.exportPane()->text(u"yaml"_s), exportText(*w, "yaml"));
    QVERIFY(!reopened.document()->isModified());

    // Saving again writes the same file without asking.
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_EXPOSE_HEADERS_input"_s), u"x-more"_s);
    QVERIFY(w->save());
    const DocumentFileResult again = readDocumentFile(path);
    QCOMPARE(again.document, w->document()->document());
}

void tst_MainWindow::importedSettingsAreNeverOverwritten()
{
    const QByteArray source = "CORS_ALLOWED_ORIGINS = ['https://a.example']\n";
    const QString py = writeFile(u"settings.py"_s, source);
    MainWindow w;
    QVERIFY(w.openFile(py));
    QVERIFY(!w.messageBar()->isHidden());
    QVERIFY(w.messageBar()->text().contains(u"Imported settings.py"_s));
    typeAndEnter(child<QLineEdit>(&w, u"CORS_ALLOWED_ORIGINS_input"_s), u"https://b.example"_s);
    QString asked;
    TestUtils::whenModal<QFileDialog>(u"saveAsDialog"_s, [&asked](QFileDialog *dialog) {
        asked = dialog->selectedFiles().value(0);
        dialog->reject();
    });
    QVERIFY(!w.save());
    // Save proposed a .cors.yaml next to the settings module.
    QCOMPARE(asked, m_dir.filePath(u"settings.cors.yaml"_s));
    TestUtils::whenModal<QMessageBox>(QString(), [](QMessageBox *box) { box->accept(); });
    QVERIFY(!w.saveTo(py));
    QFile file(py);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), source);
}

void tst_MainWindow::crashThenRecovery()
{
    CorsDocument edited;
    {
        auto w = exampleWindow();
        w->document()->setAutosaveDelay(20);
        typeAndEnter(child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s),
                     u"https://unsaved.example.com"_s);
        QTRY_VERIFY(w->document()->hasRecoveryFile());
        edited = w->document()->document();
        w->document()->simulateCrash();
    }
    MainWindow w;
    w.resize(1400, 1000);
    w.show();
    TestUtils::clickWhenModal<QMessageBox>(u"recoveryBox"_s, u"recoverButton"_s);
    QCOMPARE(w.offerRecovery(), 1);
    QCOMPARE(w.document()->document(), edited);
    QVERIFY(w.isWindowModified());
    QVERIFY(exportText(w).contains(u"https://unsaved.example.com"_s));
    QVERIFY(w.messageBar()->text().contains(u"Recovered"_s));
    // Nothing is offered twice.
    QVERIFY(RecoveryFile::findLeftovers().isEmpty());
    QCOMPARE(w.offerRecovery(), 0);
}

void tst_MainWindow::pasteManyLines()
{
    auto w = exampleWindow();
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    const int before = list->model()->rowCount();
    QGuiApplication::clipboard()->setText(
            u"https://one.example\n\n  \"https://two.example\",\nhttps://three.example\n"_s);
    list->setFocus();
    list->setCurrentIndex(list->model()->index(0, 0));
    QTest::keySequence(list, QKeySequence::Paste);
    QCOMPARE(list->model()->rowCount(), before + 3);
    // After the current row, in order, as one undo step.
    QCOMPARE(rowTexts(list).mid(1, 3),
             (QStringList {u"https://one.example"_s, u"https://two.example"_s,
                           u"https://three.example"_s}));
    QCOMPARE(w->document()->undoStack()->count(), 1);
    // Pasting several lines into the entry line adds them all too.
    auto *regexInput = child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGIN_REGEXES_input"_s);
    QGuiApplication::clipboard()->setText(u"^https://a\\.x$\n^https://b\\.x$"_s);
    regexInput->setFocus();
    QTest::keySequence(regexInput, QKeySequence::Paste);
    QCOMPARE(child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGIN_REGEXES_list"_s)->model()->rowCount(),
             3);
}

void tst_MainWindow::editInPlace()
{
    auto w = exampleWindow();
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    list->setFocus();
    list->setCurrentIndex(list->model()->index(2, 0));
    QTest::keyClick(list, Qt::Key_F2);
    auto *editor = list->findChild<QLineEdit *>(u"entryEditor"_s);
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, u"http://localhost:3000"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits on Return through a queued call.
    QTRY_COMPARE(rowTexts(list).at(2), u"http://localhost:3000"_s);
    QVERIFY(exportText(*w).contains(u"'http://localhost:3000'"_s));
    QVERIFY(!exportText(*w).contains(u"5173"_s));
}

void tst_MainWindow::reorderWithTheKeyboard()
{
    auto w = exampleWindow();
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    list->setFocus();
    list->setCurrentIndex(list->model()->index(2, 0));
    QTest::keyClick(list, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(rowTexts(list),
             (QStringList {u"https://app.example.com"_s, u"http://localhost:5173"_s,
                           u"https://admin.example.com"_s}));
    QCOMPARE(list->currentIndex().row(), 1);
    const QString text = exportText(*w);
    QVERIFY(text.indexOf(u"localhost:5173"_s) < text.indexOf(u"admin.example.com"_s));
    // The buttons do the same.
    QTest::mouseClick(child<QToolButton>(w.get(), u"CORS_ALLOWED_ORIGINS_down"_s), Qt::LeftButton);
    QCOMPARE(rowTexts(list).last(), u"http://localhost:5173"_s);
    // Delete removes the selection.
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(list->model()->rowCount(), 2);
}

void tst_MainWindow::resetToDefault()
{
    auto w = exampleWindow();
    showGroup(w.get(), PolicyEditor::Preflight);
    auto *spin = child<QSpinBox>(w.get(), u"CORS_PREFLIGHT_MAX_AGE_spin"_s);
    auto *state = child<QLabel>(w.get(), u"CORS_PREFLIGHT_MAX_AGE_state"_s);
    QCOMPARE(spin->value(), 600);
    QCOMPARE(state->text(), u"set"_s);
    QVERIFY(exportText(*w).contains(u"CORS_PREFLIGHT_MAX_AGE = 600"_s));
    QTest::mouseClick(child<QToolButton>(w.get(), u"CORS_PREFLIGHT_MAX_AGE_reset"_s),
                      Qt::LeftButton);
    QVERIFY(!w->document()->policy().isSet(SettingId::PreflightMaxAge));
    // The default shows, marked as such, and the export drops the line.
    QCOMPARE(spin->value(), 86400);
    QVERIFY(spin->font().italic());
    QCOMPARE(state->text(), u"default"_s);
    QVERIFY(!exportText(*w).contains(u"CORS_PREFLIGHT_MAX_AGE"_s));
    w->undoAction()->trigger();
    QCOMPARE(spin->value(), 600);
    QVERIFY(!spin->font().italic());
}

void tst_MainWindow::originTester()
{
    auto w = exampleWindow();
    auto *input = child<QLineEdit>(w.get(), u"originTesterInput"_s);
    auto *summary = child<QLabel>(w.get(), u"originTesterSummary"_s);
    auto *view = child<QTreeView>(w.get(), u"originTesterView"_s);
    input->setFocus();
    QTest::keyClicks(input, u"https://pr-7.preview.example.com"_s);
    QVERIFY(TestUtils::landed());
    QVERIFY2(summary->text().startsWith(u"Allowed"_s), qPrintable(summary->text()));
    // The regex entry admits it; the exact origins say why not.
    int admitting = -1;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        if (view->model()->index(row, 0).data(Qt::DisplayRole).toString() == u"admits"_s)
            admitting = row;
    }
    QVERIFY(admitting >= 0);
    QCOMPARE(view->model()->index(admitting, 1).data().toString(),
             u"^https://[a-z0-9-]+\\.preview\\.example\\.com$"_s);
    QCOMPARE(view->model()->index(0, 0).data().toString(), u"refuses"_s);
    QVERIFY(!view->model()->index(0, 2).data().toString().isEmpty());

    input->clear();
    QTest::keyClicks(input, u"https://evil.example.com"_s);
    QVERIFY(TestUtils::landed());
    QVERIFY2(summary->text().startsWith(u"Refused"_s), qPrintable(summary->text()));
    // Activating a row shows that entry in the editor.
    view->setFocus();
    view->setCurrentIndex(view->model()->index(1, 0));
    QTest::keyClick(view, Qt::Key_Return);
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    QCOMPARE(list->currentIndex().row(), 1);
}

void tst_MainWindow::problemsClickSelectsTheRow()
{
    auto w = exampleWindow();
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s),
                 u"https://trailing.example.com/"_s);
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    list->clearSelection();
    list->setCurrentIndex(list->model()->index(0, 0));
    showGroup(w.get(), PolicyEditor::Methods);

    QVERIFY(TestUtils::landed());
    QTreeView *problems = w->problemsView();
    int row = -1;
    for (int r = 0; r < problems->model()->rowCount(); ++r) {
        if (problems->model()->index(r, 0).data().toString() == u"corsheaders.E014"_s)
            row = r;
    }
    QVERIFY(row >= 0);
    const QRect rect = problems->visualRect(problems->model()->index(row, 2));
    QTest::mouseClick(problems->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(w->editor()->currentGroup(), PolicyEditor::Origins);
    QCOMPARE(list->currentIndex().row(), 3);
    QVERIFY(list->selectionModel()->isRowSelected(3, {}));
    QVERIFY(list->hasFocus());
}

void tst_MainWindow::linterFindingsMarkTheRowAndApplyFix()
{
    // An origin regex without $ also admits https://app.example.com.attacker.test: Django's
    // checks accept it, the security linter does not.
    const QString py
            = writeFile(u"unanchored.py"_s,
                        "CORS_ALLOWED_ORIGIN_REGEXES = [r\"^https://app\\.example\\.com\"]\n");
    MainWindow w;
    QVERIFY(w.openFile(py));
    w.resize(1400, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(TestUtils::landed());

    QTreeView *problems = w.problemsView();
    int row = -1;
    for (int r = 0; r < problems->model()->rowCount(); ++r) {
        if (problems->model()->index(r, 0).data().toString() == u"regex-unanchored-end"_s)
            row = r;
    }
    QVERIFY2(row >= 0, qPrintable(rowTexts(problems).join(u", "_s)));
    QCOMPARE(problems->model()->index(row, 1).data().toString(),
             u"CORS_ALLOWED_ORIGIN_REGEXES [0]"_s);
    // The attacker's origin the engine admits is part of the explanation.
    QVERIFY(problems->model()
                    ->index(row, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"https://app.example.com."_s));

    // The row is marked too.
    auto *list = child<QTreeView>(&w, u"CORS_ALLOWED_ORIGIN_REGEXES_list"_s);
    const QModelIndex entry = list->model()->index(0, SettingListModel::EntryColumn);
    QVERIFY(entry.data(SettingListModel::IssueCodesRole)
                    .toStringList()
                    .contains(u"regex-unanchored-end"_s));
    QVERIFY(entry.data(SettingListModel::SeverityRole).toInt() >= 0);

    // Click the problem: the fix is described and can be applied.
    auto *apply = qobject_cast<QToolButton *>(w.applyFixButton());
    QVERIFY(!apply->isEnabled());
    const QRect rect = problems->visualRect(problems->model()->index(row, 2));
    QTest::mouseClick(problems->viewport(), Qt::LeftButton, {}, rect.center());
    QVERIFY(apply->isEnabled());
    QVERIFY2(child<QLabel>(&w, u"problemFixText"_s)->text().contains(u"$"_s),
             qPrintable(child<QLabel>(&w, u"problemFixText"_s)->text()));
    const int steps = w.document()->undoStack()->count();
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(w.document()->undoStack()->count(), steps + 1);
    QCOMPARE(rowTexts(list), QStringList {u"^https://app\\.example\\.com$"_s});
    QVERIFY(TestUtils::landed());
    QVERIFY(!rowTexts(problems).contains(u"regex-unanchored-end"_s));
    QVERIFY(exportText(w).contains(u"^https://app\\.example\\.com$"_s));
    // One step back.
    w.undoAction()->trigger();
    QCOMPARE(rowTexts(list), QStringList {u"^https://app\\.example\\.com"_s});
    QVERIFY(TestUtils::landed());
    QVERIFY(rowTexts(problems).contains(u"regex-unanchored-end"_s));
}

void tst_MainWindow::everyGroupOfTheIssueWithItsFields()
{
    auto w = exampleWindow();
    auto *groups = child<QListWidget>(w.get(), u"groupList"_s);
    QStringList titles;
    for (int row = 0; row < groups->count(); ++row)
        titles.append(groups->item(row)->text());
    QCOMPARE(titles,
             (QStringList {u"Origins"_s, u"Paths"_s, u"Methods"_s, u"Headers"_s,
                           u"Credentials & cookies"_s, u"Preflight"_s, u"Private network"_s,
                           u"CSRF"_s, u"Deployment"_s, u"Target version"_s}));
    // Every setting of the model has its field, on its group's page.
    const QList<QPair<PolicyEditor::Group, QString>> fields {
            {PolicyEditor::Origins, u"CORS_ALLOW_ALL_ORIGINS"_s},
            {PolicyEditor::Origins, u"CORS_ALLOWED_ORIGINS"_s},
            {PolicyEditor::Origins, u"CORS_ALLOWED_ORIGIN_REGEXES"_s},
            {PolicyEditor::Paths, u"CORS_URLS_REGEX"_s},
            {PolicyEditor::Methods, u"CORS_ALLOW_METHODS"_s},
            {PolicyEditor::Headers, u"CORS_ALLOW_HEADERS"_s},
            {PolicyEditor::Headers, u"CORS_EXPOSE_HEADERS"_s},
            {PolicyEditor::Credentials, u"CORS_ALLOW_CREDENTIALS"_s},
            {PolicyEditor::Preflight, u"CORS_PREFLIGHT_MAX_AGE"_s},
            {PolicyEditor::PrivateNetwork, u"CORS_ALLOW_PRIVATE_NETWORK"_s},
            {PolicyEditor::Csrf, u"CSRF_TRUSTED_ORIGINS"_s},
            {PolicyEditor::Csrf, u"CORS_REPLACE_HTTPS_REFERER"_s},
            {PolicyEditor::Target, u"CORS_MODEL"_s},
    };
    for (const auto &[group, name] : fields) {
        // Alt+1…9, Alt+0 (Ctrl+digits switch workspaces).
        const int g = int(group);
        QTest::keyClick(w.get(), Qt::Key(g < 9 ? Qt::Key_1 + g : Qt::Key_0), Qt::AltModifier);
        QCOMPARE(w->editor()->currentGroup(), group);
        auto *field = child<QWidget>(w.get(), name);
        QVERIFY2(field && field->isVisible(), qPrintable(name));
        QVERIFY2(!field->whatsThis().isEmpty(), qPrintable(name));
    }
    QVERIFY(child<QComboBox>(w.get(), u"targetProfile"_s)->isVisible());
}

void tst_MainWindow::helpGivesTheDefaultOfTheProfile()
{
    auto w = exampleWindow();
    showGroup(w.get(), PolicyEditor::Headers);
    auto *field = child<QWidget>(w.get(), u"CORS_ALLOW_HEADERS"_s);
    auto *name = child<QLabel>(w.get(), u"CORS_ALLOW_HEADERS_name"_s);
    // django-cors-headers' default_headers: 4.x dropped accept-encoding, dnt and origin.
    QVERIFY(name->toolTip().contains(u"Default for django-cors-headers 4.x"_s));
    QVERIFY(field->whatsThis().contains(u"x-requested-with"_s));
    QVERIFY(!field->whatsThis().contains(u"dnt"_s));
    QTest::mouseClick(child<QToolButton>(w.get(), u"CORS_ALLOW_HEADERS_help"_s), Qt::LeftButton);
    auto *profile = child<QComboBox>(w.get(), u"exportProfile"_s);
    profile->setFocus();
    QTest::keyClick(profile, Qt::Key_Down);
    QVERIFY(name->toolTip().contains(u"Default for django-cors-headers 3.14"_s));
    QVERIFY(field->whatsThis().contains(u"dnt"_s));
    QVERIFY(field->whatsThis().contains(u"accept-encoding"_s));
    // The browser behaviour is linked.
    QVERIFY(field->whatsThis().contains(u"href=\"http"_s));
}

void tst_MainWindow::legacyNameIsShownAndEdited()
{
    const QString py
            = writeFile(u"legacy.py"_s, "CORS_ORIGIN_WHITELIST = ['https://old.example.com']\n");
    MainWindow w;
    QVERIFY(w.openFile(py));
    w.resize(1400, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // The field shows the name the file used, and says why it still works.
    QCOMPARE(child<QLabel>(&w, u"CORS_ALLOWED_ORIGINS_name"_s)->text(), u"CORS_ORIGIN_WHITELIST"_s);
    QVERIFY(child<QFrame>(&w, u"CORS_ALLOWED_ORIGINS_notes"_s)->isVisible());
    typeAndEnter(child<QLineEdit>(&w, u"CORS_ALLOWED_ORIGINS_input"_s),
                 u"https://new.example.com"_s);
    QVERIFY(!w.document()->policy().isSet(SettingId::AllowedOrigins));
    QCOMPARE(*w.document()->policy().value(SettingId::OriginWhitelist),
             PyValue::strList({u"https://old.example.com"_s, u"https://new.example.com"_s}));
    QVERIFY(exportText(w).contains(u"https://new.example.com"_s));
    // One click renames it to the current name.
    auto *rename = child<QPushButton>(&w, u"CORS_ALLOWED_ORIGINS_noteAction"_s);
    QVERIFY(rename->text().contains(u"CORS_ALLOWED_ORIGINS"_s));
    QTest::mouseClick(rename, Qt::LeftButton);
    QVERIFY(w.document()->policy().isSet(SettingId::AllowedOrigins));
    QVERIFY(!w.document()->policy().isSet(SettingId::OriginWhitelist));
    QCOMPARE(child<QLabel>(&w, u"CORS_ALLOWED_ORIGINS_name"_s)->text(), u"CORS_ALLOWED_ORIGINS"_s);
}

void tst_MainWindow::exportPaneTabsCopyAndSaveAs()
{
    auto w = exampleWindow();
    ExportPane *pane = w->exportPane();
    QTabBar *bar = pane->tabs()->tabBar();
    int nginx = -1;
    for (int i = 0; i < bar->count(); ++i) {
        if (bar->tabText(i).contains(u"nginx"_s))
            nginx = i;
    }
    QVERIFY(nginx >= 0);
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(nginx).center());
    QCOMPARE(pane->currentExporterId(), u"nginx"_s);
    // Generated off the GUI thread when the tab is shown.
    QTRY_VERIFY(!pane->isUpdating());
    QPlainTextEdit *editor = pane->editor(u"nginx"_s);
    QVERIFY(editor->isVisible());
    QVERIFY(editor->isReadOnly());
    // Highlighted: some block carries formats.
    bool formatted = false;
    for (QTextBlock b = editor->document()->firstBlock(); b.isValid() && !formatted; b = b.next())
        formatted = !b.layout()->formats().isEmpty();
    QVERIFY(formatted);

    QTest::mouseClick(child<QPushButton>(w.get(), u"exportCopy"_s), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), pane->text(u"nginx"_s));

    const QString path = m_dir.filePath(u"cors.conf"_s);
    TestUtils::whenModal<QFileDialog>(QString(), [path](QFileDialog *dialog) {
        dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept();
    });
    QTest::mouseClick(child<QPushButton>(w.get(), u"exportSaveAs"_s), Qt::LeftButton);
    QTRY_VERIFY(QFileInfo::exists(path));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(saved.readAll()), pane->text(u"nginx"_s));

    // Regenerated after the next edit, from the event loop, on the tab shown.
    const QString before = editor->toPlainText();
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s),
                 u"https://edge.example.org"_s);
    QTRY_VERIFY(editor->toPlainText() != before);
    QVERIFY(editor->toPlainText().contains(u"edge"_s));
}

void tst_MainWindow::simulatorAndLiveAreWorkspaces()
{
    // The simulator and Live are workspaces of their own (no docks), each in the View menu with
    // its key, and so are the side panel and its history.
    MainWindow w;
    QVERIFY(w.workspaceWidget(Workspace::Simulate)->isAncestorOf(w.simulatorPanel())
            || w.workspaceWidget(Workspace::Simulate) == w.simulatorPanel());
    QVERIFY(w.workspaceWidget(Workspace::Live)->isAncestorOf(w.livePanel())
            || w.workspaceWidget(Workspace::Live) == w.livePanel());
    QVERIFY(w.workspaceWidget(Workspace::Policy)->isAncestorOf(w.editor()));
    QVERIFY(w.workspaceWidget(Workspace::Policy)->isAncestorOf(w.problemsView()));
    QVERIFY(w.sidePanel()->isAncestorOf(w.exportPane()));
    bool inMenu = false;
    for (QAction *menu : w.menuBar()->actions()) {
        if (!menu->menu())
            continue;
        const QList<QAction *> actions = menu->menu()->actions();
        for (QAction *a : actions) {
            if (a->menu() && a->menu()->actions().contains(w.workspaceAction(Workspace::Live)))
                inMenu = true;
        }
        QVERIFY(!actions.contains(w.sidePanelAction()) || menu->text() == u"&View"_s);
    }
    QVERIFY(inMenu);
    QCOMPARE(w.workspaceAction(Workspace::Simulate)->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_2));
    QCOMPARE(w.sidePanelAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
}

void tst_MainWindow::dropAFile()
{
    const QString py = writeFile(u"dropped_settings.py"_s,
                                 "CORS_ALLOWED_ORIGINS = ['https://dropped.example']\n"
                                 "INSTALLED_APPS = []\n"
                                 "CORS_ALLOW_HEADERS = some_function()\n");
    auto w = exampleWindow();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(py)});
    const QPoint at = w->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &drop);
    QCOMPARE(w->document()->importedFrom(), py);
    QVERIFY(w->document()->isUntitled());
    QVERIFY(exportText(*w).contains(u"https://dropped.example"_s));
    // The import report: what was read and what was skipped.
    QVERIFY(w->messageBar()->text().contains(u"Imported dropped_settings.py"_s));
    QVERIFY(w->messageBar()->text().contains(u"skipped"_s));
    bool sawSkipped = false;
    TestUtils::whenModal<QDialog>(u"importReportDialog"_s, [&sawSkipped](QDialog *dialog) {
        auto *view = dialog->findChild<QTreeView *>(u"importReportView"_s);
        for (int row = 0; view && row < view->model()->rowCount(); ++row) {
            if (view->model()->index(row, 2).data().toString().contains(u"CORS_ALLOW_HEADERS"_s)
                && view->model()->index(row, 0).data().toInt() == 3)
                sawSkipped = true;
        }
        dialog->reject();
    });
    QTest::mouseClick(child<QPushButton>(w.get(), u"messageBarAction"_s), Qt::LeftButton);
    QVERIFY(sawSkipped);

    // Something that is not a policy is refused at the door.
    QMimeData other;
    other.setUrls({QUrl::fromLocalFile(m_dir.filePath(u"notes.txt"_s))});
    QDragEnterEvent refused(at, Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(w.get(), &refused);
    QVERIFY(!refused.isAccepted());
}

void tst_MainWindow::importShowsVariantsAndUnreadSettings()
{
    // Issue 16: the variants of a settings.py, the one the document holds, and the settings
    // that could not be read (with their lines) are in the report and the Problems panel.
    const QString py = writeFile(u"variant_settings.py"_s,
                                 "import os\n"
                                 "DEBUG = os.environ.get('DJANGO_DEBUG') == '1'\n"
                                 "CORS_ALLOW_CREDENTIALS = True\n"
                                 "if DEBUG:\n"
                                 "    CORS_ALLOW_ALL_ORIGINS = True\n"
                                 "else:\n"
                                 "    CORS_ALLOWED_ORIGINS = ['https://app.example.com']\n"
                                 "CORS_EXPOSE_HEADERS = os.environ['EXPOSE'].split(',')\n");
    MainWindow w;
    QVERIFY(w.openFile(py));
    w.resize(1400, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(TestUtils::landed());
    QVERIFY2(w.messageBar()->text().contains(u"Variant \"DEBUG off\" of 2"_s),
             qPrintable(w.messageBar()->text()));
    QVERIFY(w.messageBar()->text().contains(u"1 setting(s) could not be read"_s));
    QVERIFY2(rowTexts(w.problemsView()).contains(u"setting-unread"_s),
             qPrintable(rowTexts(w.problemsView()).join(u", "_s)));
    QVERIFY(!w.document()->policy().isSet(SettingId::AllowAllOrigins));

    bool sawUnread = false;
    QStringList variants;
    QString label;
    TestUtils::whenModal<QDialog>(u"importReportDialog"_s, [&](QDialog *dialog) {
        auto *view = dialog->findChild<QTreeView *>(u"importReportView"_s);
        sawUnread = view && view->model()->index(0, 1).data().toString() == u"not read"_s
                && view->model()->index(0, 0).data().toInt() == 8
                && view->model()->index(0, 2).data().toString().startsWith(
                        u"CORS_EXPOSE_HEADERS on line 8 could not be read"_s);
        label = dialog->findChild<QLabel *>(u"importVariantLabel"_s)->text();
        auto *selector = dialog->findChild<QComboBox *>(u"variantSelector"_s);
        for (int i = 0; i < selector->count(); ++i)
            variants.append(selector->itemText(i));
        selector->setCurrentIndex(0);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"useVariantButton"_s), Qt::LeftButton);
    });
    // The other variant is read as Open reads: on a thread of its own, never the window's.
    QThread *readThread = nullptr;
    QString readVariant;
    DocumentFileJob::setReadFunction([&readThread, &readVariant](const QString &file,
                                                                 std::optional<Profile> profile,
                                                                 const QString &variant) {
        readThread = QThread::currentThread();
        readVariant = variant;
        return readDocumentFile(file, profile, variant);
    });
    QTest::mouseClick(child<QPushButton>(&w, u"messageBarAction"_s), Qt::LeftButton);
    DocumentFileJob::setReadFunction({});
    QVERIFY(readThread && readThread != QThread::currentThread());
    QCOMPARE(readVariant, u"DEBUG on"_s);
    QVERIFY(sawUnread);
    QCOMPARE(variants, QStringList({u"DEBUG on"_s, u"DEBUG off"_s}));
    QVERIFY2(label.contains(u"holds \"DEBUG off\""_s), qPrintable(label));
    // The other variant, imported in its place.
    QVERIFY(w.document()->policy().isSet(SettingId::AllowAllOrigins));
    QVERIFY2(w.messageBar()->text().contains(u"Variant \"DEBUG on\" of 2"_s),
             qPrintable(w.messageBar()->text()));
    QVERIFY(TestUtils::landed());
    QVERIFY(rowTexts(w.problemsView()).contains(u"allow-all-with-credentials"_s));
}

void tst_MainWindow::profileSwitchChangesTheExport()
{
    auto w = exampleWindow();
    QVERIFY(exportText(*w).contains(u"for django-cors-headers 4.x"_s));
    auto *profile = child<QComboBox>(w.get(), u"exportProfile"_s);
    profile->setFocus();
    QTest::keyClick(profile, Qt::Key_Down);
    QCOMPARE(w->document()->profile(), Profile::V3_14);
    QVERIFY(exportText(*w).contains(u"for django-cors-headers 3.14"_s));
    // The Target version page shows the same choice.
    QCOMPARE(w->editor()->profileBox()->currentIndex(), 1);
    QVERIFY(child<QLabel>(w.get(), u"statusProfile"_s)->text().contains(u"3.14"_s));
    w->undoAction()->trigger();
    QCOMPARE(profile->currentIndex(), 0);
    QVERIFY(exportText(*w).contains(u"for django-cors-headers 4.x"_s));
}

void tst_MainWindow::valueTheFormCannotShowIsKeptAndConverted()
{
    const QString py = writeFile(u"bare.py"_s,
                                 "CORS_ALLOW_METHODS = 'GET'\n"
                                 "CORS_ALLOW_CREDENTIALS = 'yes'\n");
    MainWindow w;
    QVERIFY(w.openFile(py));
    w.resize(1400, 1000);
    w.show();
    showGroup(&w, PolicyEditor::Methods);
    auto *python = child<QFrame>(&w, u"CORS_ALLOW_METHODS_python"_s);
    QVERIFY(python->isVisible());
    QVERIFY(child<QLabel>(&w, u"CORS_ALLOW_METHODS_pythonText"_s)->text().contains(u"'GET'"_s));
    QVERIFY(!child<QTreeView>(&w, u"CORS_ALLOW_METHODS_list"_s)->isVisible());
    // Kept as written: the export still says 'GET' and Django's check complains.
    QVERIFY(TestUtils::landed());
    QVERIFY(exportText(w).contains(u"CORS_ALLOW_METHODS = 'GET'"_s));
    QVERIFY(rowTexts(w.problemsView()).contains(u"corsheaders.E002"_s));

    auto *convert = child<QPushButton>(&w, u"CORS_ALLOW_METHODS_convert"_s);
    QVERIFY(convert->isVisible());
    QTest::mouseClick(convert, Qt::LeftButton);
    QCOMPARE(*w.document()->policy().value(SettingId::AllowMethods), PyValue::strList({u"GET"_s}));
    QVERIFY(child<QTreeView>(&w, u"CORS_ALLOW_METHODS_list"_s)->isVisible());
    QVERIFY(TestUtils::landed());
    QVERIFY(!rowTexts(w.problemsView()).contains(u"corsheaders.E002"_s));
    w.undoAction()->trigger();
    QCOMPARE(*w.document()->policy().value(SettingId::AllowMethods), PyValue::str(u"GET"_s));

    // Edit as Python: the settings reader reads what is typed.
    showGroup(&w, PolicyEditor::Credentials);
    TestUtils::whenModal<QDialog>(u"pythonValueDialog"_s, [](QDialog *dialog) {
        auto *edit = dialog->findChild<QPlainTextEdit *>(u"pythonValueEdit"_s);
        edit->selectAll();
        QTest::keyClicks(edit, u"True"_s);
        dialog->accept();
    });
    QTest::mouseClick(child<QPushButton>(&w, u"CORS_ALLOW_CREDENTIALS_editPython"_s),
                      Qt::LeftButton);
    QCOMPARE(*w.document()->policy().value(SettingId::AllowCredentials), PyValue::boolean(true));
    QVERIFY(child<QCheckBox>(&w, u"CORS_ALLOW_CREDENTIALS_check"_s)->isChecked());
}

void tst_MainWindow::methodCheckboxes()
{
    auto w = exampleWindow();
    showGroup(w.get(), PolicyEditor::Methods);
    auto *head = child<QCheckBox>(w.get(), u"CORS_ALLOW_METHODS_HEAD"_s);
    auto *del = child<QCheckBox>(w.get(), u"CORS_ALLOW_METHODS_DELETE"_s);
    QVERIFY(!head->isChecked());
    QVERIFY(del->isChecked());
    QTest::mouseClick(head, Qt::LeftButton);
    // Added after django-cors-headers' default_methods.
    QVERIFY(exportText(*w).contains(u"*default_methods"_s));
    QVERIFY(exportText(*w).contains(u"'HEAD'"_s));
    QTest::mouseClick(del, Qt::LeftButton);
    QVERIFY(!del->isChecked());
    QStringList methods;
    for (const PyValue &v : w->document()->policy().value(SettingId::AllowMethods)->items())
        methods.append(v.text());
    QCOMPARE(methods,
             (QStringList {u"GET"_s, u"OPTIONS"_s, u"PATCH"_s, u"POST"_s, u"PUT"_s, u"HEAD"_s}));
    w->undoAction()->trigger();
    QVERIFY(del->isChecked());
    // A method without a box is a free entry of the list below the boxes.
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_ALLOW_METHODS_input"_s), u"PURGE"_s);
    QCOMPARE(rowTexts(child<QTreeView>(w.get(), u"CORS_ALLOW_METHODS_list"_s)).last(), u"PURGE"_s);
    QVERIFY(exportText(*w).contains(u"'PURGE'"_s));
    // "delete" is flagged on its row: browsers send DELETE upper-cased, so it never matches.
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_ALLOW_METHODS_input"_s), u"delete"_s);
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOW_METHODS_list"_s);
    const QModelIndex last = list->model()->index(list->model()->rowCount() - 1, 0);
    QVERIFY(last.data(SettingListModel::SeverityRole).toInt() >= 0);
}

void tst_MainWindow::closingWithUnsavedChangesAsks()
{
    auto *w = new MainWindow;
    w->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<MainWindow> guard(w);
    w->openExample();
    w->show();
    typeAndEnter(child<QLineEdit>(w, u"CORS_EXPOSE_HEADERS_input"_s), u"x-dirty"_s);
    TestUtils::whenModal<QMessageBox>(u"unsavedChangesBox"_s, [](QMessageBox *box) {
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    });
    QVERIFY(!w->close());
    QVERIFY(guard);
    TestUtils::whenModal<QMessageBox>(u"unsavedChangesBox"_s, [](QMessageBox *box) {
        QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    });
    QVERIFY(w->close());
    QTRY_VERIFY(!guard);
    // Discarded and closed: no autosave copy is left to recover.
    QVERIFY(RecoveryFile::findLeftovers().isEmpty());
}

void tst_MainWindow::titleShowsFileAndModifiedMark()
{
    auto w = exampleWindow();
    QCOMPARE(w->windowTitle(), u"Example policy[*] — CORS Studio"_s);
    QVERIFY(!w->isWindowModified());
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_EXPOSE_HEADERS_input"_s), u"x-title"_s);
    QVERIFY(w->isWindowModified());
    const QString path = m_dir.filePath(u"title.cors.yaml"_s);
    QVERIFY(w->saveTo(path));
    QCOMPARE(w->windowTitle(), u"title.cors.yaml[*] — CORS Studio"_s);
    QVERIFY(!w->isWindowModified());
    QCOMPARE(w->windowFilePath(), path);
}

void tst_MainWindow::firstStartOpensTheExample()
{
    Settings().raw().remove(u"General/startedBefore"_s);
    {
        QPointer<MainWindow> first(createStartWindow(QString()));
        QCOMPARE(first->document()->displayName(), u"Example policy"_s);
        first->show();
        first->close();
        QTRY_VERIFY(!first);
    }
    QVERIFY(Settings().hasStartedBefore());
    std::unique_ptr<MainWindow> later(createStartWindow(QString()));
    QCOMPARE(later->document()->displayName(), u"Untitled"_s);
    QVERIFY(later->document()->policy().definedSettings().isEmpty());
    // A file given on the command line wins.
    const QString py = writeFile(u"cli.py"_s, "CORS_ALLOW_CREDENTIALS = True\n");
    std::unique_ptr<MainWindow> withFile(createStartWindow(py));
    QCOMPARE(withFile->document()->importedFrom(), py);
}

void tst_MainWindow::recentFilesAndLayoutAreKept()
{
    Settings().clearRecentFiles();
    const QString py = writeFile(u"recent.py"_s, "CORS_ALLOW_CREDENTIALS = True\n");
    {
        auto *w = new MainWindow;
        w->setAttribute(Qt::WA_DeleteOnClose);
        QVERIFY(w->openFile(py));
        w->show();
        w->close();
    }
    QCOMPARE(Settings().recentFiles().value(0), py);
    QVERIFY(!Settings().windowState().isEmpty());
    QVERIFY(!Settings().windowGeometry().isEmpty());
    MainWindow again;
    again.restoreLayout();
    QVERIFY(again.problemsView());
    QCOMPARE(again.currentWorkspace(), Workspace::Policy);
    QVERIFY(again.sidePanelAction()->isChecked());
}

void tst_MainWindow::keyboardNavigation()
{
    auto w = exampleWindow();
    QTest::keyClick(w.get(), Qt::Key_2, Qt::AltModifier);
    QCOMPARE(w->editor()->currentGroup(), PolicyEditor::Paths);
    auto *groups = child<QListWidget>(w.get(), u"groupList"_s);
    groups->setFocus();
    QTest::keyClick(groups, Qt::Key_Down);
    QCOMPARE(w->editor()->currentGroup(), PolicyEditor::Methods);
    // Insert in a list jumps to its entry line.
    showGroup(w.get(), PolicyEditor::Origins);
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Insert);
    QVERIFY(child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s)->hasFocus());
}

void tst_MainWindow::everyControlHasAnAccessibleName()
{
    auto w = exampleWindow();
    QStringList missing;
    const QList<QWidget *> widgets = w->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        const bool control = qobject_cast<QAbstractButton *>(widget)
                || qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractItemView *>(widget)
                || qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractSpinBox *>(widget)
                || qobject_cast<QPlainTextEdit *>(widget);
        if (!control || widget->objectName().startsWith(u"qt_"_s))
            continue;
        // Inner widgets of composite Qt controls (a combo box's popup, a view's header or corner
        // button, a line edit's clear button).
        bool inner = qobject_cast<QHeaderView *>(widget) != nullptr
                || widget->inherits("QTableCornerButton");
        for (QWidget *p = widget->parentWidget(); p && !inner; p = p->parentWidget())
            inner = qobject_cast<QComboBox *>(p) || qobject_cast<QAbstractSpinBox *>(p)
                    || qobject_cast<QLineEdit *>(p);
        if (inner)
            continue;
        QString name = widget->accessibleName();
        if (name.isEmpty())
            if (auto *button = qobject_cast<QAbstractButton *>(widget))
                name = button->text();
        if (name.trimmed().isEmpty())
            missing.append(QString::fromLatin1(widget->metaObject()->className()) + u' '
                           + widget->objectName());
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
}

void tst_MainWindow::undoKeysInAFieldWithoutItsOwnHistory()
{
    auto w = exampleWindow();
    auto *input = child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s);
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    const QStringList before = rowTexts(list);
    typeAndEnter(input, u"https://added.example.com"_s);
    QCOMPARE(rowTexts(list).size(), before.size() + 1);
    // The focus stays in the field, which has nothing of its own to undo: Ctrl+Z undoes the Add.
    QVERIFY(input->hasFocus());
    QVERIFY(!input->isUndoAvailable());
    QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(rowTexts(list), before);
    QVERIFY(input->text().isEmpty());
    // Redo with Ctrl+Shift+Z, and with Ctrl+Y where the platform uses it.
    QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(rowTexts(list).last(), u"https://added.example.com"_s);
#ifndef Q_OS_MACOS
    QVERIFY(w->redoAction()->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Y)));
    QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(rowTexts(list), before);
    QTest::keyClick(input, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(rowTexts(list).last(), u"https://added.example.com"_s);
#endif
    QVERIFY(input->text().isEmpty());

    // Typing gives the field a history of its own: Ctrl+Z takes the typing back first, then
    // the document's edits.
    QTest::keyClicks(input, u"https://typed"_s);
    QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(input->text().isEmpty());
    QCOMPARE(rowTexts(list).last(), u"https://added.example.com"_s);
    QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(rowTexts(list), before);

    // Any field without history does the same: the simulator's scenario name, say.
    typeAndEnter(input, u"https://again.example.com"_s);
    auto *name = child<QLineEdit>(w.get(), u"scenarioName"_s);
    QVERIFY(!name->isUndoAvailable());
    QTest::keyClick(name, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(rowTexts(list), before);
}

void tst_MainWindow::toolbarUndoRedoKeepShortLabels()
{
    auto w = exampleWindow();
    const QString longOrigin
            = u"https://a-long-subdomain-name-for-the-review-app.staging.example.com"_s;
    auto *input = child<QLineEdit>(w.get(), u"CORS_ALLOWED_ORIGINS_input"_s);
    typeAndEnter(input, longOrigin);
    typeAndEnter(input, longOrigin + u":8443"_s);
    w->undoAction()->trigger(); // something to undo and something to redo, both long
    auto *toolbar = child<QToolBar>(w.get(), u"mainToolBar"_s);
    auto *undo = qobject_cast<QToolButton *>(toolbar->widgetForAction(w->undoAction()));
    auto *redo = qobject_cast<QToolButton *>(toolbar->widgetForAction(w->redoAction()));
    QVERIFY(undo && redo);
    // Short labels on the toolbar; the whole text in the tooltip and in the Edit menu.
    QCOMPARE(undo->text(), u"Undo"_s);
    QCOMPARE(redo->text(), u"Redo"_s);
    QVERIFY2(undo->toolTip().contains(longOrigin), qPrintable(undo->toolTip()));
    QVERIFY2(redo->toolTip().contains(longOrigin + u":8443"_s), qPrintable(redo->toolTip()));
    QVERIFY(w->undoAction()->text().contains(longOrigin));
    QVERIFY(w->redoAction()->text().contains(longOrigin + u":8443"_s));
    QMenu *edit = nullptr;
    for (QAction *a : w->menuBar()->actions()) {
        if (a->menu() && a->menu()->actions().contains(w->redoAction()))
            edit = a->menu();
    }
    QVERIFY(edit);
    // Redo stays on the toolbar, not in its overflow menu, even in a small window.
    w->resize(1024, 640);
    QCoreApplication::processEvents();
    QTRY_VERIFY(redo->isVisible());
    QVERIFY(undo->isVisible());
    auto *overflow = toolbar->findChild<QToolButton *>(u"qt_toolbar_ext_button"_s);
    QVERIFY(!overflow || !overflow->isVisible());
    QVERIFY(redo->geometry().right() <= toolbar->contentsRect().right());
}

void tst_MainWindow::resettingAListOffersUndo()
{
    auto w = exampleWindow();
    auto *list = child<QTreeView>(w.get(), u"CORS_ALLOWED_ORIGINS_list"_s);
    const QStringList before = rowTexts(list);
    QVERIFY(before.size() > 1);
    w->messageBar()->hide();
    QTest::mouseClick(child<QToolButton>(w.get(), u"CORS_ALLOWED_ORIGINS_reset"_s), Qt::LeftButton);
    QVERIFY(!w->document()->policy().isSet(SettingId::AllowedOrigins));
    // The notice says what went, with Undo one click away.
    QVERIFY(w->messageBar()->isVisible());
    const QString notice = w->messageBar()->text();
    QVERIFY2(notice.contains(u"CORS_ALLOWED_ORIGINS"_s), qPrintable(notice));
    QVERIFY2(notice.contains(QString::number(before.size()) + u" entries"_s), qPrintable(notice));
    auto *undo = child<QPushButton>(w.get(), u"messageBarAction"_s);
    QVERIFY(undo->isVisible());
    QCOMPARE(undo->text(), u"Undo"_s);
    QTest::mouseClick(undo, Qt::LeftButton);
    QCOMPARE(rowTexts(list), before);
    QVERIFY(!w->messageBar()->isVisible());

    // Another edit after the reset makes the notice go: its Undo would undo something else.
    QTest::mouseClick(child<QToolButton>(w.get(), u"CORS_ALLOWED_ORIGINS_reset"_s), Qt::LeftButton);
    QVERIFY(w->messageBar()->isVisible());
    typeAndEnter(child<QLineEdit>(w.get(), u"CORS_EXPOSE_HEADERS_input"_s), u"x-after"_s);
    QVERIFY(!w->messageBar()->isVisible());
    w->undoAction()->trigger();
    w->undoAction()->trigger();
    QCOMPARE(rowTexts(list), before);

    // Resetting a single value is plain to see: no notice.
    showGroup(w.get(), PolicyEditor::Preflight);
    QTest::mouseClick(child<QToolButton>(w.get(), u"CORS_PREFLIGHT_MAX_AGE_reset"_s),
                      Qt::LeftButton);
    QVERIFY(!w->messageBar()->isVisible());
}

void tst_MainWindow::emptyPatternPlaceholderIsNoPattern()
{
    auto w = exampleWindow();
    showGroup(w.get(), PolicyEditor::Paths);
    auto *edit = child<QLineEdit>(w.get(), u"CORS_URLS_REGEX_edit"_s);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    // An empty pattern matches every path: the grey text says so, and is not a pattern itself.
    QVERIFY(edit->text().isEmpty());
    const QString placeholder = edit->placeholderText();
    QVERIFY2(!placeholder.startsWith(u'^'), qPrintable(placeholder));
    QVERIFY2(placeholder.contains(u"every path"_s), qPrintable(placeholder));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
