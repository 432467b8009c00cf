// SPDX-License-Identifier: MIT
// The origin-regex prefilter: the texts a pattern requires, the backtracking bound that says when
// skipping it is exact, and the allow-list decision with the prefilter against Python's re.

#include "pythonoracle.h"

#include "policy/policy.h"
#include "python/pyregex.h"
#include "python/pyregexliterals.h"
#include "server/originlists.h"
#include "server/regexprefilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cors;

namespace {

Py::RequiredTexts textsOf(const QString &pattern, int flags = 0)
{
    const Py::Regex regex = Py::Regex::compile(pattern, flags);
    if (!regex.syntaxTree())
        return {};
    return Py::requiredTexts(*regex.syntaxTree(), int(pattern.size()));
}

// Patterns of every shape the prefilter treats differently; none backtracks for long on the
// origins below, so Python answers each of them.
struct Pattern
{
    QString text;
    int flags = 0;
};
const QList<Pattern> &corpus()
{
    static const QList<Pattern> patterns {
            {QStringLiteral(R"(^https://([a-z0-9-]+\.)?tenant1\.(example|sample)\.(com|org)$)")},
            {QStringLiteral(R"(^https?://(www|app|api)\.brand2-[a-z]+\.example\.net(:\d{2,5})?$)")},
            {QStringLiteral(R"(^https://app\.example\.com$)")},
            {QStringLiteral(R"((?i)^https://CASE\.example\.org$)")},
            {QStringLiteral(R"(^https://(?:foo|bar)\.shop\.io)")},
            {QStringLiteral(R"(https://partner\.io|^http://legacy\.partner\.io)")},
            {QStringLiteral(R"(^https://[^.]+\.preview\.dev$)")},
            {QStringLiteral(R"(^http://localhost:\d+$)")},
            {QStringLiteral(R"(^https://x(?=y)yz\.lookahead\.com$)")},
            {QStringLiteral("^https://caf\u00e9\\.example$")},
            {QStringLiteral(R"(^https://a*a*a*b\.poly\.com)")},
            {QStringLiteral(R"(^https://(a|b)*c\.exp\.com)")},
            {QStringLiteral(R"(^https://tenant1\.example\.com$)")},
            {QStringLiteral(R"(^https://tenant1[0-9]\.example\.com$)")},
            {QStringLiteral(R"(\Ahttps://anchored\.example\.com\Z)")},
            {QStringLiteral(R"(^https://x{3}\.rep\.com$)")},
            {QStringLiteral(R"(^https://upper\.example\.com$)"), PyReFlag::IgnoreCase},
            {QStringLiteral(R"(^https://(?P<sub>[a-z]+)\.(?P=sub)\.double\.com$)")},
            {QStringLiteral(R"(^https://dot.any\.com$)")},
            {QStringLiteral(R"(^https://esc\-dash\.example\.com$)")},
            {QStringLiteral(R"(^https://(?i:MiXeD)\.example\.com$)")},
            {QStringLiteral(R"(^https://[a-z]+\.tenant1\.example\.com)")},
    };
    return patterns;
}

QStringList origins()
{
    QStringList list {
            QStringLiteral("https://pr-7.tenant1.example.org"),
            QStringLiteral("https://tenant1.sample.com"),
            QStringLiteral("https://tenant1.sample.co"),
            QStringLiteral("http://app.brand2-eu.example.net:8443"),
            QStringLiteral("https://www.brand2-x.example.net"),
            QStringLiteral("https://www.brand2-.example.net"),
            QStringLiteral("https://app.example.com"),
            QStringLiteral("https://app.example.com.evil"),
            QStringLiteral("HTTPS://case.EXAMPLE.org"),
            QStringLiteral("https://foo.shop.io.anything"),
            QStringLiteral("https://baz.shop.io"),
            QStringLiteral("https://partner.io"),
            QStringLiteral("http://legacy.partner.io"),
            QStringLiteral("https://x.partner.io"),
            QStringLiteral("https://feature-1.preview.dev"),
            QStringLiteral("https://a.b.preview.dev"),
            QStringLiteral("http://localhost:3000"),
            QStringLiteral("http://localhost:"),
            QStringLiteral("https://xyz.lookahead.com"),
            QStringLiteral("https://xz.lookahead.com"),
            QStringLiteral("https://caf\u00e9.example"),
            QStringLiteral("https://cafe.example"),
            QStringLiteral("https://aaab.poly.com"),
            QStringLiteral("https://aaaaaaaaaaaaaaaaaaaaaaab.poly.com"),
            QStringLiteral("https://aaac.poly.com"),
            QStringLiteral("https://ababbac.exp.com"),
            QStringLiteral("https://ababba.exp.com"),
            QStringLiteral("https://tenant1.example.com"),
            QStringLiteral("https://tenant17.example.com"),
            QStringLiteral("https://tenant177.example.com"),
            QStringLiteral("https://anchored.example.com"),
            QStringLiteral("https://anchored.example.com\n"),
            QStringLiteral("https://xxx.rep.com"),
            QStringLiteral("https://xx.rep.com"),
            QStringLiteral("https://UPPER.example.COM"),
            QStringLiteral("https://abc.abc.double.com"),
            QStringLiteral("https://abc.abd.double.com"),
            QStringLiteral("https://dot-any.com"),
            QStringLiteral("https://dotXany.com"),
            QStringLiteral("https://esc-dash.example.com"),
            QStringLiteral("https://mixed.example.com"),
            QStringLiteral("https://MIXED.example.com"),
            QStringLiteral("https://MIXED.EXAMPLE.com"),
            QStringLiteral("https://deep.tenant1.example.com"),
            QStringLiteral("https://tenant1.example.com.tenant1.example.org"),
            QStringLiteral("https://evil.example"),
            QStringLiteral("http://"),
            QStringLiteral(""),
    };
    // Near misses: every origin with one unit changed, dropped or doubled somewhere.
    const QStringList base = list;
    for (const QString &origin : base) {
        for (qsizetype at : {qsizetype(8), origin.size() / 2, origin.size() - 1}) {
            if (at < 0 || at >= origin.size())
                continue;
            QString changed = origin;
            changed[at] = changed[at] == u'a' ? u'b' : u'a';
            list << changed << QString(origin).remove(at, 1)
                 << QString(origin).insert(at, origin[at]);
        }
    }
    // Longer than some patterns' backtracking bound, so those are matched, not prefiltered.
    list << QStringLiteral("https://") + QString(150, u'q') + QStringLiteral(".tenant1.example.org")
         << QStringLiteral("https://") + QString(150, u'a') + QStringLiteral("b.poly.com");
    list.removeDuplicates();
    return list;
}

QStringList latin(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list << QString::fromLatin1(item);
    return list;
}

Policy policyWith(const QList<Pattern> &patterns)
{
    QList<PyValue> items;
    for (const Pattern &p : patterns)
        items.append(p.flags ? PyValue::pattern(p.text, p.flags) : PyValue::str(p.text));
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowedOriginRegexes, PyValue::list(items));
    return policy;
}

} // namespace

class tst_RegexPrefilter : public QObject
{
    Q_OBJECT

private slots:
    void requiredTexts_data();
    void requiredTexts();
    void candidates();
    void decisionsAgreeWithPython();
    void catastrophicPatternsAreNotSkipped();
};

void tst_RegexPrefilter::requiredTexts_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QStringList>("texts");
    // The prefilter may skip the pattern for origins up to this long: at least / at most.
    QTest::addColumn<int>("atLeast");
    QTest::addColumn<int>("atMost");

    QTest::newRow("tenant") << QStringLiteral(
            R"(^https://([a-z0-9-]+\.)?tenant1\.(example|sample)\.(com|org)$)")
                            << 0 << latin({".", "https://", "tenant1."}) << 100 << 100000;
    QTest::newRow("optional s ends a text")
            << QStringLiteral(R"(^https?://(www|app)\.b-[a-z]+\.example\.net(:\d{2,5})?$)") << 0
            << latin({".b-", ".example.net", "://", "http"}) << 60 << 100000;
    QTest::newRow("groups are entered")
            << QStringLiteral(R"(^(https://(?:www\.)example)\.com$)") << 0
            << latin({"https://www.example.com"}) << 1000 << 1000000;
    QTest::newRow("top-level alternation")
            << QStringLiteral(R"(^https://a\.com|^https://b\.com)") << 0 << latin({}) << -1 << -1;
    QTest::newRow("inline ignorecase")
            << QStringLiteral(R"((?i)^https://a\.com$)") << 0 << latin({}) << -1 << -1;
    QTest::newRow("compiled ignorecase")
            << QStringLiteral(R"(^https://a\.com$)") << 2 << latin({}) << -1 << -1;
    QTest::newRow("scoped ignorecase") << QStringLiteral(R"(^https://(?i:aB)\.com$)") << 0
                                       << latin({".com", "https://"}) << 1000 << 1000000;
    QTest::newRow("look-ahead ends a text")
            << QStringLiteral(R"(^ab(?=c)cd$)") << 0 << latin({"ab", "cd"}) << 1000 << 1000000;
    QTest::newRow("non-ASCII ends a text") << QStringLiteral("^https://caf\u00e9\\.x$") << 0
                                           << latin({".x", "https://caf"}) << 1000 << 1000000;
    QTest::newRow("exponential: never")
            << QStringLiteral(R"(^(a+)+b$)") << 0 << latin({"b"}) << -1 << -1;
    QTest::newRow("alternation under a star: never")
            << QStringLiteral(R"(^(a|b)*c$)") << 0 << latin({"c"}) << -1 << -1;
    QTest::newRow("backreference: never")
            << QStringLiteral(R"(^(a)\1x$)") << 0 << latin({"x"}) << -1 << -1;
    QTest::newRow("polynomial: short origins only")
            << QStringLiteral(R"(^a*a*a*a*b)") << 0 << latin({"b"}) << 5 << 40;
}

void tst_RegexPrefilter::requiredTexts()
{
    QFETCH(QString, pattern);
    QFETCH(int, flags);
    QFETCH(QStringList, texts);
    QFETCH(int, atLeast);
    QFETCH(int, atMost);
    const Py::RequiredTexts required = textsOf(pattern, flags);
    QStringList got;
    for (const QString &text : required.texts)
        got << text;
    if (atMost < 0) {
        // Never skipped (an empty origin has nothing to backtrack over): which texts were found
        // does not matter then.
        QVERIFY2(required.maxSubjectLength <= 0,
                 qPrintable(QString::number(required.maxSubjectLength)));
        return;
    }
    QCOMPARE(got, texts);
    QVERIFY2(required.maxSubjectLength >= atLeast && required.maxSubjectLength <= atMost,
             qPrintable(QString::number(required.maxSubjectLength)));
}

void tst_RegexPrefilter::candidates()
{
    std::vector<Py::RequiredTexts> required;
    for (const Pattern &p : corpus())
        required.push_back(textsOf(p.text, p.flags));
    const RegexPrefilter prefilter(required);
    QVERIFY(!prefilter.isEmpty());
    // Under IGNORECASE, a top-level alternation or a backreference nothing is ruled out.
    for (int unfiltered : {3, 5, 11, 16, 17})
        QVERIFY2(!prefilter.filters(unfiltered, 30), qPrintable(corpus().at(unfiltered).text));
    // The polynomial pattern only for short origins.
    QVERIFY(prefilter.filters(10, 8));
    QVERIFY(!prefilter.filters(10, 60));

    std::vector<int> found;
    prefilter.candidates(u"https://pr-7.tenant1.example.org", found);
    QCOMPARE(found, std::vector<int> {0});
    prefilter.candidates(u"http://app.brand2-eu.example.net:8443", found);
    QCOMPARE(found, std::vector<int> {1});
    // "tenant1." is the key of the first pattern; "tenant17." does not contain it.
    prefilter.candidates(u"https://pr-7.tenant17.example.org", found);
    QCOMPARE(found, std::vector<int> {});
    prefilter.candidates(u"https://tenant1.example.com", found);
    QCOMPARE(found, (std::vector<int> {0, 12, 13, 20}));
    prefilter.candidates(u"https://deep.tenant1.example.com", found);
    QCOMPARE(found, (std::vector<int> {0, 20, 21}));
    prefilter.candidates(u"", found);
    QCOMPARE(found, std::vector<int> {});
}

void tst_RegexPrefilter::decisionsAgreeWithPython()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    const QStringList subjects = origins();
    QJsonArray patterns;
    for (const Pattern &p : corpus())
        patterns.append(QJsonArray {p.text, p.flags});
    QJsonObject request;
    request.insert(QStringLiteral("patterns"), patterns);
    request.insert(QStringLiteral("origins"), QJsonArray::fromStringList(subjects));
    const QByteArray input = QJsonDocument(request).toJson(QJsonDocument::Compact);
    const QByteArray output = Test::runPython(QStringLiteral(R"(
import json, re, sys
data = json.load(sys.stdin)
compiled = [re.compile(p, f) if f else p for p, f in data["patterns"]]
def first(origin):
    for i, p in enumerate(compiled):
        if re.match(p, origin):
            return i
    return -1
print(json.dumps([first(o) for o in data["origins"]]))
)"),
                                              input);
    const QJsonArray expected = QJsonDocument::fromJson(output).array();
    QCOMPARE(expected.size(), subjects.size());

    const OriginLists lists(policyWith(corpus()));
    int admitted = 0;
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        const QString &origin = subjects.at(i);
        const int want = expected.at(i).toInt();
        const std::optional<Py::SplitResult> split = Py::urlsplit(origin);
        if (!split)
            continue;
        const OriginDecision d = lists.decide(origin, *split);
        const QString context = QStringLiteral("%1: Python %2, decide() %3 %4")
                                        .arg(origin)
                                        .arg(want)
                                        .arg(d.allowed)
                                        .arg(d.entry);
        QVERIFY2(d.error.isEmpty(), qPrintable(context + QStringLiteral(" ") + d.error));
        QVERIFY2(d.allowed == (want >= 0), qPrintable(context));
        if (want >= 0)
            QVERIFY2(d.entry == want, qPrintable(context));
        admitted += want >= 0;
        bool ascii = true;
        for (QChar c : origin)
            ascii = ascii && c.unicode() < 0x80;
        if (!ascii)
            continue;
        const auto quick
                = lists.quickDecide(origin, OriginLists::indexKey(split->scheme, split->netloc));
        if (quick)
            QVERIFY2(quick->allowed == (want >= 0), qPrintable(context));
    }
    // The corpus admits through most patterns, and refuses most near misses.
    QVERIFY2(admitted > 40 && admitted < subjects.size() / 2,
             qPrintable(QString::number(admitted)));
}

void tst_RegexPrefilter::catastrophicPatternsAreNotSkipped()
{
    // The subject lacks the "b" each last pattern requires, so a prefilter that ignored
    // backtracking would call it refused; Python never finishes, and the engine says so.
    const QList<Pattern> head {{QStringLiteral(R"(^https://a\.com$)")},
                               {QStringLiteral(R"(^https://b\.com$)")},
                               {QStringLiteral(R"(^https://c\.com$)")},
                               {QStringLiteral(R"(^https://d\.com$)")}};
    const struct
    {
        QString pattern;
        QString subject;
    } cases[] {
            {QStringLiteral(R"(^(a+)+b$)"), QString(32, u'a') + u'!'},
            {QStringLiteral(R"(^(a|aa)*b)"), QString(60, u'a') + u'!'},
            {QStringLiteral(R"(^a*a*a*a*a*b)"), QString(80, u'a') + u'!'},
    };
    for (const auto &c : cases) {
        const OriginLists lists(policyWith(QList<Pattern>(head) << Pattern {c.pattern}));
        const auto split = Py::urlsplit(c.subject);
        QVERIFY(split);
        const OriginDecision d = lists.decide(c.subject, *split);
        QVERIFY2(d.stuck, qPrintable(c.pattern));
        QCOMPARE(d.entry, 4);
        QVERIFY(!lists.quickDecide(c.subject, OriginLists::indexKey(split->scheme, split->netloc)));
    }
}

QTEST_APPLESS_MAIN(tst_RegexPrefilter)

#include "tst_regexprefilter.moc"
