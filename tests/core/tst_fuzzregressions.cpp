// SPDX-License-Identifier: MIT
// Bugs the fuzz targets of tests/fuzz found, each as the smallest input that showed it. Their
// inputs also stay in tests/fuzz/corpus/<target>/crash-*, replayed by ctest fuzz-replay/<target>;
// these tests say what was wrong. Run under the asan preset, memory errors fail them.

#include "browser/weborigin.h"
#include "python/settingsreader.h"

#include <QTest>

using namespace Cors;

class tst_FuzzRegressions : public QObject
{
    Q_OBJECT

private slots:
    void settingsReaderStopsAtTheEndOfRawData();
    void bracketedHostsMustBeIPv6();
};

void tst_FuzzRegressions::settingsReaderStopsAtTheEndOfRawData()
{
    // The tokenizer looked for the end of the first line with strcspn, relying on the NUL that
    // QByteArray puts after its data; fromRawData() has none, so it read past the buffer.
    static const char source[] = {'X', '=', '1'}; // no terminating NUL
    const SettingsReadResult read
            = readDjangoSettings(QByteArray::fromRawData(source, sizeof source));
    QVERIFY(read.ok);
    static const char comment[] = {'#'};
    QVERIFY(readDjangoSettings(QByteArray::fromRawData(comment, sizeof comment)).ok);
}

void tst_FuzzRegressions::bracketedHostsMustBeIPv6()
{
    // QUrl took RFC 3986's IPvFuture "[v1.x]" and gave the host without brackets, so the
    // origin serialised as http://ve.0... which is no origin at all. The URL Standard's host
    // parser (and Chromium) fail on a bracketed host that is not an IPv6 address.
    QVERIFY(!WebOrigin::parse(QStringLiteral("http://[ve.0.............]")));
    QVERIFY(!WebOrigin::parse(QStringLiteral("https://[v1.a]:8443/page")));
    QVERIFY(!WebOrigin::parse(QStringLiteral("https://[V1.A]")));
    QVERIFY(!WebOrigin::parse(QStringLiteral("http://user@[v7.host]:81")));
    QVERIFY(WebOrigin::fromUrl(QUrl(QStringLiteral("http://[v1.a]/"))).isOpaque());
    const auto v6 = WebOrigin::parse(QStringLiteral("http://[::1]:8080/x"));
    QVERIFY(v6);
    QCOMPARE(v6->serialize(), QStringLiteral("http://[::1]:8080"));
}

QTEST_GUILESS_MAIN(tst_FuzzRegressions)
#include "tst_fuzzregressions.moc"
