// SPDX-License-Identifier: MIT
// kill -9 during editing: a real cors-studio process is edited through its own widgets (the
// hidden --script option sends the key and mouse events a user would), killed with SIGKILL once
// its autosave copy is on disk, and a new start offers the recovered document with every edit.
#include "document/documentfile.h"
#include "document/policydocument.h"
#include "document/recoveryfile.h"
#include "mainwindow.h"
#include "studio.h"
#include "uitestutils.h"

#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <csignal>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

// The child and this test share settings and recovery folders through the environment.
QTemporaryDir *home = nullptr;

bool writeText(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

PyValue appended(const PyValue *list, const QStringList &texts)
{
    PyValue out = *list;
    for (const QString &text : texts)
        out.items().append(PyValue::str(text));
    return out;
}

} // namespace

class tst_CrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void killedWhileEditingThenRecovered();
    void badScriptLineEndsTheProcess();
};

void tst_CrashRecovery::killedWhileEditingThenRecovered()
{
    const QString config = home->filePath(u"config/CORS Studio/CORS Studio.conf"_s);
    QVERIFY(writeText(config, "[Documents]\nautosaveDelayMs=100\n"));
    const QString script = home->filePath(u"edits.txt"_s);
    QVERIFY(writeText(script,
                      "# the first start opens the bundled example; edit it as a user would\n"
                      "group 1\n"
                      "type CORS_ALLOWED_ORIGINS_input https://killed.example.com\n"
                      "key CORS_ALLOWED_ORIGINS_input Return\n"
                      "type CORS_ALLOWED_ORIGINS_input https://second.example.com\n"
                      "key CORS_ALLOWED_ORIGINS_input Return\n"
                      "group 4\n"
                      "type CORS_EXPOSE_HEADERS_input x-after-crash\n"
                      "key CORS_EXPOSE_HEADERS_input Return\n"
                      "group 5\n"
                      "key CORS_ALLOW_CREDENTIALS_check Space\n"
                      "wait-autosave\n"
                      "print ready\n"));

    QProcess studio;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    studio.setProcessEnvironment(env);
    studio.start(QStringLiteral(CORS_CLI_PATH), {u"--script"_s, script});
    QVERIFY2(studio.waitForStarted(), qPrintable(studio.errorString()));
    QByteArray out;
    QElapsedTimer clock;
    clock.start();
    while (!out.contains("ready\n") && studio.state() == QProcess::Running
           && clock.elapsed() < 60000) {
        studio.waitForReadyRead(1000);
        out += studio.readAllStandardOutput();
    }
    QVERIFY2(out.contains("ready\n"),
             qPrintable(u"no ready line; stdout: "_s + QString::fromLocal8Bit(out) + u" stderr: "_s
                        + QString::fromLocal8Bit(studio.readAllStandardError())));
    QCOMPARE(studio.state(), QProcess::Running);

    // kill -9: no chance to clean up.
    QCOMPARE(::kill(pid_t(studio.processId()), SIGKILL), 0);
    QVERIFY(studio.waitForFinished(10000));
    QCOMPARE(studio.exitStatus(), QProcess::CrashExit);

    // The expectation: the bundled example as written, plus the edits the script typed.
    const DocumentFileResult example = readDocumentFile(u":/examples/example_settings.py"_s);
    QVERIFY2(example.ok, qPrintable(example.errorString));
    Policy expected = example.document.policy;
    expected.setValue(SettingId::AllowedOrigins,
                      appended(expected.value(SettingId::AllowedOrigins),
                               {u"https://killed.example.com"_s, u"https://second.example.com"_s}));
    expected.setValue(SettingId::ExposeHeaders,
                      appended(expected.value(SettingId::ExposeHeaders), {u"x-after-crash"_s}));
    QCOMPARE(*expected.value(SettingId::AllowCredentials), PyValue::boolean(true));
    expected.setValue(SettingId::AllowCredentials, PyValue::boolean(false));

    const QList<RecoveryLeftover> leftovers = RecoveryFile::findLeftovers();
    QCOMPARE(leftovers.size(), 1);

    // A new start: the window of a start, then the offer runStudio() makes.
    QPointer<MainWindow> window(createStartWindow(QString()));
    window->show();
    TestUtils::clickWhenModal<QMessageBox>(u"recoveryBox"_s, u"recoverButton"_s);
    QCOMPARE(window->offerRecovery(), 1);
    QCOMPARE(window->document()->policy(), expected);
    QVERIFY(window->isWindowModified());
    QVERIFY(window->document()->isModified());
    QVERIFY(RecoveryFile::findLeftovers().isEmpty());
    window->document()->undoStack()->setClean();
    window->close();
}

void tst_CrashRecovery::badScriptLineEndsTheProcess()
{
    // The driver itself must not pass silently over a line it cannot run.
    const QString script = home->filePath(u"bad.txt"_s);
    QVERIFY(writeText(script, "type no_such_widget hello\nprint ready\n"));
    QProcess studio;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    studio.setProcessEnvironment(env);
    studio.start(QStringLiteral(CORS_CLI_PATH), {u"--script"_s, script});
    QVERIFY(studio.waitForFinished(60000));
    QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
    QCOMPARE(studio.exitCode(), 2);
    QVERIFY(!studio.readAllStandardOutput().contains("ready"));
    QVERIFY(studio.readAllStandardError().contains("no widget named no_such_widget"));
}

int main(int argc, char *argv[])
{
    // Before anything reads a standard path: this test's own config and data folders, shared
    // with the cors-studio processes it starts (which inherit the environment).
    QTemporaryDir dir;
    home = &dir;
    qputenv("XDG_CONFIG_HOME", dir.filePath(u"config"_s).toLocal8Bit());
    qputenv("XDG_DATA_HOME", dir.filePath(u"data"_s).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", dir.filePath(u"cache"_s).toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"CORS Studio"_s);
    QApplication::setApplicationName(u"CORS Studio"_s);
    tst_CrashRecovery test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_crashrecovery.moc"
