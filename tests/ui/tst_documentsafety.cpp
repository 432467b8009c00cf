// SPDX-License-Identifier: MIT
// Documents that survive what the disk does: a save that fails (a folder that cannot be written,
// a disk that fills up) is reported and leaves the document modified and unchanged, and the file
// as it was; a file another program changes or deletes is noticed and the user is asked.
#include "document/documentfile.h"
#include "document/policydocument.h"
#include "io/atomicfile.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "uitestutils.h"

#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <csignal>
#include <sys/resource.h>
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
    void fileChangedByAnotherProgramIsNoticed();
    void keepingMyVersionAfterAnOutsideChange();
    void ownSavesAreNotOutsideChanges();
    void fileDeletedByAnotherProgram();

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

QTEST_MAIN(tst_DocumentSafety)
#include "tst_documentsafety.moc"
