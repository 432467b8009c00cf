// SPDX-License-Identifier: MIT
// The security linter: for every rule of the catalogue a policy that triggers it and one that
// does not, and the rule's fix applied and checked (the finding is gone; an attacker origin is
// refused afterwards). Then the counterexamples derived from regexes, against the engine.

#include "pythonoracle.h"

#include "checks/entryvalidation.h"
#include "lint/linter.h"
#include "lint/sessioncookie.h"
#include "server/corsengine.h"

#include <QSet>
#include <QTest>

using namespace Cors;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Cors::Policy)
Q_DECLARE_METATYPE(Cors::LintContext)

namespace {

using Setting = std::pair<SettingId, PyValue>;

Policy policyOf(std::initializer_list<Setting> settings, Profile profile = Profile::V4)
{
    Policy policy(profile);
    for (const auto &[id, value] : settings)
        policy.setValue(id, value);
    return policy;
}

PyValue strs(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list.append(QString::fromUtf8(item));
    return PyValue::strList(list);
}

const PyValue True = PyValue::boolean(true);

LintContext withScenario(const QString &page, const QString &url)
{
    LintContext context;
    SavedScenario saved;
    saved.name = u"scenario"_s;
    saved.scenario.pageOrigin = page;
    saved.scenario.url = url;
    context.scenarios.append(saved);
    return context;
}

struct RuleCase
{
    QString id;
    Policy bad;
    Policy good;
    LintContext badContext;
    LintContext goodContext;
    /** The attacker origin the bad policy must report, if the rule proves one. */
    QString attacker;
};

QList<RuleCase> ruleCases()
{
    using S = SettingId;
    QList<RuleCase> c;
    auto add = [&](const char *id, Policy bad, Policy good, const char *attacker = "",
                   LintContext badContext = {}, LintContext goodContext = {}) {
        c.append({QString::fromLatin1(id), bad, good, badContext, goodContext,
                  QString::fromUtf8(attacker)});
    };
    const Setting creds {S::AllowCredentials, True};
    const Setting appOrigin {S::AllowedOrigins, strs({"https://app.example.com"})};
    auto regex = [](const char *pattern) {
        return Setting {S::AllowedOriginRegexes, strs({pattern})};
    };

    // ---- Origins ----
    add("allow-all-with-credentials", policyOf({{S::AllowAllOrigins, True}, creds}),
        policyOf({{S::AllowAllOrigins, True}}), "https://evil.test");
    add("allow-all-ignores-lists", policyOf({{S::AllowAllOrigins, True}, appOrigin}),
        policyOf({{S::AllowAllOrigins, True}}));
    add("origin-null", policyOf({{S::AllowedOrigins, strs({"null"})}}), policyOf({appOrigin}),
        "null");
    add("origin-file", policyOf({{S::AllowedOrigins, strs({"file://"})}}), policyOf({appOrigin}));
    add("origin-insecure-scheme",
        policyOf({{S::AllowedOrigins, strs({"http://app.example.com"})}, creds}),
        policyOf({appOrigin, creds}), "http://app.example.com");
    add("origin-local-network", policyOf({{S::AllowedOrigins, strs({"http://localhost:3000"})}}),
        policyOf({appOrigin}), "http://localhost:3000");
    add("origin-never-matches", policyOf({{S::AllowedOrigins, strs({"https://App.example.com"})}}),
        policyOf({appOrigin}));
    add("origin-unparseable", policyOf({{S::AllowedOrigins, strs({"http://[::1"})}}),
        policyOf({appOrigin}));
    add("entry-not-a-string",
        policyOf({{S::CsrfTrustedOrigins, PyValue::list({PyValue::integer(5)})}}),
        policyOf({{S::CsrfTrustedOrigins, strs({"https://app.example.com"})}}));
    add("duplicate-entry", policyOf({{S::AllowHeaders, strs({"x-a", "X-A"})}}),
        policyOf({{S::AllowHeaders, strs({"x-a", "x-b"})}}));

    // ---- Origin regexes ----
    add("regex-unanchored-end", policyOf({regex(R"(^https://app\.example\.com)")}),
        policyOf({regex(R"(^https://app\.example\.com$)")}), "https://app.example.com.evil.test");
    add("regex-ungrouped-alternation",
        policyOf({regex(R"(^https://a\.example\.com|https://b\.example\.com$)")}),
        policyOf({regex(R"(^(?:https://a\.example\.com|https://b\.example\.com)$)")}),
        "https://a.example.com.evil.test");
    add("regex-unescaped-dot", policyOf({regex(R"(^https://api.example.com$)")}),
        policyOf({regex(R"(^https://api\.example\.com$)")}), "https://apixexample.com");
    add("regex-wide-wildcard", policyOf({regex(R"(^https://.*example\.com$)")}),
        policyOf({regex(R"(^https://(?:[a-z0-9-]+\.)?example\.com$)")}), "https://evilexample.com");
    add("regex-public-suffix-wildcard", policyOf({regex(R"(^https://[a-z]+\.github\.io$)")}),
        policyOf({regex(R"(^https://[a-z]+\.example\.com$)")}), "https://evil.github.io");
    add("regex-subdomain-wildcard",
        policyOf({regex(R"(^https://[a-z0-9-]+\.example\.com$)"), creds}),
        policyOf({regex(R"(^https://[a-z0-9-]+\.example\.com$)")}), "https://takeover.example.com");
    add("regex-ignorecase", policyOf({regex(R"((?i)^https://app\.example\.com$)")}),
        policyOf({regex(R"(^https://app\.example\.com$)")}));
    add("regex-exact-origin", policyOf({regex(R"(^https://app\.example\.com$)")}),
        policyOf({regex(R"(^https://[a-z]+\.example\.com$)")}));
    add("regex-never-matches", policyOf({regex(R"(^https://App\.example\.com$)")}),
        policyOf({regex(R"(^https://app\.example\.com$)")}));
    add("regex-syntax", policyOf({regex("(")}),
        policyOf({regex(R"(^https://app\.example\.com$)")}));
    add("regex-unsupported", policyOf({regex(R"(^https://\N{DIGIT ONE}\.example$)")}),
        policyOf({regex(R"(^https://1\.example$)")}));

    // ---- Methods and headers ----
    add("header-forbidden", policyOf({{S::AllowHeaders, strs({"cookie"})}}),
        policyOf({{S::AllowHeaders, strs({"x-custom"})}}));
    add("header-misplaced", policyOf({{S::AllowHeaders, strs({"access-control-allow-origin"})}}),
        policyOf({{S::AllowHeaders, strs({"x-custom"})}}));
    add("header-not-a-token", policyOf({{S::AllowHeaders, strs({"x custom"})}}),
        policyOf({{S::AllowHeaders, strs({"x-custom"})}}));
    add("header-safelisted", policyOf({{S::AllowHeaders, strs({"accept", "x-custom"})}}),
        policyOf({{S::AllowHeaders, strs({"content-type", "x-custom"})}}));
    add("wildcard-with-credentials", policyOf({{S::AllowHeaders, strs({"*"})}, creds}),
        policyOf({{S::AllowHeaders, strs({"*"})}}));
    add("header-wildcard-authorization", policyOf({{S::AllowHeaders, strs({"*"})}}),
        policyOf({{S::AllowHeaders, strs({"*", "authorization"})}}));
    add("expose-safelisted", policyOf({{S::ExposeHeaders, strs({"Content-Type"})}}),
        policyOf({{S::ExposeHeaders, strs({"X-Total-Count"})}}));
    add("expose-forbidden", policyOf({{S::ExposeHeaders, strs({"Set-Cookie"})}}),
        policyOf({{S::ExposeHeaders, strs({"X-Total-Count"})}}));
    add("method-not-a-token", policyOf({{S::AllowMethods, strs({"PU T"})}}),
        policyOf({{S::AllowMethods, strs({"PUT"})}}));
    add("method-forbidden", policyOf({{S::AllowMethods, strs({"TRACE", "PUT"})}}),
        policyOf({{S::AllowMethods, strs({"PUT"})}}));
    add("method-case", policyOf({{S::AllowMethods, strs({"put"})}}),
        policyOf({{S::AllowMethods, strs({"PUT"})}}));
    add("method-unneeded", policyOf({{S::AllowMethods, strs({"GET", "PUT"})}}),
        policyOf({{S::AllowMethods, strs({"PUT"})}}));

    // ---- Preflight ----
    add("max-age-above-cap", policyOf({{S::PreflightMaxAge, PyValue::integer(100000)}}),
        policyOf({{S::PreflightMaxAge, PyValue::integer(600)}}));
    add("max-age-zero", policyOf({{S::PreflightMaxAge, PyValue::integer(0)}}),
        policyOf({{S::PreflightMaxAge, PyValue::integer(600)}}));
    add("private-network-with-allow-all",
        policyOf({{S::AllowAllOrigins, True}, {S::AllowPrivateNetwork, True}}),
        policyOf({appOrigin, {S::AllowPrivateNetwork, True}}));

    // ---- Scope and neighbours ----
    add("urls-regex-unanchored", policyOf({{S::UrlsRegex, PyValue::str(u"^/api"_s)}}),
        policyOf({{S::UrlsRegex, PyValue::str(u"^/api/"_s)}}));
    add("urls-regex-never-matches", policyOf({{S::UrlsRegex, PyValue::str(u"^api/"_s)}}),
        policyOf({{S::UrlsRegex, PyValue::str(u"^/api/"_s)}}));
    add("urls-regex-no-scenario", policyOf({{S::UrlsRegex, PyValue::str(u"^/api/"_s)}}),
        policyOf({{S::UrlsRegex, PyValue::str(u"^/api/"_s)}}), "",
        withScenario(u"https://app.example.com"_s, u"https://api.example.com/v2/items"_s),
        withScenario(u"https://app.example.com"_s, u"https://api.example.com/api/items"_s));
    add("csrf-untrusted-origin", policyOf({appOrigin, creds}),
        policyOf({appOrigin, creds, {S::CsrfTrustedOrigins, strs({"https://app.example.com"})}}));
    add("csrf-trusted-origin-form", policyOf({{S::CsrfTrustedOrigins, strs({"app.example.com"})}}),
        policyOf({{S::CsrfTrustedOrigins, strs({"https://app.example.com"})}}));
    {
        LintContext none;
        none.sessionCookieSameSite = u"None"_s;
        add("session-cookie-samesite", policyOf({appOrigin, creds}), policyOf({appOrigin, creds}),
            "", {}, none);
    }

    // ---- The Django stack around CorsMiddleware ----
    {
        auto stack = [](QStringList middleware, bool sslRedirect = false) {
            Deployment d;
            d.settings.middleware = middleware;
            d.settings.allowedHosts = {u"api.example.com"_s};
            d.settings.secureSslRedirect = sslRedirect;
            d.settings.lines.insert(u"MIDDLEWARE"_s, 1);
            LintContext context;
            context.deployment = d;
            return context;
        };
        const QString cors = u"corsheaders.middleware.CorsMiddleware"_s;
        const QString common = u"django.middleware.common.CommonMiddleware"_s;
        const QString security = u"django.middleware.security.SecurityMiddleware"_s;
        const QString session = u"django.contrib.sessions.middleware.SessionMiddleware"_s;
        const QString auth = u"django.contrib.auth.middleware.AuthenticationMiddleware"_s;
        const Policy p = policyOf({appOrigin, creds});
        add("stack-cors-missing", p, p, "", stack({common}), stack({cors, common}));
        add("stack-cors-below", p, p, "", stack({common, cors}), stack({cors, common}));
        add("stack-session-missing", p, p, "", stack({cors, auth, session}),
            stack({cors, session, auth}));
        Policy v4 = p;
        v4.setProfile(Profile::V4);
        add("stack-corspostcsrf-removed", v4, v4, "",
            stack({cors, u"corsheaders.middleware.CorsPostCsrfMiddleware"_s}), stack({cors}));
        add("stack-ssl-redirect-http", p, p, "", stack({cors, security}, true),
            stack({cors, security}));
        add("stack-not-modelled", p, p, "", stack({cors, u"myapp.middleware.Audit"_s}),
            stack({cors}));
        const QString csrf = u"django.middleware.csrf.CsrfViewMiddleware"_s;
        Policy trusted = p;
        trusted.setValue(S::CsrfTrustedOrigins, strs({"https://app.example.com"}));
        add("stack-csrf-untrusted-origin", p, trusted, "", stack({cors, common, csrf}),
            stack({cors, common, csrf}));
    }

    // ---- What the settings reader could not read ----
    {
        const Policy p = policyOf({appOrigin});
        LintContext unread;
        unread.unreadSettings.append({S::AllowAllOrigins, 164, u"a comprehension"_s});
        add("setting-unread", p, p, "", unread, LintContext {});
    }

    // ---- django-cors-headers' system checks ----
    const PyValue five = PyValue::integer(5);
    add("corsheaders.E001", policyOf({{S::AllowHeaders, five}}),
        policyOf({{S::AllowHeaders, strs({"x-a"})}}));
    add("corsheaders.E002", policyOf({{S::AllowMethods, five}}),
        policyOf({{S::AllowMethods, strs({"PUT"})}}));
    add("corsheaders.E003", policyOf({{S::AllowCredentials, PyValue::str(u"yes"_s)}}),
        policyOf({creds}));
    add("corsheaders.E004", policyOf({{S::PreflightMaxAge, PyValue::integer(-1)}}),
        policyOf({{S::PreflightMaxAge, PyValue::integer(600)}}));
    add("corsheaders.E005", policyOf({{S::AllowAllOrigins, PyValue::str(u"yes"_s)}}),
        policyOf({{S::AllowAllOrigins, PyValue::boolean(false)}}));
    add("corsheaders.E006", policyOf({{S::AllowedOrigins, five}}), policyOf({appOrigin}));
    add("corsheaders.E007", policyOf({{S::AllowedOriginRegexes, PyValue::list({five})}}),
        policyOf({regex(R"(^https://app\.example\.com$)")}));
    add("corsheaders.E008", policyOf({{S::ExposeHeaders, five}}),
        policyOf({{S::ExposeHeaders, strs({"x-a"})}}));
    add("corsheaders.E009", policyOf({{S::UrlsRegex, five}}),
        policyOf({{S::UrlsRegex, PyValue::str(u"^/api/"_s)}}));
    add("corsheaders.E011", policyOf({{S::ReplaceHttpsReferer, five}}, Profile::V3_14),
        policyOf({{S::ReplaceHttpsReferer, PyValue::boolean(false)}}, Profile::V3_14));
    add("corsheaders.E012", policyOf({{S::Model, PyValue::none()}}), policyOf({appOrigin}));
    add("corsheaders.E013", policyOf({{S::AllowedOrigins, strs({"example.com"})}}),
        policyOf({appOrigin}), "null");
    add("corsheaders.E014", policyOf({{S::AllowedOrigins, strs({"https://app.example.com/"})}}),
        policyOf({appOrigin}));
    add("corsheaders.E015", policyOf({{S::AllowPrivateNetwork, five}}),
        policyOf({{S::AllowPrivateNetwork, PyValue::boolean(false)}}));
    return c;
}

QList<Finding> withId(const QList<Finding> &findings, const QString &id)
{
    QList<Finding> out;
    for (const Finding &f : findings) {
        if (f.id == id)
            out.append(f);
    }
    return out;
}

QString describe(const QList<Finding> &findings)
{
    QStringList lines;
    for (const Finding &f : findings)
        lines.append(f.id + u' ' + settingName(f.setting) + u'[' + QString::number(f.entry) + u"] "
                     + f.message);
    return lines.join(u'\n');
}

} // namespace

class tst_Linter : public QObject
{
    Q_OBJECT

private slots:
    void everyRuleHasACase();
    void rules_data();
    void rules();
    void counterexamples_data();
    void counterexamples();
    void noFalseAlarms_data();
    void noFalseAlarms();
    void attackersAreAdmittedAndFixesRefuseThem();
    void legacyNamesAreKept();
    void writtenEntriesOnly();
    void noAttackerWithoutAnEnabledPath();
    void deterministicOrder();
    void sessionCookieSameSiteFromSettings();
    void regexFixesKeepWhatWasMeant();
    void systemCheckFixes();
    void stackCsrfTrustedOrigins_data();
    void stackCsrfTrustedOrigins();
    void stackCorsBelowFixIsTheExportRule();
    void missingSchemeFixProposesHttpOnLoopback_data();
    void missingSchemeFixProposesHttpOnLoopback();
    void regexMessagesShowThePatternAsWritten();
    void alikeEntryFindingsAreCountedPastTheLimit();
    void stackCsrfFindingsAreCountedPastTheLimit();
};

void tst_Linter::everyRuleHasACase()
{
    QSet<QString> covered;
    for (const RuleCase &c : ruleCases())
        covered.insert(c.id);
    for (const LintRule &rule : lintRules())
        QVERIFY2(covered.contains(rule.id), qPrintable(u"no bad/good case for "_s + rule.id));
    for (const QString &id : covered)
        QVERIFY2(lintRule(id), qPrintable(u"case for an unknown rule "_s + id));
}

void tst_Linter::rules_data()
{
    QTest::addColumn<int>("index");
    const QList<RuleCase> cases = ruleCases();
    for (int i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases.at(i).id)) << i;
}

void tst_Linter::rules()
{
    QFETCH(int, index);
    const RuleCase c = ruleCases().at(index);

    const QList<Finding> bad = lintPolicy(c.bad, c.badContext);
    const QList<Finding> found = withId(bad, c.id);
    QVERIFY2(!found.isEmpty(), qPrintable(u"not reported; got:\n"_s + describe(bad)));
    const QList<Finding> good = lintPolicy(c.good, c.goodContext);
    QVERIFY2(withId(good, c.id).isEmpty(),
             qPrintable(u"reported on the good policy:\n"_s + describe(good)));

    const Finding &f = found.first();
    QVERIFY(!f.message.isEmpty());
    QVERIFY(!f.fixText.isEmpty());
    if (!c.attacker.isEmpty()) {
        QCOMPARE(f.attackerOrigin.value_or(QString()), c.attacker);
        QVERIFY(f.attackRequest && f.attackRequest->startsWith(u"GET /"_s));
        QVERIFY(CorsEngine(c.bad).examineOrigin(c.attacker).allowed);
    }

    // Rules whose fix needs information the policy does not hold (a corrected regex, the
    // project's other settings, the intended paths) only say what to do.
    static const QStringList adviceOnly {
            u"allow-all-ignores-lists"_s,    u"regex-syntax"_s,
            u"regex-unsupported"_s,          u"regex-never-matches"_s,
            u"regex-subdomain-wildcard"_s,   u"urls-regex-no-scenario"_s,
            u"session-cookie-samesite"_s,    u"stack-cors-missing"_s,
            u"stack-cors-below"_s,           u"stack-session-missing"_s,
            u"stack-corspostcsrf-removed"_s, u"stack-ssl-redirect-http"_s,
            u"stack-not-modelled"_s,         u"setting-unread"_s,
    };
    const bool checkFinding = c.id.startsWith(u"corsheaders."_s) && c.id != u"corsheaders.E013"_s
            && c.id != u"corsheaders.E014"_s;
    if (!adviceOnly.contains(c.id) && !checkFinding)
        QVERIFY2(!f.fixes.isEmpty(), "the rule proposes no fix");

    // The fix, applied as the editor does (one step), removes the finding, and the attacker
    // origin is refused afterwards.
    if (f.fixes.isEmpty())
        return;
    const Policy fixed = applyFixes(c.bad, f.fixes);
    QVERIFY(fixed != c.bad);
    const QList<Finding> after = lintPolicy(fixed, c.badContext);
    for (const Finding &again : withId(after, c.id))
        QVERIFY2(again.setting != f.setting || again.entryText != f.entryText,
                 qPrintable(u"still reported after the fix:\n"_s + describe(after)));
    QVERIFY2(withId(after, c.id).size() < found.size(), qPrintable(describe(after)));
    if (f.attackerOrigin)
        QVERIFY(!CorsEngine(fixed).examineOrigin(*f.attackerOrigin).allowed);
    for (const PolicyFix &fix : f.fixes)
        QVERIFY(!fix.description.isEmpty());
}

void tst_Linter::counterexamples_data()
{
    // Counterexamples come from the pattern's tree, not from a list: each pattern gets the
    // origin its own mutation produces.
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("attacker");
    QTest::newRow("suffix") << R"(^https://shop\.example\.org)"
                            << "regex-unanchored-end"
                            << "https://shop.example.org.evil.test";
    QTest::newRow("suffix-alternatives") << R"(^https://(app|admin)\.example\.com)"
                                         << "regex-unanchored-end"
                                         << "https://app.example.com.evil.test";
    QTest::newRow("suffix-after-wildcard") << R"(^https://.*\.example\.net)"
                                           << "regex-unanchored-end"
                                           << "https://a.example.net.evil.test";
    QTest::newRow("suffix-no-scheme-host") << R"(^https?://)"
                                           << "regex-unanchored-end"
                                           << "http://evil.test";
    QTest::newRow("second-dot") << R"(^https://x\.y.example\.com$)"
                                << "regex-unescaped-dot"
                                << "https://x.yxexample.com";
    QTest::newRow("boundary") << R"(^https://.*shop\.com$)"
                              << "regex-wide-wildcard"
                              << "https://evilshop.com";
    QTest::newRow("port-span") << R"(^https://app\.example\.com.*$)"
                               << "regex-wide-wildcard"
                               << "https://app.example.com.evil.test";
    QTest::newRow("anything") << R"(https://.*)"
                              << "regex-wide-wildcard"
                              << "https://evil.test";
    QTest::newRow("tld") << R"(^https://example\.[a-z]+$)"
                         << "regex-wide-wildcard"
                         << "https://example.io";
    QTest::newRow("herokuapp") << R"(^https://\w+\.herokuapp\.com$)"
                               << "regex-public-suffix-wildcard"
                               << "https://evil.herokuapp.com";
    QTest::newRow("netlify-part") << R"(^https://\w+-preview\.netlify\.app$)"
                                  << "regex-public-suffix-wildcard"
                                  << "https://evil-preview.netlify.app";
    QTest::newRow("star-com") << R"(^https://[a-z]+\.com$)"
                              << "regex-public-suffix-wildcard"
                              << "https://evil.com";
    QTest::newRow("ungrouped") << R"(^https://www\.example\.com|^https://api\.example\.com$)"
                               << "regex-ungrouped-alternation"
                               << "https://www.example.com.evil.test";
    QTest::newRow("null") << R"(^null$)"
                          << "origin-null"
                          << "null";
    QTest::newRow("localhost-any-port") << R"(^http://localhost:\d+$)"
                                        << "origin-local-network"
                                        << "http://localhost:1";
}

void tst_Linter::counterexamples()
{
    QFETCH(QString, pattern);
    QFETCH(QString, id);
    QFETCH(QString, attacker);
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowedOriginRegexes, PyValue::strList({pattern}));
    const QList<Finding> findings = lintPolicy(policy);
    const QList<Finding> found = withId(findings, id);
    QVERIFY2(!found.isEmpty(), qPrintable(describe(findings)));
    QCOMPARE(found.first().attackerOrigin.value_or(QString()), attacker);
    QCOMPARE(found.first().entry, 0);
    QVERIFY(CorsEngine(policy).examineOrigin(attacker).allowed);
}

void tst_Linter::noFalseAlarms_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::newRow("readme") << R"(^https://\w+\.example\.com$)";
    QTest::newRow("optional-subdomain") << R"(^https://(?:[a-z0-9-]+\.)?example\.com$)";
    QTest::newRow("port") << R"(^https://example\.com(:\d+)?$)";
    QTest::newRow("unanchored-port") << R"(^https://example\.com:\d+)";
    QTest::newRow("string-end") << R"(^https://[a-z0-9]+\.example\.com\Z)";
    QTest::newRow("grouped") << R"(^(?:https://a\.example\.com|https://b\.example\.com)$)";
    QTest::newRow("bounded") << R"(^https://[a-z]{3,8}\.example\.dev$)";
}

void tst_Linter::noFalseAlarms()
{
    // Without credentials, a subdomain wildcard of one's own domain is fine; none of these
    // admits an origin someone else can register.
    QFETCH(QString, pattern);
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowedOriginRegexes, PyValue::strList({pattern}));
    const QList<Finding> findings = lintPolicy(policy);
    for (const Finding &f : findings) {
        QVERIFY2(f.severity != Finding::Severity::Error, qPrintable(describe(findings)));
        QVERIFY2(!f.attackerOrigin, qPrintable(describe(findings)));
    }
}

void tst_Linter::attackersAreAdmittedAndFixesRefuseThem()
{
    Policy policy(Profile::V3_14);
    policy.setValue(SettingId::AllowCredentials, True);
    policy.setValue(SettingId::AllowedOrigins,
                    strs({"https://app.example.com", "null", "http://partner.example.org"}));
    policy.setValue(SettingId::AllowedOriginRegexes,
                    strs({R"(^https://app\.example\.com)", R"(^https://api.example.com$)",
                          R"(^https://.*example\.com$)", R"(^https://[a-z]+\.github\.io$)",
                          R"(^https://a\.com|b\.com$)", R"(^https?://secure\.example\.com$)"}));
    const CorsEngine engine(policy);
    const QList<Finding> findings = lintPolicy(policy);
    int attackers = 0;
    for (const Finding &f : findings) {
        if (!f.attackerOrigin)
            continue;
        ++attackers;
        QVERIFY2(engine.examineOrigin(*f.attackerOrigin).allowed, qPrintable(*f.attackerOrigin));
        if (f.fixes.isEmpty())
            continue;
        QVERIFY2(!CorsEngine(applyFixes(policy, f.fixes)).examineOrigin(*f.attackerOrigin).allowed,
                 qPrintable(f.id + u' ' + *f.attackerOrigin));
    }
    QVERIFY(attackers >= 8);
}

void tst_Linter::legacyNamesAreKept()
{
    Policy policy(Profile::V3_14);
    policy.setValue(SettingId::OriginRegexWhitelist, strs({R"(^https://app\.example\.com)"}));
    const QList<Finding> found = withId(lintPolicy(policy), u"regex-unanchored-end"_s);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().setting, SettingId::OriginRegexWhitelist);
    const Policy fixed = applyFixes(policy, found.first().fixes);
    QVERIFY(!fixed.isSet(SettingId::AllowedOriginRegexes));
    QCOMPARE(*fixed.value(SettingId::OriginRegexWhitelist),
             strs({R"(^https://app\.example\.com$)"}));
}

void tst_Linter::writtenEntriesOnly()
{
    // user-agent and accept come with corsheaders.defaults.default_headers: not the user's.
    Policy policy(Profile::V4);
    PyValue splat = PyValue::defaultHeaders();
    splat.setStarred(true);
    policy.setValue(SettingId::AllowHeaders, PyValue::tuple({splat, PyValue::str(u"cookie"_s)}));
    const QList<Finding> findings = lintPolicy(policy);
    const QList<Finding> forbidden = withId(findings, u"header-forbidden"_s);
    QCOMPARE(forbidden.size(), 1);
    QCOMPARE(forbidden.first().entryText, u"cookie"_s);
    QVERIFY(withId(findings, u"header-safelisted"_s).isEmpty());
    // The fix removes the written entry and keeps the splat.
    const Policy fixed = applyFixes(policy, forbidden.first().fixes);
    QCOMPARE(*fixed.value(SettingId::AllowHeaders), PyValue::tuple({splat}));
}

void tst_Linter::noAttackerWithoutAnEnabledPath()
{
    // CORS_URLS_REGEX that matches no path: the origin rule is still wrong, but no origin gets
    // Access-Control-Allow-Origin anywhere, so none is reported as getting through.
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowedOriginRegexes, strs({R"(^https://app\.example\.com)"}));
    policy.setValue(SettingId::UrlsRegex, PyValue::str(u"^api/"_s));
    const QList<Finding> found = withId(lintPolicy(policy), u"regex-unanchored-end"_s);
    QCOMPARE(found.size(), 1);
    QVERIFY(!found.first().attackerOrigin);

    policy.setValue(SettingId::UrlsRegex, PyValue::str(u"^/api/.*$"_s));
    const QList<Finding> enabled = withId(lintPolicy(policy), u"regex-unanchored-end"_s);
    QCOMPARE(enabled.first().attackRequest.value_or(QString()), u"GET /api/"_s);
}

void tst_Linter::deterministicOrder()
{
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowCredentials, True);
    policy.setValue(SettingId::AllowedOrigins,
                    strs({"null", "http://localhost:3000", "https://A.example"}));
    policy.setValue(SettingId::AllowedOriginRegexes,
                    strs({R"(^https://.*)", R"(^https://a.b\.com$)"}));
    policy.setValue(SettingId::AllowMethods, strs({"get", "TRACE"}));
    const QList<Finding> first = lintPolicy(policy);
    QCOMPARE(lintPolicy(policy), first);
    for (int i = 1; i < first.size(); ++i)
        QVERIFY(int(first.at(i - 1).severity) <= int(first.at(i).severity));
    QVERIFY(hasErrors(first));
}

void tst_Linter::sessionCookieSameSiteFromSettings()
{
    // What Python binds the name to, module level, last assignment winning.
    CORS_REQUIRE_SYSTEM_PYTHON();
    const QList<QByteArray> modules {
            "SESSION_COOKIE_SAMESITE = 'None'\n",
            "SESSION_COOKIE_SAMESITE = \"Strict\"  # tight\nX = 1\n",
            "SESSION_COOKIE_SAMESITE = 'Lax'\nSESSION_COOKIE_SAMESITE = r'None'\n",
            "SESSION_COOKIE_SAMESITE = None\n",
            "SESSION_COOKIE_SAMESITE = False\n",
            "X = 1\n",
            "if True:\n    SESSION_COOKIE_SAMESITE = 'None'\n",
            "SESSION_COOKIE_SAMESITE = (\n    'None'\n)\n",
    };
    for (const QByteArray &module : modules) {
        const QByteArray python
                = Test::runPython(u"import sys\nns = {}\nexec(sys.stdin.read(), ns)\n"
                                  "v = ns.get('SESSION_COOKIE_SAMESITE', '<unset>')\n"
                                  "print('' if v in (None, False) else v, end='')"_s,
                                  module);
        const auto read = readSessionCookieSameSite(module);
        // The scan reads literal module-level assignments only; an `if` block or a
        // parenthesised value leaves Django's default in place (nullopt), never a wrong value.
        if (!read) {
            QVERIFY2(module.startsWith("X") || module.startsWith("if") || module.contains("(\n"),
                     module.constData());
            continue;
        }
        QCOMPARE(read->toUtf8(), python);
    }
}

void tst_Linter::regexFixesKeepWhatWasMeant()
{
    struct Case
    {
        QString pattern;
        bool credentials;
        QString id;
        QString attacker;
        QStringList kept; // origins the fixed pattern must still admit
    };
    const QList<Case> cases {
            // Two unanchored alternatives: a trailing $ alone would leave the first one open.
            {uR"(^https://example\.com|^https://www\.example\.com)"_s,
             false,
             u"regex-unanchored-end"_s,
             u"https://example.com.evil.test"_s,
             {u"https://example.com"_s, u"https://www.example.com"_s}},
            // A pattern written for plain http only, with credentials.
            {uR"(^http://app\.example\.org$)"_s,
             true,
             u"origin-insecure-scheme"_s,
             u"http://app.example.org"_s,
             {u"https://app.example.org"_s}},
            {uR"(^https?://secure\.example\.com$)"_s,
             true,
             u"origin-insecure-scheme"_s,
             u"http://secure.example.com"_s,
             {u"https://secure.example.com"_s}},
    };
    for (const Case &c : cases) {
        Policy policy(Profile::V4);
        policy.setValue(SettingId::AllowedOriginRegexes, PyValue::strList({c.pattern}));
        if (c.credentials)
            policy.setValue(SettingId::AllowCredentials, True);
        const QList<Finding> found = withId(lintPolicy(policy), c.id);
        QVERIFY2(found.size() == 1, qPrintable(c.pattern + u'\n' + describe(lintPolicy(policy))));
        const Finding &f = found.first();
        QCOMPARE(f.attackerOrigin.value_or(QString()), c.attacker);
        QVERIFY2(!f.fixes.isEmpty(), qPrintable(c.pattern));
        const CorsEngine fixed(applyFixes(policy, f.fixes));
        QVERIFY(!fixed.examineOrigin(c.attacker).allowed);
        for (const QString &origin : c.kept)
            QVERIFY2(fixed.examineOrigin(origin).allowed, qPrintable(origin));
        QVERIFY(withId(lintPolicy(applyFixes(policy, f.fixes)), c.id).isEmpty());
    }
}

void tst_Linter::systemCheckFixes()
{
    // A bare string where django-cors-headers 4.x wants a sequence (E002): the fix is the list
    // of that string; a non-bool credentials flag (E003): the bool Django treats it as.
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowMethods, PyValue::str(u"PUT"_s));
    policy.setValue(SettingId::AllowCredentials, PyValue::integer(1));
    const QList<Finding> findings = lintPolicy(policy);
    const QList<Finding> e002 = withId(findings, u"corsheaders.E002"_s);
    const QList<Finding> e003 = withId(findings, u"corsheaders.E003"_s);
    QCOMPARE(e002.size(), 1);
    QCOMPARE(e003.size(), 1);
    const Policy fixed = applyFixes(applyFixes(policy, e002.first().fixes), e003.first().fixes);
    QCOMPARE(*fixed.value(SettingId::AllowMethods), strs({"PUT"}));
    QCOMPARE(*fixed.value(SettingId::AllowCredentials), True);
    const QList<Finding> after = lintPolicy(fixed);
    QVERIFY(withId(after, u"corsheaders.E002"_s).isEmpty());
    QVERIFY(withId(after, u"corsheaders.E003"_s).isEmpty());
}

namespace {

const QString CorsMw = u"corsheaders.middleware.CorsMiddleware"_s;
const QString CommonMw = u"django.middleware.common.CommonMiddleware"_s;
const QString CsrfMw = u"django.middleware.csrf.CsrfViewMiddleware"_s;
const QString SecurityMw = u"django.middleware.security.SecurityMiddleware"_s;

LintContext deployed(const QStringList &middleware, QList<Route> routes = {})
{
    Deployment d;
    d.settings.middleware = middleware;
    d.settings.allowedHosts = {u"api.example.com"_s};
    d.routes = routes;
    LintContext context;
    context.deployment = d;
    return context;
}

} // namespace

void tst_Linter::stackCsrfTrustedOrigins_data()
{
    using S = SettingId;
    QTest::addColumn<Policy>("policy");
    QTest::addColumn<LintContext>("context");
    /** The CSRF reason the finding quotes, or empty when nothing is reported. */
    QTest::addColumn<QString>("reason");
    /** What the fix adds to CSRF_TRUSTED_ORIGINS. */
    QTest::addColumn<QString>("fix");
    const LintContext stack = deployed({CorsMw, CommonMw, CsrfMw});
    const Setting creds {S::AllowCredentials, True};
    const Setting app {S::AllowedOrigins, strs({"https://app.example.com"})};
    const Setting httpApp {S::AllowedOrigins, strs({"http://app.example.com"})};
    auto v314 = [](Policy p) {
        p.setProfile(Profile::V3_14);
        return p;
    };

    QTest::newRow("5.2-origin-not-trusted")
            << policyOf({app, creds}) << stack
            << u"Origin checking failed - https://app.example.com does not match any trusted origins."_s
            << u"https://app.example.com"_s;
    // Django 5.2 checks the Origin over plain HTTP too.
    QTest::newRow("5.2-http-origin")
            << policyOf({httpApp, creds}) << stack
            << u"Origin checking failed - http://app.example.com does not match any trusted origins."_s
            << u"http://app.example.com"_s;
    QTest::newRow("5.2-trusted") << policyOf(
            {app, creds, {S::CsrfTrustedOrigins, strs({"https://app.example.com"})}})
                                 << stack << QString() << QString();
    QTest::newRow("5.2-trusted-wildcard")
            << policyOf({app, creds, {S::CsrfTrustedOrigins, strs({"https://*.example.com"})}})
            << stack << QString() << QString();
    // An entry without scheme is never matched by 5.2: still refused.
    QTest::newRow("5.2-trusted-without-scheme")
            << policyOf({app, creds, {S::CsrfTrustedOrigins, strs({"app.example.com"})}}) << stack
            << u"Origin checking failed - https://app.example.com does not match any trusted origins."_s
            << u"https://app.example.com"_s;
    // The API's own origin passes as the same host.
    QTest::newRow("5.2-same-host")
            << policyOf({{S::AllowedOrigins, strs({"https://api.example.com"})}, creds}) << stack
            << QString() << QString();
    QTest::newRow("no-credentials") << policyOf({app}) << stack << QString() << QString();
    QTest::newRow("no-csrf-middleware")
            << policyOf({app, creds}) << deployed({CorsMw, CommonMw}) << QString() << QString();
    QTest::newRow("only-exempt-views") << policyOf({app, creds})
                                       << deployed({CorsMw, CommonMw, CsrfMw},
                                                   {{u"api/items/"_s, ViewKind::CsrfExempt, {}, {}},
                                                    {u"api/drf/"_s, ViewKind::Drf, {}, {}}})
                                       << QString() << QString();
    QTest::newRow("login-required-view")
            << policyOf({app, creds})
            << deployed({CorsMw, CommonMw, CsrfMw},
                        {{u"api/me/<int:pk>/"_s, ViewKind::LoginRequired, {}, {}}})
            << u"Origin checking failed - https://app.example.com does not match any trusted origins."_s
            << u"https://app.example.com"_s;

    // Django 3.2: the Referer of HTTPS requests, against host names.
    QTest::newRow("3.2-https-referer")
            << v314(policyOf({app, creds})) << stack
            << u"Referer checking failed - https://app.example.com/ does not match any trusted origins."_s
            << u"app.example.com"_s;
    QTest::newRow("3.2-trusted-host")
            << v314(policyOf({app, creds, {S::CsrfTrustedOrigins, strs({".example.com"})}}))
            << stack << QString() << QString();
    QTest::newRow("3.2-plain-http-not-checked")
            << v314(policyOf({httpApp, creds})) << stack << QString() << QString();
    // CORS_REPLACE_HTTPS_REFERER makes the Referer the API's own (CorsMiddleware's request phase).
    QTest::newRow("3.2-replace-https-referer")
            << v314(policyOf({app, creds, {S::ReplaceHttpsReferer, True}})) << stack << QString()
            << QString();
    // ... unless CorsPostCsrfMiddleware restores it before CsrfViewMiddleware looks.
    QTest::newRow("3.2-postcsrf-above-csrf")
            << v314(policyOf({app, creds, {S::ReplaceHttpsReferer, True}}))
            << deployed({CorsMw, CommonMw, u"corsheaders.middleware.CorsPostCsrfMiddleware"_s,
                         CsrfMw})
            << u"Referer checking failed - https://app.example.com/ does not match any trusted origins."_s
            << u"app.example.com"_s;
}

void tst_Linter::stackCsrfTrustedOrigins()
{
    QFETCH(Policy, policy);
    QFETCH(LintContext, context);
    QFETCH(QString, reason);
    QFETCH(QString, fix);
    const QList<Finding> all = lintPolicy(policy, context);
    const QList<Finding> found = withId(all, u"stack-csrf-untrusted-origin"_s);
    // With CsrfViewMiddleware in the deployment the stack rule replaces the estimate.
    if (context.deployment->settings.middleware.contains(CsrfMw))
        QVERIFY2(withId(all, u"csrf-untrusted-origin"_s).isEmpty(), qPrintable(describe(all)));
    if (reason.isEmpty()) {
        QVERIFY2(found.isEmpty(), qPrintable(describe(found)));
        return;
    }
    QCOMPARE(found.size(), 1);
    const Finding &f = found.first();
    QCOMPARE(f.djangoSetting, u"CSRF_TRUSTED_ORIGINS"_s);
    QVERIFY2(f.message.contains(reason), qPrintable(f.message));
    QVERIFY2(f.attackRequest && f.attackRequest->startsWith(u"POST http"_s)
                     && f.attackRequest->contains(u"api.example.com/"_s)
                     && f.attackRequest->endsWith(u"→ 403"_s),
             qPrintable(f.attackRequest.value_or(QString())));
    QVERIFY(f.attackRequest->contains(f.entryText));
    QCOMPARE(f.fixes.size(), 1);
    QCOMPARE(f.fixes.first().setting, SettingId::CsrfTrustedOrigins);
    QCOMPARE(f.fixes.first().value, PyValue::str(fix));
    QVERIFY(f.fixText.contains(fix));
    // The fix, applied, cures the request: the finding is gone.
    const Policy fixed = applyFixes(policy, f.fixes);
    QVERIFY2(withId(lintPolicy(fixed, context), f.id).isEmpty(),
             qPrintable(describe(lintPolicy(fixed, context))));
}

void tst_Linter::stackCorsBelowFixIsTheExportRule()
{
    const Policy p = policyOf({{SettingId::AllowedOrigins, strs({"https://app.example.com"})}});
    const QList<Finding> below = withId(
            lintPolicy(p, deployed({SecurityMw, CommonMw, CorsMw, CsrfMw})), u"stack-cors-below"_s);
    QCOMPARE(below.size(), 1);
    // Without SECURE_SSL_REDIRECT SecurityMiddleware never answers: CorsMiddleware goes just
    // above CommonMiddleware, as the Django export writes it.
    QVERIFY2(below.first().fixText.startsWith(
                     u"moved corsheaders.middleware.CorsMiddleware up, above CommonMiddleware"_s),
             qPrintable(below.first().fixText));
    const QList<Finding> missing = withId(lintPolicy(p, deployed({SecurityMw, CommonMw, CsrfMw})),
                                          u"stack-cors-missing"_s);
    QCOMPARE(missing.size(), 1);
    QVERIFY2(missing.first().fixText.startsWith(
                     u"added corsheaders.middleware.CorsMiddleware above CommonMiddleware"_s),
             qPrintable(missing.first().fixText));
}

void tst_Linter::missingSchemeFixProposesHttpOnLoopback_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("fixed");
    // A dev server on this machine serves plain http; everything else is proposed with https.
    QTest::newRow("localhost") << u"localhost:3000"_s << u"http://localhost:3000"_s;
    QTest::newRow("loopback-v4") << u"127.0.0.1:8000"_s << u"http://127.0.0.1:8000"_s;
    QTest::newRow("loopback-v4-other") << u"127.0.1.1:5173"_s << u"http://127.0.1.1:5173"_s;
    QTest::newRow("dot-localhost") << u"app.localhost:5173"_s << u"http://app.localhost:5173"_s;
    QTest::newRow("loopback-v6") << u"[::1]:8000"_s << u"http://[::1]:8000"_s;
    QTest::newRow("public-host") << u"example.com"_s << u"https://example.com"_s;
    QTest::newRow("public-host-port")
            << u"api.example.com:8443"_s << u"https://api.example.com:8443"_s;
    QTest::newRow("localhost-lookalike")
            << u"localhost.example.com:3000"_s << u"https://localhost.example.com:3000"_s;
}

void tst_Linter::missingSchemeFixProposesHttpOnLoopback()
{
    QFETCH(QString, entry);
    QFETCH(QString, fixed);
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowedOrigins, PyValue::strList({entry}));
    const QList<Finding> e013 = withId(lintPolicy(policy), u"corsheaders.E013"_s);
    QCOMPARE(e013.size(), 1);
    const Finding &f = e013.first();
    QVERIFY2(f.fixText.contains(fixed), qPrintable(f.fixText));
    QCOMPARE(*applyFixes(policy, f.fixes).value(SettingId::AllowedOrigins),
             PyValue::strList({fixed}));
    // On loopback the https spelling stays one sentence away, for a dev server with TLS.
    if (fixed.startsWith(u"http://"_s))
        QVERIFY2(f.fixText.contains(u"https://"_s + entry), qPrintable(f.fixText));
    // The editor says the same while the entry is typed.
    const QList<EntryIssue> issues
            = validateEntry(SettingId::AllowedOrigins, PyValue::str(entry), Profile::V4);
    QCOMPARE(issues.size(), 1);
    QVERIFY2(issues.first().message.contains(fixed), qPrintable(issues.first().message));
    // And so does CSRF_TRUSTED_ORIGINS, which needs the scheme under Django 4.
    Policy csrf(Profile::V4);
    csrf.setValue(SettingId::CsrfTrustedOrigins, PyValue::strList({entry}));
    const QList<Finding> form = withId(lintPolicy(csrf), u"csrf-trusted-origin-form"_s);
    QCOMPARE(form.size(), 1);
    QCOMPARE(*applyFixes(csrf, form.first().fixes).value(SettingId::CsrfTrustedOrigins),
             PyValue::strList({fixed}));
}

void tst_Linter::regexMessagesShowThePatternAsWritten()
{
    // Typed in the editor or written r'...' in settings.py, a pattern has single backslashes;
    // repr() would double them.
    const QString written = uR"(^https://app\.example\.com)"_s;
    const QString anchored = written + u'$';
    Policy unanchoredPolicy(Profile::V4);
    unanchoredPolicy.setValue(SettingId::AllowedOriginRegexes, PyValue::strList({written}));
    const QList<Finding> unanchored
            = withId(lintPolicy(unanchoredPolicy), u"regex-unanchored-end"_s);
    Policy duplicatePolicy(Profile::V4);
    duplicatePolicy.setValue(SettingId::AllowedOriginRegexes,
                             PyValue::strList({anchored, anchored}));
    const QList<Finding> duplicate = withId(lintPolicy(duplicatePolicy), u"duplicate-entry"_s);
    QCOMPARE(unanchored.size(), 1);
    QCOMPARE(duplicate.size(), 1);
    QVERIFY(!unanchored.first().fixes.isEmpty());
    QVERIFY(!duplicate.first().fixes.isEmpty());
    const auto check = [](const Finding &f, const QString &pattern) {
        // The message and each edit name the pattern; nothing doubles a backslash.
        QStringList texts {f.message};
        for (const PolicyFix &fix : f.fixes)
            texts.append(fix.description);
        for (const QString &text : std::as_const(texts)) {
            if (!text.contains(pattern))
                return text;
        }
        texts.append(f.fixText);
        for (const QString &text : std::as_const(texts)) {
            if (text.contains(uR"(\\)"_s))
                return text;
        }
        return QString();
    };
    QCOMPARE(check(unanchored.first(), written), QString());
    QCOMPARE(check(duplicate.first(), anchored), QString());
    // The proposed pattern too.
    QVERIFY2(unanchored.first().fixText.contains(anchored), qPrintable(unanchored.first().fixText));
}

void tst_Linter::alikeEntryFindingsAreCountedPastTheLimit()
{
    // A pasted allow-list: every origin lacks its CSRF_TRUSTED_ORIGINS entry.
    QStringList origins;
    for (int i = 0; i < 1000; ++i)
        origins.append(u"https://app%1.example.com"_s.arg(i));
    const Policy policy = policyOf({{SettingId::AllowedOrigins, PyValue::strList(origins)},
                                    {SettingId::AllowCredentials, True}});
    const QList<Finding> found = withId(lintPolicy(policy, {}), u"csrf-untrusted-origin"_s);
    QCOMPARE(found.size(), MaxEntryFindingsPerRule + 1);
    // The summary (no entry) sorts before the entries it follows.
    const Finding &summary = found.constFirst();
    QCOMPARE(summary.entry, -1);
    QCOMPARE(summary.setting, SettingId::AllowedOrigins);
    QVERIFY2(summary.message.startsWith(u"800 more entries of CORS_ALLOWED_ORIGINS have this "
                                        u"problem too"_s),
             qPrintable(summary.message));
    QVERIFY(summary.fixes.isEmpty());
    for (int i = 1; i <= MaxEntryFindingsPerRule; ++i) {
        QCOMPARE(found.at(i).entry, i - 1);
        QCOMPARE(found.at(i).entryText, origins.at(i - 1));
        QCOMPARE(found.at(i).fixes.size(), 1);
    }

    // At the limit, nothing is summarised.
    const Policy limit = policyOf(
            {{SettingId::AllowedOrigins, PyValue::strList(origins.mid(0, MaxEntryFindingsPerRule))},
             {SettingId::AllowCredentials, True}});
    const QList<Finding> all = withId(lintPolicy(limit, {}), u"csrf-untrusted-origin"_s);
    QCOMPARE(all.size(), MaxEntryFindingsPerRule);
    QVERIFY(std::all_of(all.begin(), all.end(), [](const Finding &f) { return f.entry >= 0; }));
}

void tst_Linter::stackCsrfFindingsAreCountedPastTheLimit()
{
    QStringList origins;
    for (int i = 0; i < MaxEntryFindingsPerRule + 50; ++i)
        origins.append(u"https://app%1.example.com"_s.arg(i));
    const Policy policy = policyOf({{SettingId::AllowedOrigins, PyValue::strList(origins)},
                                    {SettingId::AllowCredentials, True}});
    const QList<Finding> found = withId(lintPolicy(policy, deployed({CorsMw, CommonMw, CsrfMw})),
                                        u"stack-csrf-untrusted-origin"_s);
    QCOMPARE(found.size(), MaxEntryFindingsPerRule + 1);
    const auto summary = std::find_if(found.begin(), found.end(),
                                      [](const Finding &f) { return f.djangoSetting.isEmpty(); });
    QVERIFY(summary != found.end());
    QVERIFY2(summary->message.startsWith(u"50 more entries of CORS_ALLOWED_ORIGINS"_s),
             qPrintable(summary->message));
    // The listed ones are the first origins, each with its checked fix.
    for (const Finding &f : found) {
        if (&f == &*summary)
            continue;
        QCOMPARE(f.fixes.size(), 1);
        QVERIFY(origins.indexOf(f.entryText) < MaxEntryFindingsPerRule);
    }
}

QTEST_APPLESS_MAIN(tst_Linter)
#include "tst_linter.moc"
