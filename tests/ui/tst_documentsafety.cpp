// SPDX-License-Identifier: MIT
// Documents that survive what the disk does: a save that fails (a folder that cannot be written,
// a disk that fills up) is reported and leaves the document modified and unchanged, and the file
// as it was; a file another program changes or deletes is noticed and the user is asked; a file
// that cannot be read at once (a FIFO, a hung network mount) never freezes the window.
#include "document/documentfile.h"
#include "document/policydocument.h"
#include "io/atomicfile.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "uitestutils.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

void typeAndEnter(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** Files larger than @p bytes cannot be written while it lives (RLIMIT_FSIZE): a full disk. */
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        // Writing past the limit raises SIGXFSZ; ignored, write() fails with EFBIG instead.
        m_handler = std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit limited = m_old;
        limited.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_handler);
    }
    bool isActive() const { return m_ok; }

private:
    rlimit m_old {};
    void (*m_handler)(int) = nullptr;
    bool m_ok = false;
};

} // namespace

class tst_DocumentSafety : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void saveIntoAFolderThatCannotBeWritten();
    void saveOnAFullDisk();
    void aDocumentThatWouldNotOpenAgainIsNotSaved();
    void fileChangedByAnotherProgramIsNoticed();
    void keepingMyVersionAfterAnOutsideChange();
    void ownSavesAreNotOutsideChanges();
    void fileDeletedByAnotherProgram();
    void onlyRegularFilesAreOpened();
    void aReadThatHangsCanBeCancelled();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> editedWindow(const QString &origin);
};

void tst_DocumentSafety::initTestCase()
{
    TestUtils::isolateSettingsAndData();
    QVERIFY(m_dir.isValid());
}

void tst_DocumentSafety::cleanup()
{
    QFile::setPermissions(m_dir.filePath(u"readonly"_s),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

std::unique_ptr<MainWindow> tst_DocumentSafety::editedWindow(const QString &origin)
{
    auto w = std::make_unique<MainWindow>();
    w->openExample();
    w->resize(1400, 1000);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    typeAndEnter(w->findChild<QLineEdit *>(u"CORS_ALLOWED_ORIGINS_input"_s), origin);
    return w;
}

void tst_DocumentSafety::saveIntoAFolderThatCannotBeWritten()
{
    // A folder without write permission; root writes anywhere, so for root a folder of /proc,
    // which nobody can create files in.
    QString folder = m_dir.filePath(u"readonly"_s);
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
    {
        QFile probe(folder + u"/probe"_s);
        if (probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            folder = u"/proc/self"_s;
        }
    }
    const QString path = folder + u"/policy.cors.yaml"_s;
    auto w = editedWindow(u"https://unsaved.example.com"_s);
    const CorsDocument before = w->document()->document();
    const int steps = w->document()->undoStack()->count();

    QString reported;
    TestUtils::whenModal<QMessageBox>(QString(), [&reported](QMessageBox *box) {
        reported = box->text();
        box->accept();
    });
    QVERIFY(!w->saveTo(path));
    // Reported, naming the file; nothing written; the document as it was, still unsaved.
    QVERIFY2(reported.contains(QDir::toNativeSeparators(path)), qPrintable(reported));
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(w->document()->document(), before);
    QCOMPARE(w->document()->undoStack()->count(), steps);
    QVERIFY(w->document()->isModified());
    QVERIFY(w->isWindowModified());
    QVERIFY(w->document()->filePath().isEmpty());
    QVERIFY(w->windowTitle().startsWith(u"Example policy"_s));
}

void tst_DocumentSafety::saveOnAFullDisk()
{
    const QString path = m_dir.filePath(u"full.cors.yaml"_s);
    auto w = editedWindow(u"https://first.example.com"_s);
    QVERIFY(w->saveTo(path));
    const QByteArray saved = contentOf(path);
    QVERIFY(saved.size() > 200);
    typeAndEnter(w->findChild<QLineEdit *>(u"CORS_ALLOWED_ORIGINS_input"_s),
                 u"https://second.example.com"_s);
    const CorsDocument before = w->document()->document();

    QString reported;
    TestUtils::whenModal<QMessageBox>(QString(), [&reported](QMessageBox *box) {
        reported = box->text();
        box->accept();
    });
    bool ok = true;
    {
        // Room for a few bytes only: the write fails part-way, as on a full disk.
        FileSizeLimit full(100);
        QVERIFY(full.isActive());
        ok = w->saveTo(path);
    }
    QVERIFY(!ok);
    QVERIFY2(reported.contains(QDir::toNativeSeparators(path)), qPrintable(reported));
    // The file keeps the last good save, whole; no temporary file is left beside it.
    QCOMPARE(contentOf(path), saved);
    QCOMPARE(QDir(m_dir.path()).entryList({u"full*"_s}, QDir::Files),
             QStringList {u"full.cors.yaml"_s});
    QCOMPARE(w->document()->document(), before);
    QVERIFY(w->document()->isModified());
    // With room again, the same save succeeds.
    QVERIFY(w->saveTo(path));
    QCOMPARE(readDocumentFile(path).document, before);
}

void tst_DocumentSafety::aDocumentThatWouldNotOpenAgainIsNotSaved()
{
    const QString path = m_dir.filePath(u"colons.cors.yaml"_s);
    QVERIFY(writeFileAtomically(path, "# before\n", nullptr));
    MainWindow w;
    CorsDocument grown;
    // Pasted until its YAML has more indicator characters than the reader takes.
    grown.policy.setValue(SettingId::AllowHeaders,
                          PyValue::strList(QStringList(2, QString(600000, u':'))));
    w.document()->reset(grown, {}, {}, u"grown"_s);

    QString reported;
    TestUtils::whenModal<QMessageBox>(QString(), [&reported](QMessageBox *box) {
        reported = box->text();
        box->accept();
    });
    QVERIFY(!w.saveTo(path));
    QVERIFY2(reported.contains(QDir::toNativeSeparators(path)), qPrintable(reported));
    QVERIFY2(reported.contains(u"would not read back: more than 1000000 YAML indicator"_s),
             qPrintable(reported));
    QCOMPARE(contentOf(path), QByteArray("# before\n"));
    QCOMPARE(w.document()->document(), grown);
}

void tst_DocumentSafety::fileChangedByAnotherProgramIsNoticed()
{
    const QString path = m_dir.filePath(u"watched.cors.yaml"_s);
    auto w = editedWindow(u"https://mine.example.com"_s);
    QVERIFY(w->saveTo(path));
    QVERIFY(!w->document()->isModified());

    // Another program replaces the file the way editors save: a new file renamed over it.
    QByteArray theirs = contentOf(path);
    theirs.replace("https://mine.example.com", "https://theirs.example.com");
    bool asked = false;
    TestUtils::whenModal<QMessageBox>(
            u"fileChangedBox"_s,
            [&asked](QMessageBox *box) {
                asked = true;
                QTest::mouseClick(box->findChild<QAbstractButton *>(u"reloadButton"_s),
                                  Qt::LeftButton);
            },
            20000);
    QString error;
    QVERIFY2(writeFileAtomically(path, theirs, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(asked, 20000);
    const QList<PyValue> origins
            = w->document()->policy().value(SettingId::AllowedOrigins)->items();
    QVERIFY(origins.contains(PyValue::str(u"https://theirs.example.com"_s)));
    QVERIFY(!origins.contains(PyValue::str(u"https://mine.example.com"_s)));
    QVERIFY(!w->document()->isModified());

    // And again, written in place this time: the watch survived the replacement.
    asked = false;
    TestUtils::whenModal<QMessageBox>(
            u"fileChangedBox"_s,
            [&asked](QMessageBox *box) {
                asked = true;
                QTest::mouseClick(box->findChild<QAbstractButton *>(u"reloadButton"_s),
                                  Qt::LeftButton);
            },
            20000);
    theirs.replace("https://theirs.example.com", "https://third.example.com");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(theirs);
    }
    QTRY_VERIFY_WITH_TIMEOUT(asked, 20000);
    QVERIFY(w->document()
                    ->policy()
                    .value(SettingId::AllowedOrigins)
                    ->items()
                    .contains(PyValue::str(u"https://third.example.com"_s)));
}

void tst_DocumentSafety::keepingMyVersionAfterAnOutsideChange()
{
    const QString path = m_dir.filePath(u"kept.cors.yaml"_s);
    auto w = editedWindow(u"https://saved.example.com"_s);
    QVERIFY(w->saveTo(path));
    typeAndEnter(w->findChild<QLineEdit *>(u"CORS_ALLOWED_ORIGINS_input"_s),
                 u"https://unsaved.example.com"_s);
    const CorsDocument mine = w->document()->document();

    bool asked = false;
    TestUtils::whenModal<QMessageBox>(
            u"fileChangedBox"_s,
            [&asked](QMessageBox *box) {
                asked = true;
                QTest::mouseClick(box->findChild<QAbstractButton *>(u"keepButton"_s),
                                  Qt::LeftButton);
            },
            20000);
    QByteArray theirs = contentOf(path);
    theirs.replace("https://saved.example.com", "https://outside.example.com");
    QString error;
    QVERIFY(writeFileAtomically(path, theirs, &error));
    QTRY_VERIFY_WITH_TIMEOUT(asked, 20000);
    // Nothing lost, nothing written: the window keeps its version, unsaved.
    QCOMPARE(w->document()->document(), mine);
    QVERIFY(w->document()->isModified());
    QCOMPARE(contentOf(path), theirs);
    QVERIFY(w->messageBar()->text().contains(u"differs"_s));
    // Even undoing to what was saved stays "modified": the file holds something else now.
    w->undoAction()->trigger();
    QVERIFY(w->document()->isModified());
}

void tst_DocumentSafety::ownSavesAreNotOutsideChanges()
{
    const QString path = m_dir.filePath(u"own.cors.yaml"_s);
    auto w = editedWindow(u"https://one.example.com"_s);
    QSignalSpy outside(w->document(), &PolicyDocument::fileChangedOnDisk);
    QVERIFY(w->saveTo(path));
    for (const QString &origin : {u"https://two.example.com"_s, u"https://three.example.com"_s}) {
        typeAndEnter(w->findChild<QLineEdit *>(u"CORS_ALLOWED_ORIGINS_input"_s), origin);
        QVERIFY(w->saveTo(path));
    }
    // Let the watcher report whatever the saves made it see.
    QTest::qWait(800);
    QCOMPARE(outside.size(), 0);
    // A change from outside after them is seen: so the watch was on while the saves ran.
    QByteArray theirs = contentOf(path);
    theirs.replace("https://three.example.com", "https://four.example.com");
    TestUtils::whenModal<QMessageBox>(
            u"fileChangedBox"_s,
            [](QMessageBox *box) {
                QTest::mouseClick(box->findChild<QAbstractButton *>(u"keepButton"_s),
                                  Qt::LeftButton);
            },
            20000);
    QString error;
    QVERIFY(writeFileAtomically(path, theirs, &error));
    QTRY_COMPARE_WITH_TIMEOUT(outside.size(), 1, 20000);
}

void tst_DocumentSafety::fileDeletedByAnotherProgram()
{
    const QString path = m_dir.filePath(u"deleted.cors.yaml"_s);
    auto w = editedWindow(u"https://gone.example.com"_s);
    QVERIFY(w->saveTo(path));
    QVERIFY(!w->document()->isModified());
    QVERIFY(QFile::remove(path));
    QTRY_VERIFY_WITH_TIMEOUT(w->document()->isModified(), 20000);
    QVERIFY(w->messageBar()->text().contains(u"deleted or moved"_s));
    QVERIFY(w->save());
    QCOMPARE(readDocumentFile(path).document, w->document()->document());
}

void tst_DocumentSafety::onlyRegularFilesAreOpened()
{
    // A FIFO with a policy's name: opening it for reading would wait for a writer forever.
    const QString fifo = m_dir.filePath(u"pipe.cors.yaml"_s);
    QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const QString folder = m_dir.filePath(u"folder.cors.yaml"_s);
    QVERIFY(QDir().mkpath(folder));
    auto w = editedWindow(u"https://kept.example.com"_s);
    const CorsDocument before = w->document()->document();
    for (const auto &[path, what] :
         {std::pair(fifo, u"not a regular file"_s), std::pair(folder, u"is a folder"_s)}) {
        QString reported;
        TestUtils::whenModal<QMessageBox>(QString(), [&reported](QMessageBox *box) {
            reported = box->text();
            box->accept();
        });
        QElapsedTimer clock;
        clock.start();
        QVERIFY(!w->openFile(path));
        // Refused at once, with a message naming the file and what it is.
        QVERIFY2(clock.elapsed() < 30000, qPrintable(path));
        QVERIFY2(reported.contains(QDir::toNativeSeparators(path)), qPrintable(reported));
        QVERIFY2(reported.contains(what), qPrintable(reported));
        QCOMPARE(w->document()->document(), before);
    }
    // The read itself refuses them too, wherever it is called from.
    QVERIFY(readDocumentFile(fifo).errorString.contains(u"not a regular file"_s));
    QVERIFY(readDocumentFile(folder).errorString.contains(u"is a folder"_s));
}

void tst_DocumentSafety::aReadThatHangsCanBeCancelled()
{
    // A read that does not return until the test says so stands in for a hung network mount.
    const QString path = m_dir.filePath(u"slow.cors.yaml"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("cors-studio: 1\nprofile: \"4.x\"\nsettings:\n"
                   "  CORS_ALLOWED_ORIGINS:\n    - \"https://slow.example.com\"\n");
    }
    auto hang = std::make_shared<QSemaphore>();
    auto returned = std::make_shared<QSemaphore>();
    DocumentFileJob::setReadFunction(
            [hang, returned](const QString &file, std::optional<Profile> profile, const QString &) {
                hang->acquire();
                DocumentFileResult result = readDocumentFile(file, profile);
                returned->release();
                return result;
            });
    auto w = editedWindow(u"https://kept.example.com"_s);
    const CorsDocument before = w->document()->document();

    // The window's event loop goes on while the read hangs: a timer fires, a progress dialog
    // names the file, and Cancel ends the wait.
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(10);
    QString shown;
    TestUtils::whenModal<QProgressDialog>(
            u"openProgress"_s,
            [&shown](QProgressDialog *progress) {
                shown = progress->labelText();
                if (auto *cancel = progress->findChild<QPushButton *>())
                    QTest::mouseClick(cancel, Qt::LeftButton);
            },
            60000);
    QVERIFY(!w->openFile(path));
    DocumentFileJob::setReadFunction({});
    QVERIFY2(shown.contains(QDir::toNativeSeparators(path)), qPrintable(shown));
    QVERIFY(ticks > 0);
    QCOMPARE(w->document()->document(), before);
    QVERIFY(w->document()->isModified());

    // The read ends after all: what it brings is dropped, the document stays.
    hang->release();
    QVERIFY(returned->tryAcquire(1, 60000));
    QTest::qWait(50); // the thread's end is a queued call: let it arrive (and be ignored)
    QCOMPARE(w->document()->document(), before);

    // An ordinary read opens without a dialog.
    QVERIFY(w->openFile(path));
    QCOMPARE(w->document()->filePath(), path);
}

QTEST_MAIN(tst_DocumentSafety)
#include "tst_documentsafety.moc"
