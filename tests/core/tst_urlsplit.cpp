// SPDX-License-Identifier: MIT
#include "io/jsonwriter.h"
#include "python/urlsplit.h"
#include "pythonoracle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cors;

class tst_UrlSplit : public QObject
{
    Q_OBJECT

private slots:
    void matchesPython();
    void knownShapes_data();
    void knownShapes();
    void ipAddresses_data();
    void ipAddresses();

private:
    static QStringList corpus();
};

QStringList tst_UrlSplit::corpus()
{
    QStringList urls = {
            QStringLiteral("https://example.com"),
            QStringLiteral("https://example.com/"),
            QStringLiteral("https://example.com/foo?x=1#f"),
            QStringLiteral("HTTPS://Example.COM"),
            QStringLiteral("https://example.com:443"),
            QStringLiteral("https://example.com:"),
            QStringLiteral("https://u:p@example.com:8080/x"),
            QStringLiteral("http://[::1]:8000"),
            QStringLiteral("http://[::1"),
            QStringLiteral("http://::1]"),
            QStringLiteral("http://[example]"),
            QStringLiteral("http://[127.0.0.1]"),
            QStringLiteral("http://[v1.fe80::a+en1]"),
            QStringLiteral("http://[v1.]"),
            QStringLiteral("http://[vz.x]"),
            QStringLiteral("http://[V1.x]"),
            QStringLiteral("http://[fe80::1%25eth0]:80"),
            QStringLiteral("http://[fe80::1%eth0]"),
            QStringLiteral("http://[fe80::1%]"),
            QStringLiteral("http://[::ffff:1.2.3.4]"),
            QStringLiteral("http://[::ffff:1.2.3.04]"),
            QStringLiteral("http://[1:2:3:4:5:6:7:8]"),
            QStringLiteral("http://[1:2:3:4:5:6:7:8:9]"),
            QStringLiteral("http://[1::2::3]"),
            QStringLiteral("http://[:1:2:3:4:5:6:7]"),
            QStringLiteral("http://[1:2:3:4:5:6:7:]"),
            QStringLiteral("http://[::]"),
            QStringLiteral("http://[1::]"),
            QStringLiteral("http://[::1:2:3:4:5:6:7]"),
            QStringLiteral("http://[12345::]"),
            QStringLiteral("http://[::g]"),
            QStringLiteral("http://x[::1]"),
            QStringLiteral("http://[::1]x"),
            QStringLiteral("http://[::1]:x"),
            QStringLiteral("http://a@[::1]:1"),
            QStringLiteral("http://[::1]@a.com"),
            QStringLiteral("http://a]b@[::1]"),
            QStringLiteral("null"),
            QStringLiteral("NULL"),
            QStringLiteral("file://"),
            QStringLiteral("file:///etc/passwd"),
            QStringLiteral("FILE:"),
            QStringLiteral("file:/etc"),
            QStringLiteral("//evil.com"),
            QStringLiteral("javascript:x"),
            QStringLiteral("localhost:3000"),
            QStringLiteral("example.com"),
            QStringLiteral("1http://x"),
            QStringLiteral("h_t://x"),
            QStringLiteral("a+b-c.d://x"),
            QStringLiteral(":x"),
            QStringLiteral(""),
            QStringLiteral(" https://lead.example"),
            QStringLiteral("https://trail.example "),
            QStringLiteral("\x01\x1f https://ctl.example"),
            QStringLiteral("https://exa\tmple.com"),
            QStringLiteral("ht\ntps://x.example"),
            QStringLiteral("https://ex\rample.com/\n"),
            QStringLiteral("https://example.com https://x.com"),
            QStringLiteral("https://xn--bcher-kva.example"),
            QString::fromUtf8("https://bücher.example"),
            QString::fromUtf8("https://\u2100.example"),
            QString::fromUtf8("https://a\uFF0Fb.example"),
            QString::fromUtf8("https://a\uFF20b.example"),
            QString::fromUtf8("https://\u2474.example"),
            QString::fromUtf8("https://ex\u00e9.example/\u00e9"),
            QStringLiteral("https://*.example.com"),
            QStringLiteral("https://example.com;p"),
            QStringLiteral("https://example.com?#"),
            QStringLiteral("https://example.com#a?b"),
            QStringLiteral("https:example.com"),
            QStringLiteral("https:/example.com"),
            QStringLiteral("https:///x"),
            QStringLiteral("not a url"),
            QString::fromUtf8("\u00e9://x"),
    };
    // Every origin shape crossed with a few decorations, to reach combinations by construction.
    const QStringList hosts = {QStringLiteral("a.example"), QStringLiteral("[::1]"),
                               QStringLiteral("u@h"), QStringLiteral("h:1")};
    const QStringList tails = {QString(), QStringLiteral("/"), QStringLiteral("?q"),
                               QStringLiteral("#f"), QStringLiteral("]")};
    for (const QString &scheme : {QStringLiteral("http://"), QStringLiteral("Ws://"), QString()}) {
        for (const QString &host : hosts) {
            for (const QString &tail : tails)
                urls.append(scheme + host + tail);
        }
    }
    return urls;
}

void tst_UrlSplit::matchesPython()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    const QStringList urls = corpus();
    QByteArray input;
    for (const QString &url : urls) {
        JsonWriter::appendString(input, url);
        input += '\n';
    }
    const QByteArray output = Test::runPython(QStringLiteral(R"(
import json, sys
from urllib.parse import urlsplit
for line in sys.stdin:
    url = json.loads(line)
    try:
        print(json.dumps(list(urlsplit(url))))
    except ValueError as e:
        print(json.dumps({"error": str(e)}))
)"),
                                              input);
    const QList<QByteArray> lines = output.trimmed().split('\n');
    QCOMPARE(lines.size(), urls.size());
    int compared = 0;
    // Each URL twice, the second time in reverse order: urlsplit remembers recent answers per
    // thread, so the second pass reads them back after others have taken their slots.
    for (qsizetype n = 0; n < 2 * urls.size(); ++n) {
        const qsizetype i = n < urls.size() ? n : 2 * urls.size() - 1 - n;
        const QJsonDocument expected = QJsonDocument::fromJson(lines.at(i));
        QString error;
        const auto actual = Py::urlsplit(urls.at(i), &error);
        const QByteArray context
                = QJsonDocument(QJsonArray {urls.at(i)}).toJson(QJsonDocument::Compact);
        if (expected.isObject()) {
            QVERIFY2(!actual, context.constData());
            QCOMPARE(error, expected.object().value(QLatin1String("error")).toString());
        } else {
            QVERIFY2(actual, QByteArray(context + " raised " + error.toUtf8()).constData());
            const QJsonArray parts = expected.array();
            QCOMPARE(actual->scheme, parts.at(0).toString());
            QCOMPARE(actual->netloc, parts.at(1).toString());
            QCOMPARE(actual->path, parts.at(2).toString());
            QCOMPARE(actual->query, parts.at(3).toString());
            QCOMPARE(actual->fragment, parts.at(4).toString());
        }
        ++compared;
    }
    QCOMPARE(compared, 2 * urls.size());
}

void tst_UrlSplit::knownShapes_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("netloc");
    // From the reference §2.5 (verified on Python 3.11).
    QTest::newRow("scheme-lowercased") << QStringLiteral("HTTPS://example.com") << "https"
                                       << "example.com";
    QTest::newRow("netloc-case-kept") << QStringLiteral("https://EXAMPLE.com") << "https"
                                      << "EXAMPLE.com";
    QTest::newRow("localhost-port-is-scheme") << QStringLiteral("localhost:3000") << "localhost"
                                              << "";
    QTest::newRow("null") << QStringLiteral("null") << ""
                          << "";
    QTest::newRow("tab-removed") << QStringLiteral("https://exa\tmple.com") << "https"
                                 << "example.com";
    QTest::newRow("trailing-space-kept") << QStringLiteral("https://a.com ") << "https"
                                         << "a.com ";
}

void tst_UrlSplit::knownShapes()
{
    QFETCH(QString, url);
    QFETCH(QString, scheme);
    QFETCH(QString, netloc);
    const auto split = Py::urlsplit(url);
    QVERIFY(split);
    QCOMPARE(split->scheme, scheme);
    QCOMPARE(split->netloc, netloc);
}

void tst_UrlSplit::ipAddresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("v4");
    QTest::addColumn<bool>("v6");
    QTest::newRow("v4") << "1.2.3.4" << true << false;
    QTest::newRow("v4-leading-zero") << "1.2.3.04" << false << false;
    QTest::newRow("v4-256") << "1.2.3.256" << false << false;
    QTest::newRow("v6-loopback") << "::1" << false << true;
    QTest::newRow("v6-mapped") << "::ffff:1.2.3.4" << false << true;
    QTest::newRow("v6-scope") << "fe80::1%eth0" << false << true;
    QTest::newRow("v6-empty-scope") << "fe80::1%" << false << false;
    QTest::newRow("v6-two-gaps") << "1::2::3" << false << false;
}

void tst_UrlSplit::ipAddresses()
{
    QFETCH(QString, text);
    QFETCH(bool, v4);
    QFETCH(bool, v6);
    QCOMPARE(Py::isPythonIPv4Address(text), v4);
    QCOMPARE(Py::isPythonIPv6Address(text), v6);
}

QTEST_APPLESS_MAIN(tst_UrlSplit)
#include "tst_urlsplit.moc"
