// SPDX-License-Identifier: MIT
#include "browser/weborigin.h"
#include "checks/entryvalidation.h"
#include "checks/systemchecks.h"
#include "server/corsengine.h"

#include <QTest>

using namespace Cors;
using namespace Qt::StringLiterals;

class tst_EntryValidation : public QObject
{
    Q_OBJECT

private slots:
    void origins_data();
    void origins();
    void agreesWithDjangoChecks_data();
    void agreesWithDjangoChecks();
    void neverMatchingEntriesReallyNeverMatch_data();
    void neverMatchingEntriesReallyNeverMatch();
    void regexErrorsCarryThePosition();
    void headersAndMethods_data();
    void headersAndMethods();
    void duplicatesAndBareStrings();
    void csrfFormDependsOnProfile();
};

namespace {

QStringList codes(const QList<EntryIssue> &issues)
{
    QStringList out;
    for (const EntryIssue &i : issues)
        out.append(i.code);
    return out;
}

Policy withOrigins(const QStringList &origins, Profile profile = Profile::V4)
{
    Policy policy(profile);
    policy.setValue(SettingId::AllowedOrigins, PyValue::strList(origins));
    return policy;
}

} // namespace

void tst_EntryValidation::origins_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("fine") << "https://app.example" << QStringList();
    QTest::newRow("with-port") << "http://localhost:5173" << QStringList();
    QTest::newRow("ipv6") << "http://[::1]:8000" << QStringList();
    QTest::newRow("no-scheme") << "app.example" << QStringList {u"missing-scheme"_s};
    QTest::newRow("localhost-port") << "localhost:3000" << QStringList {u"missing-scheme"_s};
    QTest::newRow("trailing-slash") << "https://app.example/" << QStringList {u"trailing-slash"_s};
    QTest::newRow("path") << "https://app.example/api" << QStringList {u"path"_s};
    QTest::newRow("uppercase-host") << "https://App.example" << QStringList {u"uppercase"_s};
    QTest::newRow("default-port") << "https://app.example:443" << QStringList {u"default-port"_s};
    QTest::newRow("userinfo") << "https://u@app.example" << QStringList {u"userinfo"_s};
    QTest::newRow("wildcard") << "https://*.example.com" << QStringList {u"wildcard"_s};
    QTest::newRow("unicode-host") << QString::fromUtf8("https://b\u00fccher.example")
                                  << QStringList {u"uppercase"_s};
    QTest::newRow("unparseable") << "http://[::1" << QStringList {u"unparseable"_s};
    QTest::newRow("null") << "null" << QStringList {u"null"_s};
    QTest::newRow("trailing-space") << "https://app.example " << QStringList {u"whitespace"_s};
}

void tst_EntryValidation::origins()
{
    QFETCH(QString, entry);
    QFETCH(QStringList, expected);
    QCOMPARE(codes(validateEntry(SettingId::AllowedOrigins, PyValue::str(entry), Profile::V4)),
             expected);
}

void tst_EntryValidation::agreesWithDjangoChecks_data()
{
    QTest::addColumn<QString>("entry");
    for (const char *entry :
         {"https://a.example", "a.example", "https://", "https://a.example/",
          "https://a.example/p?q=1#f", "https://a.example?#", "https://a.example;p",
          "localhost:3000", "*", "", "NULL", "FILE://", "null", "file://", " https://a.example",
          "https://*.a.example", "HTTPS://A.EXAMPLE:443/"})
        QTest::newRow(entry) << QString::fromLatin1(entry);
}

void tst_EntryValidation::agreesWithDjangoChecks()
{
    // The editor's errors are Django's E013/E014, entry for entry (the checks themselves are
    // verified against django-cors-headers).
    QFETCH(QString, entry);
    const Policy policy = withOrigins({entry});
    const SystemCheckResult checks = runSystemChecks(policy);
    const QStringList ours = codes(validateEntries(policy, SettingId::AllowedOrigins));
    const bool e013
            = std::any_of(checks.errors.begin(), checks.errors.end(), [](const CheckMessage &m) {
                  return m.id == QLatin1String("corsheaders.E013");
              });
    const bool e014
            = std::any_of(checks.errors.begin(), checks.errors.end(), [](const CheckMessage &m) {
                  return m.id == QLatin1String("corsheaders.E014");
              });
    QCOMPARE(ours.contains(QStringLiteral("missing-scheme")), e013);
    QCOMPARE(ours.contains(QStringLiteral("path"))
                     || ours.contains(QStringLiteral("trailing-slash")),
             e014);
}

void tst_EntryValidation::neverMatchingEntriesReallyNeverMatch_data()
{
    QTest::addColumn<QString>("entry");
    QTest::newRow("uppercase") << "https://App.Example";
    QTest::newRow("default-port") << "https://app.example:443";
    QTest::newRow("http-default-port") << "http://app.example:80";
    QTest::newRow("userinfo") << "https://user@app.example";
    QTest::newRow("unicode") << QString::fromUtf8("https://b\u00fccher.example");
}

void tst_EntryValidation::neverMatchingEntriesReallyNeverMatch()
{
    // The Origin a browser sends for the page the entry means is refused by the engine.
    QFETCH(QString, entry);
    const auto page = WebOrigin::parse(entry);
    QVERIFY(page);
    const CorsEngine engine(withOrigins({entry}));
    QVERIFY2(!engine.examineOrigin(page->serialize()).allowed, qPrintable(page->serialize()));
    QVERIFY(!validateEntry(SettingId::AllowedOrigins, PyValue::str(entry), Profile::V4).isEmpty());
}

void tst_EntryValidation::regexErrorsCarryThePosition()
{
    const QList<EntryIssue> issues
            = validateEntry(SettingId::AllowedOriginRegexes,
                            PyValue::str(QStringLiteral("^https://(a|b\\.com$")), Profile::V4);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().code, QStringLiteral("regex-syntax"));
    QCOMPARE(issues.first().position, 9);
    QVERIFY(issues.first().message.contains(
            QLatin1String("missing ), unterminated subpattern at position 9")));
    QVERIFY(validateEntry(SettingId::AllowedOriginRegexes,
                          PyValue::pattern(QStringLiteral("^https://a\\.example$"), 2), Profile::V4)
                    .isEmpty());
}

void tst_EntryValidation::headersAndMethods_data()
{
    QTest::addColumn<int>("setting");
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QStringList>("expected");
    const int allow = int(SettingId::AllowHeaders);
    const int expose = int(SettingId::ExposeHeaders);
    const int methods = int(SettingId::AllowMethods);
    QTest::newRow("custom") << allow << "x-custom" << QStringList();
    QTest::newRow("forbidden") << allow << "Cookie" << QStringList {u"forbidden-header"_s};
    QTest::newRow("sec") << allow << "sec-fetch-mode" << QStringList {u"forbidden-header"_s};
    QTest::newRow("space") << allow << "x custom" << QStringList {u"not-a-token"_s};
    QTest::newRow("star") << allow << "*" << QStringList {u"wildcard"_s};
    QTest::newRow("expose-set-cookie")
            << expose << "Set-Cookie" << QStringList {u"forbidden-header"_s};
    QTest::newRow("expose-safelisted") << expose << "Content-Type" << QStringList {u"safelisted"_s};
    QTest::newRow("method") << methods << "PATCH" << QStringList();
    QTest::newRow("method-lower-normalised")
            << methods << "delete" << QStringList {u"method-case"_s};
    QTest::newRow("method-lower-custom") << methods << "patch" << QStringList();
    QTest::newRow("method-forbidden") << methods << "TRACE" << QStringList {u"forbidden-method"_s};
}

void tst_EntryValidation::headersAndMethods()
{
    QFETCH(int, setting);
    QFETCH(QString, entry);
    QFETCH(QStringList, expected);
    QCOMPARE(codes(validateEntry(SettingId(setting), PyValue::str(entry), Profile::V4)), expected);
}

void tst_EntryValidation::duplicatesAndBareStrings()
{
    const Policy policy
            = withOrigins({QStringLiteral("https://a.example"), QStringLiteral("HTTPS://a.example"),
                           QStringLiteral("https://b.example")});
    const QList<EntryIssue> issues = validateEntries(policy, SettingId::AllowedOrigins);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().code, QStringLiteral("duplicate"));
    QCOMPARE(issues.first().index, 1);

    // A bare string is iterated per character, as Django does: every character is an entry.
    Policy bare(Profile::V3_14);
    bare.setValue(SettingId::AllowedOrigins, PyValue::str(QStringLiteral("https://a")));
    QCOMPARE(settingEntries(bare, SettingId::AllowedOrigins).size(), 9);

    // Headers compare case-insensitively.
    Policy headers(Profile::V4);
    headers.setValue(SettingId::AllowHeaders,
                     PyValue::strList({QStringLiteral("X-A"), QStringLiteral("x-a")}));
    QCOMPARE(codes(validateEntries(headers, SettingId::AllowHeaders)),
             QStringList {QStringLiteral("duplicate")});
}

void tst_EntryValidation::csrfFormDependsOnProfile()
{
    const PyValue host = PyValue::str(QStringLiteral("app.example"));
    const PyValue url = PyValue::str(QStringLiteral("https://app.example"));
    QCOMPARE(codes(validateEntry(SettingId::CsrfTrustedOrigins, host, Profile::V4)),
             QStringList {u"missing-scheme"_s});
    QVERIFY(validateEntry(SettingId::CsrfTrustedOrigins, url, Profile::V4).isEmpty());
    QVERIFY(validateEntry(SettingId::CsrfTrustedOrigins, host, Profile::V3_14).isEmpty());
    QCOMPARE(codes(validateEntry(SettingId::CsrfTrustedOrigins, url, Profile::V3_14)),
             QStringList {u"path"_s});
}

QTEST_APPLESS_MAIN(tst_EntryValidation)
#include "tst_entryvalidation.moc"
