// SPDX-License-Identifier: MIT
// Policy-sized work runs off the GUI thread and only the latest edit's result is ever shown:
// asserted on the thread each job ran on and on what the views showed, never on a clock.
#include "commands/settingcommands.h"
#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "editor/origintester.h"
#include "editor/policyeditor.h"
#include "export/exporter.h"
#include "export/exportpane.h"
#include "mainwindow.h"
#include "models/origintestermodel.h"
#include "models/problemsmodel.h"
#include "models/settinglistmodel.h"
#include "simulator/scenarioresultsmodel.h"
#include "simulator/simulatorpanel.h"
#include "uitestutils.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSemaphore>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QThread>
#include <QUndoStack>

#include <atomic>
#include <memory>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

/**
 * Holds every thread of the jobs' pool until released, so that the next requests queue behind
 * and an edit can overtake a run that has not finished yet.
 */
class PoolBlocker
{
public:
    PoolBlocker()
    {
        const int threads = BackgroundJob::concurrency();
        for (int i = 0; i < threads; ++i) {
            auto *job = new BackgroundJob;
            m_jobs.emplace_back(job);
            job->start(
                    [started = m_started, gate = m_gate] {
                        started->release();
                        gate->acquire();
                        return 0;
                    },
                    [](int) {});
        }
        m_held = m_started->tryAcquire(threads, 10000);
    }
    ~PoolBlocker() { release(); }
    bool held() const { return m_held; }
    void release()
    {
        if (!m_released)
            m_gate->release(int(m_jobs.size()));
        m_released = true;
    }

private:
    std::shared_ptr<QSemaphore> m_started = std::make_shared<QSemaphore>();
    std::shared_ptr<QSemaphore> m_gate = std::make_shared<QSemaphore>();
    std::vector<std::unique_ptr<BackgroundJob>> m_jobs;
    bool m_held = false;
    bool m_released = false;
};

CorsDocument originsDocument()
{
    CorsDocument d;
    d.policy.setValue(SettingId::AllowedOrigins,
                      PyValue::strList({u"https://app.example.com"_s, u"https://x.example"_s}));
    Scenario scenario;
    scenario.pageOrigin = u"https://app.example.com"_s;
    scenario.url = u"https://api.example.com/items"_s;
    d.scenarios.append(SavedScenario {u"app reads"_s, scenario, true, {}, 0});
    return d;
}

SettingListModel *originsModel(const MainWindow &window)
{
    for (SettingListModel *model : window.findChildren<SettingListModel *>()) {
        if (model->field() == SettingId::AllowedOrigins)
            return model;
    }
    return nullptr;
}

QStringList problemTexts(const ProblemsModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, ProblemsModel::MessageColumn).data().toString());
    return out;
}

} // namespace

class tst_BackgroundWork : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { TestUtils::isolateSettingsAndData(); }

    void onlyTheLatestRequestDelivers();
    void policySizedWorkRunsOffTheGuiThread();
    void anOlderEditsResultIsNeverShown();
    void theUpdatingMarkFollowsTheJobs();
    void largeExportsAreShownWithoutColours();
    void longExportsShowTheirStartAndWriteTheWhole();
    void largeDocumentsRunTheirJobsOneAtATime();
};

void tst_BackgroundWork::onlyTheLatestRequestDelivers()
{
    BackgroundJob job;
    PoolBlocker blocker;
    QVERIFY(blocker.held());
    QList<int> delivered;
    QThread *ranOn = nullptr;
    for (int request = 1; request <= 3; ++request)
        job.start(
                [request, &ranOn] {
                    ranOn = QThread::currentThread();
                    return request;
                },
                [&delivered](int value) { delivered.append(value); });
    QVERIFY(job.isBusy());
    blocker.release();
    QTRY_VERIFY(!job.isBusy());
    // Request 1 was running when 2 and 3 came: it is thrown away, 2 was replaced by 3 before it
    // started, and only 3 is delivered.
    QCOMPARE(delivered, QList<int> {3});
    QCOMPARE(job.discardedCount(), 1);
    QCOMPARE(job.deliveredCount(), 1);
    QVERIFY(ranOn != nullptr);
    QVERIFY(ranOn != QThread::currentThread());
    QCOMPARE(job.lastThread(), ranOn);

    // Cancelled: nothing is delivered.
    job.start([] { return 4; }, [&delivered](int value) { delivered.append(value); });
    job.cancel();
    QVERIFY(!job.isBusy());
    QTRY_COMPARE(job.discardedCount(), 2);
    QCOMPARE(delivered, QList<int> {3});
}

void tst_BackgroundWork::policySizedWorkRunsOffTheGuiThread()
{
    MainWindow window;
    window.document()->reset(originsDocument());
    window.show();
    window.editor()->originTester()->setOrigin(u"https://app.example.com"_s);
    QVERIFY(TestUtils::landed());
    PolicyDocument *document = window.document();
    document->undoStack()->push(new EditEntryCommand(document, SettingId::AllowedOrigins, 1,
                                                     PyValue::str(u"https://y.example"_s)));
    QVERIFY(TestUtils::landed());

    SettingListModel *list = originsModel(window);
    QVERIFY(list);
    const QList<BackgroundJob *> jobs {
            list->validationJob(),
            document->lintJob(),
            window.exportPane()->job(),
            window.findChild<OriginTesterModel *>()->job(),
            window.simulatorPanel()->scenariosJob(),
    };
    QThread *gui = QThread::currentThread();
    for (BackgroundJob *job : jobs) {
        QVERIFY2(job->deliveredCount() > 0, qPrintable(job->objectName()));
        QVERIFY2(job->lastThread() != nullptr, qPrintable(job->objectName()));
        QVERIFY2(job->lastThread() != gui, qPrintable(job->objectName()));
    }
    // The results are the edited document's.
    QVERIFY(window.exportPane()
                    ->editor(window.exportPane()->currentExporterId())
                    ->toPlainText()
                    .contains(u"y.example"_s));
    QVERIFY(document->findingsCurrent());
    QCOMPARE(window.simulatorPanel()->scenariosModel()->rowCount(), 1);
    QVERIFY(window.findChild<OriginTesterModel *>()->report().allowed);
}

void tst_BackgroundWork::anOlderEditsResultIsNeverShown()
{
    MainWindow window;
    window.document()->reset(originsDocument());
    window.show();
    QVERIFY(TestUtils::landed());
    PolicyDocument *document = window.document();
    ProblemsModel *problems = window.problemsModel();
    QPlainTextEdit *exportEditor
            = window.exportPane()->editor(window.exportPane()->currentExporterId());

    // Everything the views show from now on.
    QStringList shownProblems;
    QStringList shownExports;
    connect(problems, &QAbstractItemModel::modelReset, this,
            [&] { shownProblems += problemTexts(*problems); });
    connect(exportEditor, &QPlainTextEdit::textChanged, this,
            [&] { shownExports.append(exportEditor->toPlainText()); });
    const int lintDiscarded = document->lintJob()->discardedCount();
    const int exportDiscarded = window.exportPane()->job()->discardedCount();

    {
        PoolBlocker blocker;
        QVERIFY(blocker.held());
        // Edit 1 (an origin with a path: an error) is queued behind the blocker; edit 2 comes
        // before it has run.
        document->undoStack()->push(new EditEntryCommand(document, SettingId::AllowedOrigins, 1,
                                                         PyValue::str(u"https://one.example/p"_s)));
        document->undoStack()->push(new EditEntryCommand(document, SettingId::AllowedOrigins, 1,
                                                         PyValue::str(u"https://two.example"_s)));
        QVERIFY(!document->findingsCurrent());
        QVERIFY(window.exportPane()->isUpdating());
    }
    QVERIFY(TestUtils::landed());

    // Edit 1's results were computed and thrown away; edit 2's landed.
    QVERIFY(document->lintJob()->discardedCount() > lintDiscarded);
    QVERIFY(window.exportPane()->job()->discardedCount() > exportDiscarded);
    QVERIFY(document->findingsCurrent());
    QVERIFY(exportEditor->toPlainText().contains(u"two.example"_s));
    for (const QString &text : std::as_const(shownExports))
        QVERIFY(!text.contains(u"one.example"_s));
    for (const QString &text : std::as_const(shownProblems))
        QVERIFY2(!text.contains(u"one.example"_s), qPrintable(text));
    for (const Finding &finding : document->findings())
        QVERIFY(!finding.message.contains(u"one.example"_s));
    // The row shows no finding of edit 1 either.
    SettingListModel *list = originsModel(window);
    QVERIFY(list);
    QCOMPARE(list->index(1, SettingListModel::EntryColumn).data().toString(),
             u"https://two.example"_s);
    QVERIFY(list->index(1, SettingListModel::IssueColumn).data().toString().isEmpty());
}

void tst_BackgroundWork::theUpdatingMarkFollowsTheJobs()
{
    MainWindow window;
    window.document()->reset(originsDocument());
    window.show();
    QVERIFY(TestUtils::landed());
    auto *mark = window.findChild<QLabel *>(u"statusUpdating"_s);
    QVERIFY(mark);
    QVERIFY(!mark->isVisible());
    PolicyDocument *document = window.document();
    {
        PoolBlocker blocker;
        QVERIFY(blocker.held());
        document->undoStack()->push(new EditEntryCommand(document, SettingId::AllowedOrigins, 1,
                                                         PyValue::str(u"https://z.example"_s)));
        QVERIFY(BackgroundJob::anyBusy());
        // Shown once the work has taken long enough to notice.
        QTRY_VERIFY(mark->isVisible());
        QVERIFY(!mark->text().isEmpty());
    }
    QVERIFY(TestUtils::landed());
    QVERIFY(!mark->isVisible());
}

void tst_BackgroundWork::largeExportsAreShownWithoutColours()
{
    MainWindow window;
    window.document()->reset(originsDocument());
    window.show();
    QVERIFY(TestUtils::landed());
    QPlainTextEdit *editor = window.exportPane()->editor(window.exportPane()->currentExporterId());
    // Whether any of the first lines carries a highlighter format.
    const auto coloured = [editor] {
        QTextBlock block = editor->document()->begin();
        for (int i = 0; i < 60 && block.isValid(); ++i, block = block.next()) {
            if (block.layout() && !block.layout()->formats().isEmpty())
                return true;
        }
        return false;
    };
    QVERIFY(coloured());

    // An allow-list pasted whole: the export has more lines than are coloured.
    QStringList origins;
    for (int i = 0; i < ExportPane::MaxHighlightedLines + 100; ++i)
        origins.append(u"https://app%1.example.com"_s.arg(i));
    PolicyDocument *document = window.document();
    document->undoStack()->push(new SetSettingCommand(document, SettingId::AllowedOrigins,
                                                      PyValue::strList(origins), u"Paste"_s));
    QVERIFY(TestUtils::landed());
    QVERIFY(editor->toPlainText().contains(u"https://app5050.example.com"_s));
    QVERIFY(!coloured());

    // Back to two origins: coloured again.
    document->undoStack()->undo();
    QVERIFY(TestUtils::landed());
    QVERIFY(!editor->toPlainText().contains(u"https://app5050.example.com"_s));
    // The highlighter re-colours a document it comes back to from the event loop.
    QTRY_VERIFY(coloured());
}

void tst_BackgroundWork::longExportsShowTheirStartAndWriteTheWhole()
{
    MainWindow window;
    window.document()->reset(originsDocument());
    window.show();
    QVERIFY(TestUtils::landed());
    ExportPane *pane = window.exportPane();
    const QString id = pane->currentExporterId();
    QPlainTextEdit *editor = pane->editor(id);
    QLabel *note = pane->previewNote(id);
    QVERIFY(note->isHidden());

    QStringList origins;
    for (int i = 0; i < ExportPane::MaxShownLines + 100; ++i)
        origins.append(u"https://app%1.example.com"_s.arg(i));
    PolicyDocument *document = window.document();
    document->undoStack()->push(new SetSettingCommand(document, SettingId::AllowedOrigins,
                                                      PyValue::strList(origins), u"Paste"_s));
    QVERIFY(TestUtils::landed(TestUtils::LargeDocumentLandingMs));
    const Exporter *exporter = nullptr;
    for (const Exporter *e : exporters()) {
        if (e->id() == id)
            exporter = e;
    }
    QVERIFY(exporter);
    const QString whole = exporter->run(document->document(), {}).text;
    const qsizetype lines = whole.count(u'\n') + (whole.endsWith(u'\n') ? 0 : 1);
    QVERIFY(lines > ExportPane::MaxShownLines);
    // The editor holds the first lines, exactly as exported; the rest is only counted.
    QCOMPARE(editor->document()->blockCount(), ExportPane::MaxShownLines + 1);
    const QString shown = editor->toPlainText();
    QVERIFY(whole.startsWith(shown));
    QVERIFY(shown.endsWith(u'\n'));
    QVERIFY(!shown.contains(u"https://app20050.example.com"_s));
    QVERIFY(note->isVisibleTo(&window));
    QVERIFY(note->text().contains(QLocale().toString(ExportPane::MaxShownLines)));
    QVERIFY(note->text().contains(QLocale().toString(lines)));
    // Copy and Save As take the whole export.
    QCOMPARE(pane->text(id), whole);
    pane->copy();
    QCOMPARE(QGuiApplication::clipboard()->text(), whole);

    // An edit past the shown lines leaves them as they are; one inside them shows.
    document->undoStack()->push(new EditEntryCommand(document, SettingId::AllowedOrigins,
                                                     ExportPane::MaxShownLines + 50,
                                                     PyValue::str(u"https://late.example.com"_s)));
    QVERIFY(TestUtils::landed(TestUtils::LargeDocumentLandingMs));
    QCOMPARE(editor->toPlainText(), shown);
    QVERIFY(pane->text(id).contains(u"https://late.example.com"_s));
    document->undoStack()->push(new EditEntryCommand(document, SettingId::AllowedOrigins, 3,
                                                     PyValue::str(u"https://early.example.com"_s)));
    QVERIFY(TestUtils::landed(TestUtils::LargeDocumentLandingMs));
    QVERIFY(editor->toPlainText().contains(u"https://early.example.com"_s));
    QVERIFY(!whole.startsWith(editor->toPlainText()));
    QCOMPARE(editor->document()->blockCount(), ExportPane::MaxShownLines + 1);

    // Back to two origins: all of it shown, no note.
    document->undoStack()->undo();
    document->undoStack()->undo();
    document->undoStack()->undo();
    QVERIFY(TestUtils::landed(TestUtils::LargeDocumentLandingMs));
    QCOMPARE(editor->toPlainText(), pane->text(id));
    QVERIFY(note->isHidden());
}

QTEST_MAIN(tst_BackgroundWork)
void tst_BackgroundWork::largeDocumentsRunTheirJobsOneAtATime()
{
    QVERIFY(TestUtils::landed());
    const int cores = QThread::idealThreadCount();
    QCOMPARE(BackgroundJob::concurrency(), cores);
    QStringList origins;
    for (int i = 0; i < 50000; ++i)
        origins << u"https://app%1.example.com"_s.arg(i);
    CorsDocument large;
    large.policy.setValue(SettingId::AllowedOrigins, PyValue::strList(origins));
    {
        PolicyDocument document;
        document.reset(large);
        QCOMPARE(BackgroundJob::concurrency(), 1);
        // Two jobs started together never overlap.
        std::atomic<int> running {0};
        std::atomic<int> most {0};
        auto work = [&] {
            const int now = ++running;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) { }
            QThread::msleep(100);
            --running;
            return 0;
        };
        BackgroundJob first;
        BackgroundJob second;
        first.start(work, [](int) {});
        second.start(work, [](int) {});
        QVERIFY(TestUtils::landed(TestUtils::LargeDocumentLandingMs));
        QCOMPARE(most.load(), 1);

        document.reset(CorsDocument {});
        QCOMPARE(BackgroundJob::concurrency(), cores);
        document.reset(large);
        QCOMPARE(BackgroundJob::concurrency(), 1);
        QVERIFY(TestUtils::landed(TestUtils::LargeDocumentLandingMs));
    }
    // Closing the large document gives the jobs every core again.
    QCOMPARE(BackgroundJob::concurrency(), cores);
}

#include "tst_backgroundwork.moc"
