// SPDX-License-Identifier: MIT
#include "nginx/nginxconfig.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Cors;

class TestNginxConfig : public QObject
{
    Q_OBJECT

private slots:
    void directivesAndBlocks();
    void quotingAndEscapes();
    void comments();
    void syntaxErrors_data();
    void syntaxErrors();
    void syntaxErrorsAgreeWithNginx_data() { syntaxErrors_data(); }
    void syntaxErrorsAgreeWithNginx();
    void includeGlobAndLoop();
    void binaryJunkNeverCrashes();
};

static void writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

void TestNginxConfig::directivesAndBlocks()
{
    const NginxConfig c
            = parseNginxConfig("server {\n  listen 80;\n  location = /a { return 204; }\n}\n",
                               QStringLiteral("site.conf"));
    QVERIFY(c.ok());
    QCOMPARE(c.directives.size(), 1);
    const NginxDirective &server = c.directives.first();
    QCOMPARE(server.name, QStringLiteral("server"));
    QVERIFY(server.hasBlock);
    QCOMPARE(server.block.size(), 2);
    QCOMPARE(server.block.at(0).args, QStringList {QStringLiteral("80")});
    QCOMPARE(server.block.at(1).args, (QStringList {QStringLiteral("="), QStringLiteral("/a")}));
    QCOMPARE(server.block.at(1).where.line, 3);
    QCOMPARE(server.block.at(1).where.column, 3);
    QCOMPARE(server.block.at(1).block.first().args, QStringList {QStringLiteral("204")});
}

void TestNginxConfig::quotingAndEscapes()
{
    const NginxConfig c = parseNginxConfig("add_header X \"a b\\\"c\\n\" always;\nset $x "
                                           "'it\\'s';\nset $y a\\;b;\nset ${z} \"\\d\";\n",
                                           QStringLiteral("f"));
    QVERIFY2(c.ok(), qPrintable(c.errors.value(0).message));
    QCOMPARE(c.directives.size(), 4);
    QCOMPARE(c.directives.at(0).args,
             (QStringList {QStringLiteral("X"), QStringLiteral("a b\"c\n"),
                           QStringLiteral("always")}));
    QCOMPARE(c.directives.at(1).args.at(1), QStringLiteral("it's"));
    // nginx unescapes only \" \' \\ \t \r \n; "\;" keeps its backslash.
    QCOMPARE(c.directives.at(2).args.at(1), QStringLiteral("a\\;b"));
    QCOMPARE(c.directives.at(3).args,
             (QStringList {QStringLiteral("${z}"), QStringLiteral("\\d")}));
}

void TestNginxConfig::comments()
{
    const NginxConfig c = parseNginxConfig("# top\nlisten 80; # trailing\nadd_header a#b c;\n",
                                           QStringLiteral("f"));
    QVERIFY(c.ok());
    QCOMPARE(c.directives.size(), 2);
    QCOMPARE(c.directives.at(1).args.first(), QStringLiteral("a#b"));
}

// Messages and lines as `nginx -t` (1.22) prints them for the same text.
void TestNginxConfig::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::newRow("stray }") << QByteArray("listen 80;\n}\n") << "unexpected \"}\"" << 2;
    QTest::newRow("eof in block") << QByteArray("server {\nlisten 80;\n")
                                  << "unexpected end of file, expecting \"}\"" << 3;
    QTest::newRow("eof in directive") << QByteArray("server {\nlisten 80\n")
                                      << "unexpected end of file, expecting \";\" or \"}\"" << 3;
    QTest::newRow("} after args") << QByteArray("server {\nlisten 80 }\n") << "unexpected \"}\""
                                  << 2;
    QTest::newRow("lone ;") << QByteArray("server {\n;\n}\n") << "unexpected \";\"" << 2;
    QTest::newRow("after quote") << QByteArray("set $a \"x\"y;\n") << "unexpected \"y\"" << 1;
    QTest::newRow("not terminated") << QByteArray("server {\nlisten 80 {\n}\n}\n")
                                    << "directive \"listen\" is not terminated by \";\"" << 2;
    QTest::newRow("no opening") << QByteArray("server;\n")
                                << "directive \"server\" has no opening \"{\"" << 1;
}

void TestNginxConfig::syntaxErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QFETCH(int, line);
    const NginxConfig c = parseNginxConfig(text, QStringLiteral("t.conf"));
    QCOMPARE(c.errors.size(), 1);
    QCOMPARE(c.errors.first().message, message);
    QCOMPARE(c.errors.first().where.line, line);
    QCOMPARE(c.errors.first().where.file, QStringLiteral("t.conf"));
}

// The same texts inside `http {` given to the real `nginx -t`: same message, same line.
void TestNginxConfig::syntaxErrorsAgreeWithNginx()
{
    const QString nginx = QStringLiteral("/usr/sbin/nginx");
    if (!QFileInfo::exists(nginx))
        QSKIP("no /usr/sbin/nginx (Debian nginx-light)");
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QFETCH(int, line);
    if (QByteArray(QTest::currentDataTag()) == "stray }")
        QSKIP("inside http { the stray } closes http; nginx then reports the context error");
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
    QCOMPARE(m.captured(1), message);
    QCOMPARE(m.captured(3).toInt() - 2, line);
    const NginxConfig c = parseNginxConfig(text, QStringLiteral("t.conf"));
    QCOMPARE(c.errors.value(0).message, m.captured(1));
}

void TestNginxConfig::includeGlobAndLoop()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir(dir.path()).mkdir(QStringLiteral("sites"));
    writeFile(dir.filePath(QStringLiteral("nginx.conf")), "http {\ninclude sites/*.conf;\n}\n");
    writeFile(dir.filePath(QStringLiteral("sites/b.conf")), "server { listen 2; }\n");
    writeFile(dir.filePath(QStringLiteral("sites/a.conf")), "server { listen 1; }\n");
    writeFile(dir.filePath(QStringLiteral("sites/.hidden.conf")), "broken {\n");
    NginxConfig c = readNginxConfig(dir.filePath(QStringLiteral("nginx.conf")));
    QVERIFY2(c.ok(), qPrintable(c.errors.value(0).message));
    const auto &http = c.directives.first().block;
    QCOMPARE(http.size(), 2);
    QCOMPARE(http.at(0).block.first().args.first(), QStringLiteral("1"));
    QVERIFY(http.at(0).where.file.endsWith(QLatin1String("sites/a.conf")));

    writeFile(dir.filePath(QStringLiteral("loop.conf")), "include loop.conf;\n");
    c = readNginxConfig(dir.filePath(QStringLiteral("loop.conf")));
    QCOMPARE(c.errors.size(), 1);
    QVERIFY(c.errors.first().message.contains(QLatin1String("include loop")));

    c = readNginxConfig(dir.filePath(QStringLiteral("missing.conf")));
    QCOMPARE(c.errors.size(), 1);
    QVERIFY(c.errors.first().message.startsWith(QLatin1String("open() ")));
}

void TestNginxConfig::binaryJunkNeverCrashes()
{
    QByteArray junk;
    for (int i = 0; i < 20000; ++i)
        junk.append(char((i * 7919) % 256));
    parseNginxConfig(junk, QStringLiteral("junk"));
    QByteArray deep;
    for (int i = 0; i < 10000; ++i)
        deep.append("server {");
    const NginxConfig c = parseNginxConfig(deep, QStringLiteral("deep"));
    QVERIFY(!c.ok());
}

QTEST_GUILESS_MAIN(TestNginxConfig)
#include "tst_nginxconfig.moc"
