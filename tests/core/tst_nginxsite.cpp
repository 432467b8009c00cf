// SPDX-License-Identifier: MIT
// Context and argument errors of an nginx configuration, each compared with what the real
// `nginx -t` (Debian nginx-light) says about the same text; hostile input gives a clear error.
#include "nginx/nginxsite.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Cors;

class TestNginxSite : public QObject
{
    Q_OBJECT

private slots:
    void contextErrorsAgreeWithNginx_data();
    void contextErrorsAgreeWithNginx();
    void notModelledIsListedWithItsLine();
    void includeLoop();
    void includeDepth();
    void includeDeviceOrFifo();
    void deepBlockNesting();
    void hugeFiles();
    void binaryJunkAndNulBytes();
    void unterminatedAgreeWithNginx_data();
    void unterminatedAgreeWithNginx();
};

static void writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

void TestNginxSite::contextErrorsAgreeWithNginx_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("listen in http") << QByteArray("listen 80;\n");
    QTest::newRow("add_header in if in server")
            << QByteArray("server {\n if ($a) { add_header X y; }\n}\n");
    QTest::newRow("proxy_pass in server") << QByteArray("server {\n proxy_pass http://x;\n}\n");
    QTest::newRow("location in http") << QByteArray("location / {}\n");
    QTest::newRow("inside exact location")
            << QByteArray("server {\n location = /a {\n  location /a/b {}\n }\n}\n");
    QTest::newRow("outside location")
            << QByteArray("server {\n location /a {\n  location /b {}\n }\n}\n");
    QTest::newRow("nested named location")
            << QByteArray("server {\n location /a {\n  location @n {}\n }\n}\n");
    QTest::newRow("add_header one argument") << QByteArray("server {\n add_header X;\n}\n");
    QTest::newRow("return without arguments") << QByteArray("server {\n\n return;\n}\n");
    QTest::newRow("map parameters") << QByteArray("map $a $b {\n default 1 2;\n}\n");
    QTest::newRow("location regex") << QByteArray("server {\n location ~ \"(\" {}\n}\n");
    QTest::newRow("listen port") << QByteArray("server {\n listen 99999;\n}\n");
    QTest::newRow("server in server") << QByteArray("server {\n server {}\n}\n");
    QTest::newRow("limit_except in server")
            << QByteArray("server {\n limit_except GET { deny all; }\n}\n");
}

void TestNginxSite::contextErrorsAgreeWithNginx()
{
    QFETCH(QByteArray, text);
    const QString nginx = QStringLiteral("/usr/sbin/nginx");
    if (!QFileInfo::exists(nginx))
        QSKIP("no /usr/sbin/nginx (Debian nginx-light)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString conf = dir.filePath(QStringLiteral("n.conf"));
    writeFile(conf, "events {}\nhttp {\n" + text + "}\n");
    QProcess p;
    p.start(nginx,
            {QStringLiteral("-t"), QStringLiteral("-p"), dir.path(), QStringLiteral("-c"), conf,
             QStringLiteral("-g"),
             QStringLiteral("error_log stderr; pid %1/nginx.pid;").arg(dir.path())});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAllStandardError());
    static const QRegularExpression re(QStringLiteral("\\[emerg\\] [0-9#]+: (.*) in (.*):(\\d+)"));
    const QRegularExpressionMatch m = re.match(out);
    QVERIFY2(m.hasMatch(), qPrintable(out));

    const NginxSite site(readNginxConfig(conf));
    QVERIFY(!site.errors().isEmpty());
    QCOMPARE(site.errors().first().message, m.captured(1));
    QCOMPARE(site.errors().first().where.line, m.captured(3).toInt());
}

void TestNginxSite::notModelledIsListedWithItsLine()
{
    const NginxSite site(parseNginxConfig("server {\n listen 8080;\n"
                                          " location / {\n  try_files $uri =404;\n"
                                          "  proxy_cache c;\n  access_log off;\n }\n}\n",
                                          QStringLiteral("s.conf")));
    QVERIFY(site.errors().isEmpty());
    QStringList seen;
    for (const NginxNote &n : site.notModelled())
        seen.append(QStringLiteral("%1 %2").arg(n.where.line).arg(n.text));
    QCOMPARE(seen,
             QStringList({QStringLiteral("4 \"try_files\" is not modelled"),
                          QStringLiteral("5 \"proxy_cache\" is not modelled")}));
}

// Hostile input: each ends in a named error at a file, line and column — never a crash or a
// hang. Lines and columns are 1-based; the column is that of the character the error is about.
static NginxError firstError(const NginxSite &site)
{
    return site.errors().value(0);
}

void TestNginxSite::includeLoop()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // a.conf -> b.conf -> a.conf: the loop is named at b.conf's include.
    writeFile(dir.filePath(QStringLiteral("a.conf")), "server {\n    include b.conf;\n}\n");
    writeFile(dir.filePath(QStringLiteral("b.conf")), "# b\n  include a.conf;\n");
    NginxSite loop(readNginxConfig(dir.filePath(QStringLiteral("a.conf"))));
    NginxError e = firstError(loop);
    QVERIFY2(e.message.startsWith(QLatin1String("include loop: ")), qPrintable(e.message));
    QVERIFY2(e.message.endsWith(QLatin1String("(a.conf -> b.conf -> a.conf)")),
             qPrintable(e.message));
    QCOMPARE(e.where.file, dir.filePath(QStringLiteral("b.conf")));
    QCOMPARE(e.where.line, 2);
    QCOMPARE(e.where.column, 3);
    // A glob that matches the file itself.
    QDir(dir.path()).mkdir(QStringLiteral("sites"));
    writeFile(dir.filePath(QStringLiteral("sites/self.conf")), "include *.conf;\n");
    NginxSite self(readNginxConfig(dir.filePath(QStringLiteral("sites/self.conf"))));
    e = firstError(self);
    QVERIFY2(e.message.contains(QLatin1String("(self.conf -> self.conf)")), qPrintable(e.message));
    QCOMPARE(e.where.line, 1);
    QCOMPARE(e.where.column, 1);
}

void TestNginxSite::includeDepth()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // f0 includes f1 includes ... f19: no loop, but deeper than 16.
    for (int i = 0; i < 20; ++i)
        writeFile(dir.filePath(QStringLiteral("f%1.conf").arg(i)),
                  QStringLiteral("\n include f%1.conf;\n").arg(i + 1).toUtf8());
    NginxSite chain(readNginxConfig(dir.filePath(QStringLiteral("f0.conf"))));
    const NginxError e = firstError(chain);
    QCOMPARE(e.message, QStringLiteral("includes nested deeper than 16"));
    QCOMPARE(e.where.file, dir.filePath(QStringLiteral("f16.conf")));
    QCOMPARE(e.where.line, 2);
    QCOMPARE(e.where.column, 2);
}

void TestNginxSite::includeDeviceOrFifo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // /dev/zero never ends and a FIFO blocks open(): both are refused before reading.
    writeFile(dir.filePath(QStringLiteral("zero.conf")), "include /dev/zero;\n");
    NginxSite zero(readNginxConfig(dir.filePath(QStringLiteral("zero.conf"))));
    NginxError e = firstError(zero);
    QCOMPARE(e.message, QStringLiteral("\"/dev/zero\" is not a regular file"));
    QCOMPARE(e.where.line, 1);
    QCOMPARE(e.where.column, 1);
    const QString fifo = dir.filePath(QStringLiteral("fifo"));
    QProcess mkfifo;
    mkfifo.start(QStringLiteral("mkfifo"), {fifo});
    if (!mkfifo.waitForFinished(10000) || mkfifo.exitCode() != 0)
        QSKIP("mkfifo not available");
    writeFile(dir.filePath(QStringLiteral("fifo.conf")), "server {\n include fifo;\n}\n");
    NginxSite blocked(readNginxConfig(dir.filePath(QStringLiteral("fifo.conf"))));
    e = firstError(blocked);
    QCOMPARE(e.message, QStringLiteral("\"%1\" is not a regular file").arg(fifo));
    QCOMPARE(e.where.line, 2);
}

void TestNginxSite::deepBlockNesting()
{
    // server (depth 1) on line 1, location i on line i + 2 at depth i + 2: the 64th location
    // (line 65) is the 65th block.
    QByteArray deep = "server {\n";
    for (int i = 0; i < 200; ++i)
        deep += "location /" + QByteArray(i + 1, 'a') + " {\n";
    const NginxSite nested(parseNginxConfig(deep, QStringLiteral("deep.conf")));
    NginxError e = firstError(nested);
    QCOMPARE(e.message, QStringLiteral("blocks nested deeper than 64"));
    QCOMPARE(e.where.file, QStringLiteral("deep.conf"));
    QCOMPARE(e.where.line, 65);
    QCOMPARE(e.where.column, 1);

    // The depth counts across includes: 60 blocks around an include of 10 more.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray outer;
    for (int i = 0; i < 60; ++i)
        outer += "if ($a) {\n";
    outer += "include inner.conf;\n";
    for (int i = 0; i < 60; ++i)
        outer += "}\n";
    QByteArray inner;
    for (int i = 0; i < 10; ++i)
        inner += "  if ($b) {\n";
    for (int i = 0; i < 10; ++i)
        inner += "}\n";
    writeFile(dir.filePath(QStringLiteral("outer.conf")), outer);
    writeFile(dir.filePath(QStringLiteral("inner.conf")), inner);
    const NginxSite across(readNginxConfig(dir.filePath(QStringLiteral("outer.conf"))));
    e = firstError(across);
    QCOMPARE(e.message, QStringLiteral("blocks nested deeper than 64"));
    QCOMPARE(e.where.file, dir.filePath(QStringLiteral("inner.conf")));
    QCOMPARE(e.where.line, 5);
    QCOMPARE(e.where.column, 3);

    // Ten thousand "server {" on one line: the same error, at its column.
    QByteArray oneLine;
    for (int i = 0; i < 10000; ++i)
        oneLine += "server {";
    const NginxSite flat(parseNginxConfig(oneLine, QStringLiteral("flat.conf")));
    e = firstError(flat);
    QCOMPARE(e.message, QStringLiteral("blocks nested deeper than 64"));
    QCOMPARE(e.where.line, 1);
    QCOMPARE(e.where.column, 64 * 8 + 1);
}

void TestNginxSite::hugeFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray huge;
    while (huge.size() < 9 * 1024 * 1024)
        huge += "# padding padding padding padding padding padding padding padding\n";
    writeFile(dir.filePath(QStringLiteral("huge.conf")), huge);
    const NginxSite big(readNginxConfig(dir.filePath(QStringLiteral("huge.conf"))));
    NginxError e = firstError(big);
    QCOMPARE(e.message, QStringLiteral("configuration larger than 8388608 bytes"));
    QCOMPARE(e.where.file, dir.filePath(QStringLiteral("huge.conf")));
    QCOMPARE(e.where.line, 1);
    QCOMPARE(e.where.column, 1);

    // Under the size limit but 300,000 directives: stopped at the 200,001st.
    QByteArray many;
    many.reserve(2 * 300000);
    for (int i = 0; i < 300000; ++i)
        many += "a;";
    const NginxConfig read = parseNginxConfig(many, QStringLiteral("many.conf"));
    QCOMPARE(read.errors.value(0).message, QStringLiteral("more than 200000 directives"));
    QCOMPARE(read.errors.value(0).where.line, 1);
    QCOMPARE(read.errors.value(0).where.column, 200000 * 2 + 1);

    // Many small files through globs: each read counts.
    QDir(dir.path()).mkdir(QStringLiteral("many"));
    for (int i = 0; i < 1100; ++i)
        writeFile(dir.filePath(QStringLiteral("many/%1.conf").arg(i, 4, 10, QLatin1Char('0'))), "");
    writeFile(dir.filePath(QStringLiteral("glob.conf")), "include many/*.conf;\n");
    const NginxSite files(readNginxConfig(dir.filePath(QStringLiteral("glob.conf"))));
    e = firstError(files);
    QCOMPARE(e.message, QStringLiteral("more than 1024 files included"));
    QCOMPARE(e.where.line, 1);
}

void TestNginxSite::binaryJunkAndNulBytes()
{
    // A NUL byte is named where it is (nginx would read it as part of a word).
    const NginxSite nul(parseNginxConfig(QByteArray("server {\n listen 80;", 20) + '\0' + "\n}\n",
                                         QStringLiteral("nul.conf")));
    NginxError e = firstError(nul);
    QCOMPARE(e.message, QStringLiteral("unexpected NUL byte (a binary file?)"));
    QCOMPARE(e.where.line, 2);
    QCOMPARE(e.where.column, 12);
    // In a comment it is harmless, as in nginx.
    const NginxSite comment(parseNginxConfig(
            QByteArray("# a") + '\0' + "b\nserver { listen 80; }\n", QStringLiteral("c.conf")));
    QVERIFY2(comment.errors().isEmpty(), qPrintable(firstError(comment).message));

    // Binary junk (every byte value): an error with a place, never a crash.
    QByteArray junk;
    for (int i = 0; i < 5000; ++i)
        junk.append(char((i * 7919 + 13) % 256));
    const NginxSite bad(parseNginxConfig(junk, QStringLiteral("junk.conf")));
    e = firstError(bad);
    QVERIFY(!e.message.isEmpty());
    QCOMPARE(e.where.file, QStringLiteral("junk.conf"));
    QVERIFY(e.where.line > 0);
    QVERIFY(e.where.column > 0);
}

// Unterminated strings and blocks: the real nginx -t's message and line, and a column.
void TestNginxSite::unterminatedAgreeWithNginx_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("column");
    QTest::newRow("double quote") << QByteArray("server {\n add_header X \"abc;\n}\n") << 1;
    QTest::newRow("single quote") << QByteArray("server {\n add_header X 'abc;\n}\n") << 1;
    QTest::newRow("blocks") << QByteArray("server {\n location / {\n  if ($a) {\n") << 1;
    QTest::newRow("directive") << QByteArray("server {\n listen 80") << 11;
    QTest::newRow("backslash at end") << QByteArray("server {\n add_header X a\\") << 17;
}

void TestNginxSite::unterminatedAgreeWithNginx()
{
    QFETCH(QByteArray, text);
    QFETCH(int, column);
    const NginxSite site(parseNginxConfig(text, QStringLiteral("u.conf")));
    QVERIFY(!site.errors().isEmpty());
    QCOMPARE(site.errors().first().where.column, column);
    const QString nginx = QStringLiteral("/usr/sbin/nginx");
    if (!QFileInfo::exists(nginx))
        QSKIP("no /usr/sbin/nginx (Debian nginx-light)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString conf = dir.filePath(QStringLiteral("n.conf"));
    writeFile(conf, "events {}\nhttp {\n" + text);
    QProcess p;
    p.start(nginx,
            {QStringLiteral("-t"), QStringLiteral("-p"), dir.path(), QStringLiteral("-c"), conf,
             QStringLiteral("-g"),
             QStringLiteral("error_log stderr; pid %1/nginx.pid;").arg(dir.path())});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAllStandardError());
    static const QRegularExpression re(QStringLiteral("\\[emerg\\] [0-9#]+: (.*) in (.*):(\\d+)"));
    const QRegularExpressionMatch m = re.match(out);
    QVERIFY2(m.hasMatch(), qPrintable(out));
    QCOMPARE(site.errors().first().message, m.captured(1));
    QCOMPARE(site.errors().first().where.line, m.captured(3).toInt() - 2);
}

QTEST_GUILESS_MAIN(TestNginxSite)
#include "tst_nginxsite.moc"
