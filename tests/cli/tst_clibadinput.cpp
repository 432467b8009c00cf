// SPDX-License-Identifier: MIT
// Bad input for every command, as a user or a CI job gives it: wrong arguments, files that are
// missing, directories, binary, huge or too deeply nested, and bad stdin lines. Each must give
// a message naming what is wrong and exit 2, never crash, and never leave a partial file.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

class tst_CliBadInput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void badArgumentsAndFiles_data();
    void badArgumentsAndFiles();
    void unreadableFile();
    void badStdinLinesAreReportedAndSkipped_data();
    void badStdinLinesAreReportedAndSkipped();
    void catastrophicRegexIsReportedNotHung();
    void failedExportLeavesNoFile();
    void importedDocumentsOpenAgain();
    void screenshotOfAFileThatCannotBeOpenedEndsTheRun();

private:
    struct Run
    {
        bool finished = false;
        int exitCode = -1;
        QProcess::ExitStatus exitStatus = QProcess::CrashExit;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments, const QByteArray &input = {});
    QString path(const QString &name) const { return m_dir.filePath(name); }
    void write(const QString &name, const QByteArray &bytes);
    void writeSparse(const QString &name, qint64 size);

    QTemporaryDir m_dir;
    QString m_policy;
};

tst_CliBadInput::Run tst_CliBadInput::run(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral(CORS_CLI_PATH), arguments);
    Run r;
    if (!process.waitForStarted(10000))
        return r;
    process.write(input);
    process.closeWriteChannel();
    // Generous: the sanitizer build is slow. A hang fails the test instead of blocking it.
    if (!process.waitForFinished(120000)) {
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

void tst_CliBadInput::write(const QString &name, const QByteArray &bytes)
{
    QFile file(path(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

void tst_CliBadInput::writeSparse(const QString &name, qint64 size)
{
    QFile file(path(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(size)); // sparse: costs no disk
}

void tst_CliBadInput::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(CORS_CLI_PATH)), CORS_CLI_PATH);
    m_policy = QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example_settings.py");
    QVERIFY(QFile::exists(m_policy));

    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("folder.py")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("folder.jsonl")));
    QVERIFY(::mkfifo(QFile::encodeName(path(QStringLiteral("fifo.py"))).constData(), 0600) == 0);
    write(QStringLiteral("nul.py"), QByteArray("X = 1\nCORS_ALLOWED_ORIGINS = []\0\n", 34));
    write(QStringLiteral("latin1.py"), "CORS_ALLOWED_ORIGINS = ['https://caf\xe9.example']\n");
    write(QStringLiteral("syntax.py"), "CORS_ALLOWED_ORIGINS = ['a',,]\n");
    write(QStringLiteral("binary.cors.yaml"), QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    write(QStringLiteral("empty.cors.yaml"), "");
    write(QStringLiteral("notyaml.cors.yaml"), "cors-studio: 1\npolicy: [unclosed\n");
    write(QStringLiteral("policy.txt"), "CORS_ALLOW_ALL_ORIGINS = True\n");
    writeSparse(QStringLiteral("huge.py"), qint64(5) * 1024 * 1024);
    writeSparse(QStringLiteral("huge.cors.yaml"), qint64(9) * 1024 * 1024);

    // One entry past the per-setting limit (docs/limits.md), a few hundred kilobytes.
    QByteArray many = "CORS_ALLOWED_ORIGINS = [\n";
    for (int i = 0; i <= 100000; ++i)
        many += "'https://h" + QByteArray::number(i) + ".example',\n";
    write(QStringLiteral("many.py"), many + "]\n");
    // Repetition past the value limit: Python builds it, the reader refuses to.
    write(QStringLiteral("repeat.py"), "CORS_ALLOW_HEADERS = ['x-a'] * 10_000_000\n");
    write(QStringLiteral("doubling.py"),
          "X = ['a'] * 600_000\nY = X + X\nCORS_ALLOW_HEADERS = Y\n");
    write(QStringLiteral("deep.py"),
          "CORS_ALLOWED_ORIGINS = " + QByteArray(201, '[') + QByteArray(201, ']') + "\n");
    write(QStringLiteral("deep.cors.yaml"),
          "cors-studio: 1\nprofile: \"4.x\"\nsettings:\n  CORS_ALLOWED_ORIGINS: "
                  + QByteArray(600, '[') + QByteArray(600, ']') + "\n");
}

void tst_CliBadInput::badArgumentsAndFiles_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const QString policy = m_policy;
    auto row = [](const char *name, const QStringList &args, const char *message) {
        QTest::newRow(name) << args << QString::fromUtf8(message);
    };
    const QString simulate = QStringLiteral("simulate");
    const QStringList page
            = {QStringLiteral("--origin"), QStringLiteral("https://app.example.com"),
               QStringLiteral("--url"), QStringLiteral("https://api.example.com/api/x")};

    // Arguments, for every command.
    row("unknown command", {QStringLiteral("respnd"), policy}, "Unknown command \"respnd\"");
    row("check: no policy", {QStringLiteral("check")}, "Expected exactly one policy file");
    row("check: two policies", {QStringLiteral("check"), policy, policy},
        "Expected exactly one policy file");
    row("check: unknown option", {QStringLiteral("check"), QStringLiteral("--bogus"), policy},
        "Unknown option 'bogus'");
    row("check: profile without value",
        {QStringLiteral("check"), policy, QStringLiteral("--profile")},
        "Missing value after '--profile'");
    row("check: unknown profile",
        {QStringLiteral("check"), QStringLiteral("--profile"), QStringLiteral("5.0"), policy},
        "Unknown profile \"5.0\"");
    row("check: unknown format",
        {QStringLiteral("check"), QStringLiteral("--format"), QStringLiteral("xml"), policy},
        "Unknown format \"xml\"");
    row("respond: unknown option", {QStringLiteral("respond"), QStringLiteral("--explian"), policy},
        "Unknown option 'explian'");
    row("simulate: no origin",
        {simulate, policy, QStringLiteral("--url"), QStringLiteral("https://x.example/")},
        "simulate needs --origin and --url");
    row("simulate: origin not an origin",
        QStringList {simulate, policy, QStringLiteral("--url"),
                     QStringLiteral("https://x.example/"), QStringLiteral("--origin"),
                     QStringLiteral("app example")},
        "--origin \"app example\" is not an origin");
    row("simulate: unknown credentials",
        QStringList {simulate, policy, QStringLiteral("--credentials"), QStringLiteral("always")}
                + page,
        "Unknown --credentials \"always\"");
    row("simulate: unknown mode",
        QStringList {simulate, policy, QStringLiteral("--mode"), QStringLiteral("navigate")} + page,
        "Unknown --mode \"navigate\"");
    row("simulate: status not a number",
        QStringList {simulate, policy, QStringLiteral("--endpoint-status"), QStringLiteral("ok")}
                + page,
        "Invalid --endpoint-status \"ok\"");
    row("simulate: status out of range",
        QStringList {simulate, policy, QStringLiteral("--endpoint-status"), QStringLiteral("99")}
                + page,
        "Invalid --endpoint-status \"99\"");
    row("simulate: header without colon",
        QStringList {simulate, policy, QStringLiteral("--header"), QStringLiteral("X-Custom")}
                + page,
        "Expected 'Name: value', got \"X-Custom\"");
    row("simulate: unknown format",
        QStringList {simulate, policy, QStringLiteral("--format"), QStringLiteral("yaml")} + page,
        "Unknown format \"yaml\"");
    row("simulate: batch file missing",
        {simulate, policy, QStringLiteral("--batch"), QStringLiteral("nope.jsonl")},
        "Cannot read nope.jsonl");
    row("simulate: batch file is a directory",
        {simulate, policy, QStringLiteral("--batch"), QStringLiteral("folder.jsonl")}, "directory");
    row("export: no target", {QStringLiteral("export"), policy}, "Unknown or missing --to");
    row("export: unknown target",
        {QStringLiteral("export"), policy, QStringLiteral("--to"), QStringLiteral("apache")},
        "Unknown or missing --to \"apache\"");
    row("export: unknown part",
        {QStringLiteral("export"), policy, QStringLiteral("--to"), QStringLiteral("nginx"),
         QStringLiteral("--part"), QStringLiteral("server")},
        "--part \"server\" is not a part of the nginx export");
    row("export: output folder missing",
        {QStringLiteral("export"), policy, QStringLiteral("--to"), QStringLiteral("yaml"),
         QStringLiteral("-o"), QStringLiteral("no/such/folder/out.cors.yaml")},
        "Cannot write no/such/folder/out.cors.yaml");
    row("export: output is a directory",
        {QStringLiteral("export"), policy, QStringLiteral("--to"), QStringLiteral("yaml"),
         QStringLiteral("-o"), QStringLiteral("folder.py")},
        "Cannot write folder.py");
    row("import: output under a file",
        {QStringLiteral("import"), policy, QStringLiteral("-o"),
         QStringLiteral("policy.txt/out.cors.yaml")},
        "Cannot write policy.txt/out.cors.yaml");
    row("lint: unknown format",
        {QStringLiteral("lint"), policy, QStringLiteral("--format"), QStringLiteral("html")},
        "Unknown format \"html\"");
    row("probe: no url", {QStringLiteral("probe"), policy}, "probe needs --url and --origin");
    row("serve: bad listen address",
        {QStringLiteral("serve"), policy, QStringLiteral("--listen"), QStringLiteral("nowhere:x")},
        "Invalid --listen");

    // Files.
    row("missing policy", {QStringLiteral("check"), QStringLiteral("missing.py")},
        "missing.py: no such file");
    row("policy is a directory", {QStringLiteral("check"), QStringLiteral("folder.py")},
        "is a directory");
    row("policy is a FIFO", {QStringLiteral("check"), QStringLiteral("fifo.py")},
        "fifo.py: not a regular file");
    row("unknown extension", {QStringLiteral("respond"), QStringLiteral("policy.txt")},
        "unknown policy format");
    row("null bytes", {QStringLiteral("check"), QStringLiteral("nul.py")},
        "nul.py:2:26: error: source code cannot contain null bytes");
    row("not UTF-8", {QStringLiteral("lint"), QStringLiteral("latin1.py")}, "latin1.py:1:");
    row("syntax error",
        {QStringLiteral("export"), QStringLiteral("syntax.py"), QStringLiteral("--to"),
         QStringLiteral("django")},
        "syntax.py:1:29: error:");
    row("binary document", {QStringLiteral("check"), QStringLiteral("binary.cors.yaml")},
        "not valid UTF-8");
    row("empty document", {QStringLiteral("check"), QStringLiteral("empty.cors.yaml")},
        "the document is empty");
    row("broken document", {QStringLiteral("import"), QStringLiteral("notyaml.cors.yaml")},
        "notyaml.cors.yaml:");
    row("huge settings.py", {QStringLiteral("check"), QStringLiteral("huge.py")},
        "more than the 4 MiB a settings file may have");
    row("huge document", {QStringLiteral("respond"), QStringLiteral("huge.cors.yaml")},
        "larger than 8 MiB");
    row("100001 origins", {QStringLiteral("check"), QStringLiteral("many.py")},
        "many.py:1: error: CORS_ALLOWED_ORIGINS has 100001 entries, more than the 100000");
    row("10 million repeated items", {QStringLiteral("check"), QStringLiteral("repeat.py")},
        "repeat.py:1:1: warning: CORS_ALLOW_HEADERS on line 1 is not read: the result would have "
        "more than 1000000 items");
    row("list doubled past the limit", {QStringLiteral("check"), QStringLiteral("doubling.py")},
        "doubling.py:3:1: warning: CORS_ALLOW_HEADERS on line 3 is not read: Y could not be read "
        "(line 2: "
        "the result would have more than 1000000 items");
    // Line 1, column 224: where CPython 3.11 reports it (/usr/bin/python3 deep.py).
    row("settings.py nested 201 deep", {QStringLiteral("check"), QStringLiteral("deep.py")},
        "deep.py:1:224: error: too many nested parentheses");
    row("document nested 600 deep", {QStringLiteral("check"), QStringLiteral("deep.cors.yaml")},
        "collections nested more than 480 deep");
}

void tst_CliBadInput::badArgumentsAndFiles()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run r = run(arguments);
    QVERIFY2(r.finished, "the command hung");
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.left(2000).constData());
    if (message.contains(QLatin1String("warning:"))) {
        // The file itself is fine: the setting is left out, the command says so, and the check
        // is not clean (issue 16: never clean by omission).
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("could not be read: the findings do not cover it"),
                 r.out.left(2000).constData());
    } else {
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.left(2000).constData());
    }
}

void tst_CliBadInput::unreadableFile()
{
    // A policy its reader has no permission to read. Root reads any file, so under root (CI) the
    // command runs as nobody; the directory is open to it, the file is not.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QFile::setPermissions(dir.path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                          | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                          | QFileDevice::ExeOther | QFileDevice::ReadGroup
                                          | QFileDevice::ExeGroup));
    QFile file(dir.filePath(QStringLiteral("secret.py")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write("CORS_ALLOW_ALL_ORIGINS = True\n") > 0);
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::WriteOwner));

    QProcess process;
    process.setWorkingDirectory(dir.path());
    const bool root = ::geteuid() == 0;
    if (root) {
        process.setChildProcessModifier([] {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(126);
        });
    }
    process.start(QStringLiteral(CORS_CLI_PATH),
                  {QStringLiteral("check"), QStringLiteral("secret.py")});
    QVERIFY(process.waitForStarted(10000));
    QVERIFY(process.waitForFinished(120000));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitCode() != 126, "could not drop root for the command");
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(err.contains("Cannot read secret.py: Permission denied"), err.constData());
}

void tst_CliBadInput::badStdinLinesAreReportedAndSkipped_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error");

    QTest::newRow("not JSON") << QByteArray("GET /api/x HTTP/1.1")
                              << QStringLiteral("invalid JSON at offset 1");
    QTest::newRow("array") << QByteArray("[1, 2]") << QStringLiteral("expected a JSON object");
    QTest::newRow("binary") << QByteArray("\x89PNG\r\x1a\x00\x01\xff", 9)
                            << QStringLiteral("invalid JSON");
    QTest::newRow("invalid UTF-8")
            << QByteArray("{\"method\": \"G\xc3\x28T\"}") << QStringLiteral("invalid UTF8 string");
    QTest::newRow("truncated") << QByteArray("{\"method\": \"GET\", \"headers\": {")
                               << QStringLiteral("invalid JSON");
    QTest::newRow("number out of range")
            << QByteArray("{\"id\": 1e999}") << QStringLiteral("illegal number");
    QTest::newRow("2 MiB line")
            << "{\"method\": \"GET\", \"path\": \"/" + QByteArray(2 * 1024 * 1024, 'a') + "\"}"
            << QStringLiteral(
                       "the line has 2097182 bytes, more than the 1048576 a request line may have");
}

void tst_CliBadInput::badStdinLinesAreReportedAndSkipped()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    for (const QString &command : {QStringLiteral("respond"), QStringLiteral("simulate")}) {
        QStringList args = {command, m_policy};
        if (command == QLatin1String("simulate"))
            args << QStringLiteral("--batch") << QStringLiteral("-");
        // respond rejects simulate's members and the other way round: each gets its own good line.
        const QByteArray ok = command == QLatin1String("respond")
                ? QByteArray("{\"id\": \"good\", \"path\": \"/api/x\", \"headers\": {\"Origin\": "
                             "\"https://app.example.com\"}}")
                : QByteArray("{\"id\": \"good\", \"origin\": \"https://app.example.com\", "
                             "\"url\": \"https://api.example.com/api/x\"}");
        const Run r = run(args, ok + "\n" + line + "\n\n" + ok + "\n");
        QVERIFY2(r.finished, "the command hung");
        QCOMPARE(r.exitStatus, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const QJsonObject bad = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(bad.value(QLatin1String("line")).toInt(), 2);
        QVERIFY2(bad.value(QLatin1String("error")).toString().contains(error),
                 lines.at(1).left(500).constData());
        for (int i : {0, 2})
            QCOMPARE(QJsonDocument::fromJson(lines.at(i))
                             .object()
                             .value(QLatin1String("id"))
                             .toString(),
                     QStringLiteral("good"));
    }
}

void tst_CliBadInput::catastrophicRegexIsReportedNotHung()
{
    // Python's re takes hours on this (2**40 ways to split the a's); the engine stops at
    // Py::Regex::MatchLimit and says why, as a server error (the worker would never answer).
    write(QStringLiteral("redos.py"),
          "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://(a+)+\\.example$']\n");
    const QByteArray origin = "https://" + QByteArray(40, 'a') + "!.example";
    const Run r = run(
            {QStringLiteral("respond"), QStringLiteral("--explain"), QStringLiteral("redos.py")},
            "{\"headers\": {\"Origin\": \"" + origin + "\"}}\n");
    QVERIFY2(r.finished, "the command hung");
    QCOMPARE(r.exitCode, 0);
    const QJsonObject answer = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(answer.value(QLatin1String("status")).toInt(), 500);
    QVERIFY2(answer.value(QLatin1String("error"))
                     .toString()
                     .startsWith(QLatin1String(
                             "catastrophic backtracking: re.match('^https://(a+)+\\\\.example$'")),
             r.out.constData());
    QVERIFY2(r.out.contains("PCRE2 gave up after 1000000 steps"), r.out.constData());
}

void tst_CliBadInput::failedExportLeavesNoFile()
{
    // The output is written whole or not at all: a policy that cannot be read leaves an
    // existing file as it was and creates no new one.
    write(QStringLiteral("existing.py"), "# keep me\n");
    const Run over
            = run({QStringLiteral("export"), QStringLiteral("nul.py"), QStringLiteral("--to"),
                   QStringLiteral("django"), QStringLiteral("-o"), QStringLiteral("existing.py")});
    QCOMPARE(over.exitCode, 2);
    QFile existing(path(QStringLiteral("existing.py")));
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("# keep me\n"));

    const Run fresh = run({QStringLiteral("import"), QStringLiteral("huge.py"),
                           QStringLiteral("-o"), QStringLiteral("fresh.cors.yaml")});
    QCOMPARE(fresh.exitCode, 2);
    QVERIFY(!QFile::exists(path(QStringLiteral("fresh.cors.yaml"))));

    // No temporary file is left behind either.
    const QStringList left
            = QDir(m_dir.path())
                      .entryList({QStringLiteral("*existing*"), QStringLiteral("*fresh*")},
                                 QDir::Files | QDir::Hidden);
    QCOMPARE(left, QStringList {QStringLiteral("existing.py")});

    const Run ok = run({QStringLiteral("import"), m_policy, QStringLiteral("-o"),
                        QStringLiteral("fresh.cors.yaml")});
    QCOMPARE(ok.exitCode, 0);
    QFile written(path(QStringLiteral("fresh.cors.yaml")));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().startsWith("cors-studio: 1\n"));
}

void tst_CliBadInput::importedDocumentsOpenAgain()
{
    // A settings.py at the reader's limit of entries per setting becomes a document that opens.
    QByteArray full = "CORS_ALLOWED_ORIGINS = [\n";
    for (int i = 0; i < 100000; ++i)
        full += "    'https://app" + QByteArray::number(i) + ".example.com',\n";
    write(QStringLiteral("full.py"), full + "]\n");
    const Run imported = run({QStringLiteral("import"), QStringLiteral("full.py"),
                              QStringLiteral("-o"), QStringLiteral("full.cors.yaml")});
    QCOMPARE(imported.exitCode, 0);
    const Run reopened = run({QStringLiteral("check"), QStringLiteral("full.cors.yaml")});
    QVERIFY2(reopened.exitCode == 0, reopened.err.constData());

    // One whose YAML the reader would refuse is not written, and says why.
    const QByteArray colons(600000, ':');
    write(QStringLiteral("colons.py"),
          "CORS_ALLOW_HEADERS = ['" + colons + "', '" + colons + "']\n");
    const Run refused = run({QStringLiteral("import"), QStringLiteral("colons.py"),
                             QStringLiteral("-o"), QStringLiteral("colons.cors.yaml")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("would not read back: more than 1000000 YAML indicator"),
             refused.err.constData());
    QVERIFY(!QFile::exists(path(QStringLiteral("colons.cors.yaml"))));
}

void tst_CliBadInput::screenshotOfAFileThatCannotBeOpenedEndsTheRun()
{
    // --screenshot is run by scripts: a file the window cannot open ends the run with the
    // reason, where a message box would wait for a click that never comes.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(path(QStringLiteral("config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(path(QStringLiteral("data"))));
    const Run r = run({QStringLiteral("notyaml.cors.yaml"), QStringLiteral("--screenshot"),
                       QStringLiteral("shot.png")});
    qunsetenv("QT_QPA_PLATFORM");
    qunsetenv("XDG_CONFIG_HOME");
    qunsetenv("XDG_DATA_HOME");
    QVERIFY2(r.finished, "the window waited");
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("cors-studio: ") && r.err.contains("notyaml.cors.yaml:"),
             r.err.constData());
    QVERIFY(!QFile::exists(path(QStringLiteral("shot.png"))));
}

QTEST_GUILESS_MAIN(tst_CliBadInput)
#include "tst_clibadinput.moc"
