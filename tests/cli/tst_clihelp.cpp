// SPDX-License-Identifier: MIT
// How cors-studio introduces itself over ssh or in CI: help, version and usage errors, run
// without any display (no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM), and the man page made
// from the same help texts.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_CliHelp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void theWindowReallyHasNoDisplay();
    void overviewHelp_data();
    void overviewHelp();
    void version_data();
    void version();
    void commandHelp_data();
    void commandHelp();
    void usageErrors_data();
    void usageErrors();
    void manPageHasEveryCommandAndOption();
    void manPageFormatsWithoutWarnings();
    void installedManPageIsTheGeneratedOne();

private:
    struct Run
    {
        bool finished = false;
        int exitCode = -1;
        QProcess::ExitStatus exitStatus = QProcess::CrashExit;
        QByteArray out;
        QByteArray err;
    };
    static Run run(const QStringList &arguments, int timeoutMs = 60000);
    static QStringList optionsOf(const QByteArray &help);

    QStringList m_commands;
};

tst_CliHelp::Run tst_CliHelp::run(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XAUTHORITY"})
        env.remove(QString::fromLatin1(name));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CORS_CLI_PATH), arguments);
    Run r;
    if (!process.waitForStarted(10000))
        return r;
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return r;
    }
    r.finished = true;
    r.exitCode = process.exitCode();
    r.exitStatus = process.exitStatus();
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

// The long option names a QCommandLineParser help text lists ("  --format <format>  ...").
QStringList tst_CliHelp::optionsOf(const QByteArray &help)
{
    QStringList options;
    static const QRegularExpression option(QStringLiteral("^  (?:-\\w, )?--([a-z][a-z0-9-]*)"),
                                           QRegularExpression::MultilineOption);
    auto it = option.globalMatch(QString::fromUtf8(help));
    while (it.hasNext())
        options.append(it.next().captured(1));
    return options;
}

void tst_CliHelp::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(CORS_CLI_PATH)), CORS_CLI_PATH);
    // The commands of the README, not a list taken from the binary under test.
    m_commands = {QStringLiteral("respond"), QStringLiteral("check"),  QStringLiteral("simulate"),
                  QStringLiteral("export"),  QStringLiteral("import"), QStringLiteral("lint"),
                  QStringLiteral("serve"),   QStringLiteral("probe"),  QStringLiteral("test")};
}

void tst_CliHelp::theWindowReallyHasNoDisplay()
{
    // Without a command the window starts, and without a display it cannot: this makes sure the
    // runs below really have no display, so that their success means something.
    const Run r = run({}, 20000);
    QVERIFY2(!r.finished || r.exitStatus == QProcess::CrashExit || r.exitCode != 0,
             r.err.constData());
}

void tst_CliHelp::overviewHelp_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--help") << QStringList {QStringLiteral("--help")};
    QTest::newRow("-h") << QStringList {QStringLiteral("-h")};
    QTest::newRow("help") << QStringList {QStringLiteral("help")};
    QTest::newRow("help help") << QStringList {QStringLiteral("help"), QStringLiteral("help")};
    QTest::newRow("window option then --help") << QStringList {
            QStringLiteral("--group"), QStringLiteral("2"), QStringLiteral("--help")};
}

void tst_CliHelp::overviewHelp()
{
    QFETCH(QStringList, arguments);
    const Run r = run(arguments);
    QVERIFY(r.finished);
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QVERIFY2(r.out.startsWith("Usage: cors-studio [FILE]\n"), r.out.constData());
    for (const QString &command : std::as_const(m_commands)) {
        const QRegularExpression row(QStringLiteral("\\n  %1 +\\S").arg(command));
        QVERIFY2(row.match(QString::fromUtf8(r.out)).hasMatch(), qPrintable(command));
    }
    QVERIFY(r.out.contains("Exit status: 0 fine, 1 the command found errors"));
    QVERIFY(r.out.contains("cors-studio help COMMAND"));
}

void tst_CliHelp::version_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--version") << QStringList {QStringLiteral("--version")};
    QTest::newRow("-v") << QStringList {QStringLiteral("-v")};
}

void tst_CliHelp::version()
{
    QFETCH(QStringList, arguments);
    const Run r = run(arguments);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    // CORS_PROJECT_VERSION is project(VERSION) of the top CMakeLists.txt.
    QCOMPARE(r.out, QByteArray("cors-studio " CORS_PROJECT_VERSION "\n"));
}

void tst_CliHelp::commandHelp_data()
{
    QTest::addColumn<QString>("command");
    for (const QString &command : std::as_const(m_commands))
        QTest::newRow(qPrintable(command)) << command;
}

void tst_CliHelp::commandHelp()
{
    QFETCH(QString, command);
    const Run viaOption = run({command, QStringLiteral("--help")});
    QVERIFY(viaOption.finished);
    QCOMPARE(viaOption.exitCode, 0);
    QVERIFY2(viaOption.err.isEmpty(), viaOption.err.constData());
    const QByteArray usage = "Usage: cors-studio [options] " + command.toUtf8() + " policy\n";
    QVERIFY2(viaOption.out.startsWith(usage), viaOption.out.constData());
    const QStringList options = optionsOf(viaOption.out);
    for (const char *common : {"help", "profile", "debug-settings", "quiet"})
        QVERIFY2(options.contains(QLatin1String(common)), common);

    const Run viaHelp = run({QStringLiteral("help"), command});
    QVERIFY(viaHelp.finished);
    QCOMPARE(viaHelp.exitCode, 0);
    QCOMPARE(viaHelp.out, viaOption.out);

    const Run viaShort = run({command, QStringLiteral("-h")});
    QCOMPARE(viaShort.exitCode, 0);
    QCOMPARE(viaShort.out, viaOption.out);
}

void tst_CliHelp::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown command")
            << QStringList {QStringLiteral("chek"), QStringLiteral("settings.py")}
            << QByteArray("Unknown command \"chek\"");
    QTest::newRow("help for an unknown command")
            << QStringList {QStringLiteral("help"), QStringLiteral("chek")}
            << QByteArray("Unknown command \"chek\"");
    QTest::newRow("help with two commands")
            << QStringList {QStringLiteral("help"), QStringLiteral("check"), QStringLiteral("lint")}
            << QByteArray("help takes at most one command");
    QTest::newRow("command without policy")
            << QStringList {QStringLiteral("check")} << QByteArray("Expected exactly one policy");
}

void tst_CliHelp::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Run r = run(arguments);
    QVERIFY(r.finished);
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QVERIFY2(r.err.contains("cors-studio help") || r.err.contains("Usage: cors-studio"),
             r.err.constData()); // the hint
    QVERIFY2(r.out.isEmpty(), r.out.constData());
}

void tst_CliHelp::manPageHasEveryCommandAndOption()
{
    const Run man = run({QStringLiteral("--man-page")});
    QVERIFY(man.finished);
    QCOMPARE(man.exitCode, 0);
    QVERIFY(man.out.startsWith(".\\\" Generated"));
    QVERIFY(man.out.contains("\n.TH CORS-STUDIO 1 "));
    QVERIFY(man.out.contains("\n.SH NAME\ncors-studio \\- "));
    QVERIFY(man.out.contains("\n.SH SYNOPSIS\n"));
    for (const QString &command : std::as_const(m_commands)) {
        const QByteArray heading = "\n.SS cors-studio " + command.toUtf8() + '\n';
        QVERIFY2(man.out.contains(heading), qPrintable(command));
        // Every option of the command's --help is in its section, as a man(7) tag.
        const qsizetype start = man.out.indexOf(heading);
        qsizetype end = man.out.indexOf("\n.SS ", start + 1);
        if (end < 0)
            end = man.out.size();
        const QByteArray section = man.out.mid(start, end - start);
        const Run help = run({command, QStringLiteral("--help")});
        const QStringList options = optionsOf(help.out);
        QVERIFY(options.size() >= 4);
        for (const QString &option : options) {
            const QByteArray tag = "\\-\\-" + option.toUtf8().replace('-', "\\-");
            const QByteArray asTag = ".TP\n\\fB" + tag;
            const QByteArray asAlias = ", " + tag;
            QVERIFY2(section.contains(asTag) || section.contains(asAlias),
                     qPrintable(command + u' ' + option));
        }
    }
}

void tst_CliHelp::manPageFormatsWithoutWarnings()
{
    const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
    if (groff.isEmpty())
        QSKIP("groff is not installed (Debian groff-base)");
    const Run man = run({QStringLiteral("--man-page")});
    QCOMPARE(man.exitCode, 0);
    QProcess process;
    process.start(groff,
                  {QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z"),
                   QStringLiteral("-Tutf8"), QStringLiteral("-rLL=78n")});
    QVERIFY(process.waitForStarted());
    process.write(man.out);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    const QByteArray warnings = process.readAllStandardError();
    QVERIFY2(warnings.isEmpty(), warnings.constData());
    QCOMPARE(process.exitCode(), 0);
}

void tst_CliHelp::installedManPageIsTheGeneratedOne()
{
    // The build writes cors-studio.1 with --man-page (packaging/CMakeLists.txt) for install.
    QFile built(QStringLiteral(CORS_MAN_PAGE_PATH));
    QVERIFY2(built.open(QIODevice::ReadOnly), CORS_MAN_PAGE_PATH);
    const Run man = run({QStringLiteral("--man-page")});
    QCOMPARE(built.readAll(), man.out);
}

QTEST_GUILESS_MAIN(tst_CliHelp)
#include "tst_clihelp.moc"
