// SPDX-License-Identifier: MIT
#include "browser/weborigin.h"
#include "lint/publicsuffix.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

using namespace Cors;
using namespace Qt::StringLiterals;

class tst_LintPublicSuffix : public QObject
{
    Q_OBJECT

private slots:
    void systemListIsLoaded();
    void officialTestCases_data();
    void officialTestCases();
    void sections();
    void sameSite_data();
    void sameSite();
};

void tst_LintPublicSuffix::systemListIsLoaded()
{
    // The list comes from the system (libpsl + Debian's publicsuffix package); a missing one
    // would silently fall back to the implicit rule, so make it loud here.
    const PublicSuffixList &psl = PublicSuffixList::system();
    QVERIFY(psl.isLoaded());
    QVERIFY2(psl.sourceFile().startsWith(u"/usr/share/publicsuffix/"_s),
             qPrintable(psl.sourceFile()));
    QVERIFY(QFile::exists(psl.sourceFile()));
    // A rule of the private section only a real list has.
    QVERIFY(psl.match(u"x.blogspot.com"_s).privateSection);
}

void tst_LintPublicSuffix::officialTestCases_data()
{
    // tests/data/lint/test_psl.txt is the list's own test file (CC0), shipped with it:
    // checkPublicSuffix('host', 'registrable domain' or null).
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("expected");
    QFile file(QStringLiteral(CORS_TEST_DATA_DIR "/lint/test_psl.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    static const QRegularExpression call(
            QStringLiteral("^checkPublicSuffix\\((null|'([^']*)'), (null|'([^']*)')\\);"));
    int rows = 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QRegularExpressionMatch m = call.match(QString::fromUtf8(line.trimmed()));
        if (!m.hasMatch() || m.captured(1) == QLatin1String("null"))
            continue;
        const QString host = m.captured(2);
        const QString expected = m.captured(3) == QLatin1String("null") ? QString() : m.captured(4);
        QTest::addRow("%d %s", ++rows, qPrintable(host)) << host << expected;
    }
    QVERIFY(rows > 60);
}

void tst_LintPublicSuffix::officialTestCases()
{
    QFETCH(QString, host);
    QFETCH(QString, expected);
    // Hosts reach the list as origins carry them: lower-case Punycode. The test file mixes in
    // Unicode and upper case, so compare in that form.
    auto ace = [](const QString &text) {
        return text.isEmpty() ? text : QString::fromLatin1(QUrl::toAce(text)).toLower();
    };
    const QString input = host.startsWith(u'.') ? host : ace(host);
    QCOMPARE(PublicSuffixList::system().registrableDomain(input), ace(expected));
}

void tst_LintPublicSuffix::sections()
{
    const PublicSuffixList &psl = PublicSuffixList::system();
    auto m = psl.match(u"evil.github.io"_s);
    QCOMPARE(m.publicSuffix, u"github.io"_s);
    QCOMPARE(m.registrableDomain, u"evil.github.io"_s);
    QVERIFY(m.listed);
    QVERIFY(m.privateSection);

    m = psl.match(u"app.example.com"_s);
    QCOMPARE(m.publicSuffix, u"com"_s);
    QVERIFY(m.listed);
    QVERIFY(!m.privateSection);

    m = psl.match(u"app.example"_s); // unlisted TLD: the implicit rule
    QCOMPARE(m.publicSuffix, u"example"_s);
    QCOMPARE(m.registrableDomain, u"app.example"_s);
    QVERIFY(!m.listed);

    QVERIFY(psl.isPublicSuffix(u"github.io"_s));
    QVERIFY(psl.isPublicSuffix(u"localhost"_s));
    QVERIFY(!psl.isPublicSuffix(u"example.com"_s));
    QCOMPARE(psl.match(u"127.0.0.1"_s).publicSuffix, QString());
    QCOMPARE(psl.match(u"[::1]"_s).publicSuffix, QString());
    QCOMPARE(siteOfHost(u"127.0.0.1"_s), u"127.0.0.1"_s);

    // A list parsed from text: wildcard and exception rules, private section flags.
    const PublicSuffixList small = PublicSuffixList::fromData(
            "// ===BEGIN ICANN DOMAINS===\nck\n*.ck\n!www.ck\n// ===END ICANN DOMAINS===\n"
            "// ===BEGIN PRIVATE DOMAINS===\nhost.ck\n// ===END PRIVATE DOMAINS===\n");
    QVERIFY(small.isLoaded());
    QVERIFY(small.isPublicSuffix(u"ck"_s));
    QVERIFY(!small.isPublicSuffix(u"example.com"_s)); // not on this list: the implicit rule
    QCOMPARE(small.registrableDomain(u"a.b.ck"_s), u"a.b.ck"_s);
    QCOMPARE(small.registrableDomain(u"www.ck"_s), u"www.ck"_s);
    QCOMPARE(small.registrableDomain(u"x.www.ck"_s), u"www.ck"_s);
    QVERIFY(small.match(u"a.host.ck"_s).privateSection);
}

void tst_LintPublicSuffix::sameSite_data()
{
    // The table of browser-cors.md §1.6, plus the cases the two-label heuristic got wrong.
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("sameSite");
    QTest::newRow("subdomains") << "https://app.foo.com"
                                << "https://api.foo.com" << true;
    QTest::newRow("unlisted-tld") << "https://app.example"
                                  << "https://api.example" << false;
    QTest::newRow("scheme") << "https://app.example"
                            << "http://app.example" << false;
    QTest::newRow("port") << "https://app.example"
                          << "https://app.example:8443" << true;
    QTest::newRow("github-io") << "https://a.github.io"
                               << "https://b.github.io" << false;
    QTest::newRow("ip") << "http://127.0.0.1:8000"
                        << "http://127.0.0.1:9000" << true;
    QTest::newRow("co-uk") << "https://a.example.co.uk"
                           << "https://b.example.co.uk" << true;
    QTest::newRow("co-uk-different") << "https://example.co.uk"
                                     << "https://other.co.uk" << false;
    QTest::newRow("localhost") << "http://localhost:3000"
                               << "http://localhost:8000" << true;
    QTest::newRow("same-host-unlisted") << "https://api.example"
                                        << "https://api.example:444" << true;
    QTest::newRow("ipv6") << "http://[::1]:3000"
                          << "http://[::1]:8000" << true;
}

void tst_LintPublicSuffix::sameSite()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, sameSite);
    const auto first = WebOrigin::parse(a);
    const auto second = WebOrigin::parse(b);
    QVERIFY(first && second);
    QCOMPARE(first->isSameSite(*second), sameSite);
    QCOMPARE(second->isSameSite(*first), sameSite);
    // site() is what the linter compares on long lists: it must agree with isSameSite().
    QCOMPARE(first->site() == second->site(), sameSite);
    QVERIFY(!first->site().isEmpty());
}

QTEST_APPLESS_MAIN(tst_LintPublicSuffix)
#include "tst_lintpublicsuffix.moc"
