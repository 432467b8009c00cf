// SPDX-License-Identifier: MIT
// Context and argument errors of an nginx configuration, each compared with what the real
// `nginx -t` (Debian nginx-light) says about the same text; hostile input gives a clear error.
#include "nginx/nginxsite.h"

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
    void hostileInput();
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

void TestNginxSite::hostileInput()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // An include loop through two files.
    writeFile(dir.filePath(QStringLiteral("a.conf")), "include b.conf;\n");
    writeFile(dir.filePath(QStringLiteral("b.conf")), "include a.conf;\n");
    NginxSite loop(readNginxConfig(dir.filePath(QStringLiteral("a.conf"))));
    QVERIFY(!loop.errors().isEmpty());
    QVERIFY(loop.errors().first().message.contains(QLatin1String("include loop")));
    // Deep nesting of locations.
    QByteArray deep = "server {\n";
    for (int i = 0; i < 200; ++i)
        deep += "location /" + QByteArray(i + 1, 'a') + " {\n";
    const NginxSite nested(parseNginxConfig(deep, QStringLiteral("deep.conf")));
    QVERIFY(!nested.errors().isEmpty());
    QVERIFY(nested.errors().first().message.contains(QLatin1String("nested deeper than")));
    // A huge file: the size limit, named.
    QByteArray huge;
    while (huge.size() < 9 * 1024 * 1024)
        huge += "# padding padding padding padding padding padding padding padding\n";
    writeFile(dir.filePath(QStringLiteral("huge.conf")), huge);
    const NginxSite big(readNginxConfig(dir.filePath(QStringLiteral("huge.conf"))));
    QVERIFY(!big.errors().isEmpty());
    QVERIFY(big.errors().first().message.contains(QLatin1String("larger than")));
    // Binary junk: an nginx-worded error, never a crash.
    QByteArray junk;
    for (int i = 0; i < 5000; ++i)
        junk.append(char((i * 7919 + 13) % 256));
    const NginxSite bad(parseNginxConfig(junk, QStringLiteral("junk.conf")));
    QVERIFY(!bad.errors().isEmpty());
    QVERIFY(bad.errors().first().where.line > 0);
}

QTEST_GUILESS_MAIN(TestNginxSite)
#include "tst_nginxsite.moc"
