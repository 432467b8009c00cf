// SPDX-License-Identifier: MIT
#include "pythonoracle.h"

#include "python/pyregex.h"
#include "python/pyregexast.h"
#include "python/pyregexunicode.h"
#include "python/pyvalue.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace Cors;
using namespace Cors::Py;
using namespace Qt::StringLiterals;

namespace {

const QString oracleScript
        = QStringLiteral(CORS_SOURCE_DIR "/tests/differential/pyregex_oracle.py");
const QString corpusFile = QStringLiteral(CORS_TEST_DATA_DIR "/pyregex/corpus.jsonl");
const QString probesFile = QStringLiteral(CORS_TEST_DATA_DIR "/pyregex/classes.jsonl");

/** Runs the oracle script; an empty result (with a warning) if it fails or takes too long. */
QByteArray runOracle(const QStringList &arguments)
{
    QProcess process;
    process.start(Test::systemPython(), QStringList {oracleScript} + arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (!process.waitForFinished(300000)) {
        process.kill();
        process.waitForFinished();
        qWarning("pyregex_oracle.py timed out");
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning("pyregex_oracle.py failed: %s", process.readAllStandardError().constData());
        return {};
    }
    return process.readAllStandardOutput();
}

QList<QJsonObject> jsonLines(const QByteArray &data)
{
    QList<QJsonObject> out;
    for (const QByteArray &line : data.split('\n')) {
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** A short, printable rendering of a pattern for row names and messages. */
QString preview(const QString &text, int limit = 48)
{
    QString out;
    for (const QChar c : text) {
        if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c.unicode() < 0x20)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
        if (out.size() > limit)
            return out.left(limit) + QStringLiteral("...");
    }
    return out;
}

/** Unsupported-but-valid is fine only for the documented reasons. */
bool isDocumentedUnsupported(const QString &reason)
{
    static const QStringList known = {
            QStringLiteral("groups nested"),
            QStringLiteral("\\N{...}"),
            QStringLiteral("a case-insensitive backreference"),
            QStringLiteral("repeat counts above 65535"),
            QStringLiteral("a possessive repeat of a group holding more than plain characters"),
            QStringLiteral("a bounded repeat of a group that can match the empty string"),
            QStringLiteral("a conditional on a group from inside that group"),
            QStringLiteral(
                    "PCRE2 cannot run the translated pattern: regular expression is too large"),
            QStringLiteral(
                    "PCRE2 cannot run the translated pattern: lookbehind assertion is too long"),
            QStringLiteral(
                    "PCRE2 cannot run the translated pattern: parentheses are too deeply nested"),
            QStringLiteral("patterns longer than"),
    };
    return std::any_of(known.begin(), known.end(),
                       [&](const QString &prefix) { return reason.startsWith(prefix); });
}

/** For unsupported patterns Python may fail for reasons only it can tell. */
bool pythonMayReject(const Regex &regex, const QJsonObject &verdict)
{
    const QString error = verdict.value(u"error").toString();
    if (regex.errorMessage().startsWith(u"groups nested"))
        return verdict.value(u"type").toString() == u"RecursionError";
    // Without the character's value neither its existence nor the order of a range is known.
    if (regex.errorMessage().startsWith(u"\\N{...}"))
        return error.startsWith(u"undefined character name")
                || error.startsWith(u"bad character range");
    return false;
}

struct Totals
{
    int patterns = 0;
    int invalid = 0;
    int unsupported = 0;
    int subjects = 0;
};

Totals &totals()
{
    static Totals t;
    return t;
}

QString dump(const RegexNode &node);

QString dumpChildren(const RegexNode &node)
{
    QStringList parts;
    for (const RegexNode &child : node.children)
        parts.append(dump(child));
    return parts.join(u' ');
}

QString dumpCodePoint(char32_t cp)
{
    if (cp >= 0x21 && cp < 0x7f)
        return QString(QChar(char16_t(cp)));
    return QStringLiteral("U+")
            + QStringLiteral("%1").arg(uint(cp), 4, 16, QLatin1Char('0')).toUpper();
}

QString dumpItem(const RegexClassItem &item)
{
    static const char *categories[] = {"\\d", "\\D", "\\s", "\\S", "\\w", "\\W"};
    switch (item.kind) {
    case RegexClassItem::Kind::Char:
        return dumpCodePoint(item.first);
    case RegexClassItem::Kind::Range:
        return dumpCodePoint(item.first) + u'-' + dumpCodePoint(item.last);
    case RegexClassItem::Kind::Category:
        return QLatin1String(categories[int(item.category)]);
    }
    return {};
}

/** A compact S-expression of the tree, for the shape tests. */
QString dump(const RegexNode &node)
{
    switch (node.kind) {
    case RegexNode::Kind::Empty:
        return QStringLiteral("Empty");
    case RegexNode::Kind::Sequence:
        return QStringLiteral("Seq(") + dumpChildren(node) + u')';
    case RegexNode::Kind::Alternation:
        return QStringLiteral("Alt(") + dumpChildren(node) + u')';
    case RegexNode::Kind::Literal:
        return u'\'' + dumpCodePoint(node.codePoint) + u'\'';
    case RegexNode::Kind::CharClass: {
        QStringList items;
        for (const RegexClassItem &item : node.items)
            items.append(dumpItem(item));
        return (node.negated ? QStringLiteral("[^") : QStringLiteral("[")) + items.join(u',')
                + u']';
    }
    case RegexNode::Kind::Any:
        return QStringLiteral("Any");
    case RegexNode::Kind::Anchor: {
        static const char *names[] = {"^", "$", "\\A", "\\Z", "\\b", "\\B"};
        return QLatin1String(names[int(node.anchor)]);
    }
    case RegexNode::Kind::Group: {
        QString head;
        if (node.groupKind == RegexNode::GroupKind::Capturing)
            head = QStringLiteral("Group%1%2")
                           .arg(node.groupIndex)
                           .arg(node.groupName.isEmpty() ? QString()
                                                         : u'<' + node.groupName + u'>');
        else if (node.groupKind == RegexNode::GroupKind::Atomic)
            head = QStringLiteral("Atomic");
        else
            head = QStringLiteral("NonCap%1")
                           .arg(node.addFlags || node.removeFlags ? QStringLiteral("{+%1-%2}")
                                                                            .arg(node.addFlags)
                                                                            .arg(node.removeFlags)
                                                                  : QString());
        return head + u'(' + dumpChildren(node) + u')';
    }
    case RegexNode::Kind::Lookaround:
        return QStringLiteral("Look%1%2(")
                       .arg(QChar(node.lookBehind ? u'<' : u'>'), QChar(node.negated ? u'!' : u'='))
                + dumpChildren(node) + u')';
    case RegexNode::Kind::Repeat: {
        const QString max = node.max == RegexNode::Unbounded ? QStringLiteral("inf")
                                                             : QString::number(node.max);
        const char *mode = node.repeatMode == RegexNode::RepeatMode::Lazy ? "?"
                : node.repeatMode == RegexNode::RepeatMode::Possessive    ? "+"
                                                                          : "";
        return QStringLiteral("Rep{%1,%2}%3(").arg(node.min).arg(max).arg(QLatin1String(mode))
                + dumpChildren(node) + u')';
    }
    case RegexNode::Kind::Backreference:
        return QStringLiteral("Ref%1").arg(node.groupIndex);
    case RegexNode::Kind::Conditional:
        return QStringLiteral("If%1(").arg(node.groupIndex) + dumpChildren(node) + u')';
    }
    return {};
}

/** Every code point but the surrogates, in order, and the code point at each UTF-16 offset. */
struct AllCodePoints
{
    QString text;
    std::vector<char32_t> atOffset;
};

const AllCodePoints &allCodePoints()
{
    static const AllCodePoints all = [] {
        AllCodePoints a;
        for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
            if (cp >= 0xD800 && cp <= 0xDFFF)
                continue;
            const QString s = QString::fromUcs4(&cp, 1);
            for (qsizetype i = 0; i < s.size(); ++i)
                a.atOffset.push_back(cp);
            a.text += s;
        }
        return a;
    }();
    return all;
}

QList<QPair<uint, uint>> rangesOf(const QJsonArray &array)
{
    QList<QPair<uint, uint>> out;
    for (const QJsonValue &v : array)
        out.append({uint(v.toArray().at(0).toInteger()), uint(v.toArray().at(1).toInteger())});
    return out;
}

CodePointSet setOf(const QJsonArray &array)
{
    std::vector<CodePointRange> ranges;
    for (const auto &[first, last] : rangesOf(array))
        ranges.push_back({char32_t(first), char32_t(last)});
    return CodePointSet::fromRanges(std::move(ranges));
}

QString describeDifference(const CodePointSet &expected, const CodePointSet &actual)
{
    const CodePointSet missing = expected.subtracted(actual);
    const CodePointSet extra = actual.subtracted(expected);
    const auto first = [](const CodePointSet &s) {
        return s.isEmpty() ? QStringLiteral("none")
                           : QStringLiteral("%1 code points from U+%2")
                                     .arg(s.size())
                                     .arg(uint(s.ranges().front().first), 4, 16, QLatin1Char('0'));
    };
    return QStringLiteral("missing %1; extra %2").arg(first(missing), first(extra));
}

} // namespace

class tst_PyRegex : public QObject
{
    Q_OBJECT

private slots:
    void differential_data();
    void differential();
    void characterClasses_data();
    void characterClasses();
    void unicodeFacts();
    void tree_data();
    void tree();
    void nodeSpans();
    void nodeFlags();
    void translation_data();
    void translation();
    void unsupported_data();
    void unsupported();
    void pathological_data();
    void pathological();
    void catastrophicBacktracking();
    void invalidUtf16Subject();
    void defaultConstructed();
    void plainPrefix();
    void cleanupTestCase();
};

void tst_PyRegex::differential_data()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QStringList>("subjects");
    QTest::addColumn<QJsonObject>("verdict");

    const QList<QJsonObject> cases = jsonLines(readFile(corpusFile));
    QVERIFY2(cases.size() > 500, qPrintable(corpusFile));
    const QList<QJsonObject> verdicts = jsonLines(runOracle({corpusFile}));
    QCOMPARE(verdicts.size(), cases.size());

    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonObject &c = cases.at(i);
        QStringList subjects;
        for (const QJsonValue &s : c.value(u"subjects").toArray())
            subjects.append(s.toString());
        const QString pattern = c.value(u"pattern").toString();
        QTest::addRow("%s %s", qPrintable(c.value(u"name").toString()),
                      qPrintable(preview(pattern)))
                << pattern << c.value(u"flags").toInt() << subjects << verdicts.at(i);
    }
}

void tst_PyRegex::differential()
{
    QFETCH(QString, pattern);
    QFETCH(int, flags);
    QFETCH(QStringList, subjects);
    QFETCH(QJsonObject, verdict);

    const Regex regex = Regex::compile(pattern, flags);
    ++totals().patterns;

    if (verdict.contains(u"error")) {
        ++totals().invalid;
        if (regex.isValid()) {
            QVERIFY2(!regex.isSupported() && pythonMayReject(regex, verdict),
                     qPrintable(QStringLiteral("Python raises %1: %2; we accept it (%3)")
                                        .arg(verdict.value(u"type").toString(),
                                             verdict.value(u"error").toString(),
                                             regex.errorMessage())));
            ++totals().unsupported;
            return;
        }
        QCOMPARE(regex.errorType(), verdict.value(u"type").toString());
        // Which frame trips Python's recursion limit, and so the wording, depends on the stack.
        if (regex.errorType() == u"RecursionError")
            QVERIFY(verdict.value(u"error").toString().startsWith(regex.errorMessage()));
        else
            QCOMPARE(regex.errorMessage(), verdict.value(u"error").toString());
        QVERIFY(!regex.syntaxTree());
        return;
    }

    QVERIFY2(regex.isValid(), qPrintable(regex.errorMessage()));
    QCOMPARE(regex.flags(), verdict.value(u"flags").toInt());
    QCOMPARE(regex.groupCount(), verdict.value(u"groups").toInt());
    QVERIFY(regex.syntaxTree());
    if (!regex.isSupported()) {
        ++totals().unsupported;
        QVERIFY2(isDocumentedUnsupported(regex.errorMessage()), qPrintable(regex.errorMessage()));
        QVERIFY(!regex.matchAtStart(u"a"));
        return;
    }

    const QJsonArray ends = verdict.value(u"ends").toArray();
    QCOMPARE(ends.size(), subjects.size());
    QStringList mismatches;
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        const std::optional<qsizetype> actual = regex.matchAtStart(subjects.at(i));
        // Python raising while matching (an sre bug) has no answer, like PCRE2 giving up.
        const QJsonValue end = ends.at(i);
        const std::optional<qsizetype> expected = end.isString() ? std::nullopt
                : end.isNull()                                   ? std::optional<qsizetype>(-1)
                               : std::optional<qsizetype>(end.toInteger());
        ++totals().subjects;
        const auto text = [](const std::optional<qsizetype> &v) {
            return v ? QString::number(*v) : QStringLiteral("no answer");
        };
        if (actual != expected)
            mismatches.append(QStringLiteral("  subject \"%1\": Python %2, we %3")
                                      .arg(preview(subjects.at(i)),
                                           end.isString() ? end.toString() : text(expected),
                                           text(actual)));
    }
    QVERIFY2(mismatches.isEmpty(),
             qPrintable(QStringLiteral("PCRE2 pattern %1\n").arg(preview(regex.pcrePattern(), 400))
                        + mismatches.join(u'\n')));
}

void tst_PyRegex::characterClasses_data()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QJsonArray>("ranges");

    const QList<QJsonObject> probes = jsonLines(readFile(probesFile));
    const QList<QJsonObject> answers
            = jsonLines(runOracle({QStringLiteral("--classes"), probesFile}));
    QVERIFY(!probes.isEmpty());
    QCOMPARE(answers.size(), probes.size());
    for (qsizetype i = 0; i < probes.size(); ++i) {
        const QString pattern = probes.at(i).value(u"pattern").toString();
        const int flags = probes.at(i).value(u"flags").toInt();
        QTest::addRow("%s flags=%d", qPrintable(preview(pattern)), flags)
                << pattern << flags << answers.at(i).value(u"ranges").toArray();
    }
}

void tst_PyRegex::characterClasses()
{
    QFETCH(QString, pattern);
    QFETCH(int, flags);
    QFETCH(QJsonArray, ranges);

    // Runs of matching characters over all of Unicode, as the oracle collects them. Bounded,
    // because PCRE2 keeps a backtracking frame per iteration of a group and would hit its heap
    // limit on runs of a million characters; the union of the runs is the same. The probes are
    // single atoms, so no group is needed around them.
    const Regex regex = Regex::compile(pattern + QStringLiteral("{1,1000}"), flags);
    QVERIFY2(regex.isSupported(), qPrintable(regex.errorMessage()));
    const QRegularExpression runs(regex.pcrePattern(), Regex::pcreOptions());
    QVERIFY2(runs.isValid(), qPrintable(runs.errorString()));

    const AllCodePoints &all = allCodePoints();
    std::vector<CodePointRange> found;
    auto it = runs.globalMatch(all.text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const char32_t first = all.atOffset[std::size_t(m.capturedStart())];
        const char32_t last = all.atOffset[std::size_t(m.capturedEnd() - 1)];
        if (first < 0xD800 && last > 0xD800) {
            found.push_back({first, 0xD7FF});
            found.push_back({0xE000, last});
        } else {
            found.push_back({first, last});
        }
    }
    const CodePointSet expected = setOf(ranges);
    const CodePointSet actual = CodePointSet::fromRanges(found);
    QVERIFY2(actual == expected,
             qPrintable(describeDifference(expected, actual) + QStringLiteral("\nPCRE2: ")
                        + preview(regex.pcrePattern(), 300)));
}

void tst_PyRegex::unicodeFacts()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    const QJsonObject facts
            = QJsonDocument::fromJson(runOracle({QStringLiteral("--unicode")})).object();
    QVERIFY(!facts.isEmpty());
    QCOMPARE(facts.value(u"unidata_version").toString(), QStringLiteral("14.0.0"));

    std::vector<char32_t> lower(0x110000);
    std::vector<char32_t> upper(0x110000);
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp)
        lower[cp] = upper[cp] = cp;
    for (const QJsonValue &v : facts.value(u"lower").toArray())
        lower[std::size_t(v.toArray().at(0).toInteger())] = char32_t(v.toArray().at(1).toInteger());
    for (const QJsonValue &v : facts.value(u"upper_first").toArray())
        upper[std::size_t(v.toArray().at(0).toInteger())] = char32_t(v.toArray().at(1).toInteger());

    const CodePointSet cased = setOf(facts.value(u"cased").toArray());
    const CodePointSet space = setOf(facts.value(u"space").toArray());
    const CodePointSet alpha = setOf(facts.value(u"alpha").toArray());
    const CodePointSet printable = setOf(facts.value(u"printable").toArray());
    const CodePointSet idStart = setOf(facts.value(u"identifier_start").toArray());
    const CodePointSet idContinue = setOf(facts.value(u"identifier_continue").toArray());

    int failures = 0;
    const auto check = [&](bool ok, const char *what, char32_t cp) {
        if (!ok && ++failures <= 20)
            qWarning("%s differs for U+%04X", what, uint(cp));
    };
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        check(ReUnicode::lower(cp) == lower[cp], "lower", cp);
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        check(ReUnicode::upper(cp) == upper[cp], "upper", cp);
        check(ReUnicode::isCased(cp) == cased.contains(cp), "iscased", cp);
        check(ReUnicode::spaceSet().contains(cp) == space.contains(cp), "isspace", cp);
        check(ReUnicode::isAlpha(cp) == alpha.contains(cp), "isalpha", cp);
        check(ReUnicode::isPrintable(cp) == printable.contains(cp), "isprintable", cp);
        const char32_t start[] = {cp};
        const char32_t cont[] = {U'a', cp};
        check(ReUnicode::isIdentifier(std::u32string_view(start, 1)) == idStart.contains(cp),
              "isidentifier (start)", cp);
        check(ReUnicode::isIdentifier(std::u32string_view(cont, 2)) == idContinue.contains(cp),
              "isidentifier (continue)", cp);
    }
    QCOMPARE(failures, 0);
    QCOMPARE(ReUnicode::casedSet().subtracted(CodePointSet::range(0xD800, 0xDFFF)), cased);

    for (const QJsonValue &v : facts.value(u"extra_cases").toArray()) {
        const char32_t key = char32_t(v.toArray().at(0).toInteger());
        std::u32string expected;
        for (const QJsonValue &o : v.toArray().at(1).toArray())
            expected.push_back(char32_t(o.toInteger()));
        QVERIFY2(ReUnicode::extraCases(key) == expected,
                 qPrintable(QString::number(uint(key), 16)));
    }
}

void tst_PyRegex::tree_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("expected");

    QTest::newRow("origin")
            << QStringLiteral(R"(^https://\w+\.example\.com$)")
            << QStringLiteral("Seq(^ 'h' 't' 't' 'p' 's' ':' '/' '/' Rep{1,inf}([\\w]) '.' 'e' "
                              "'x' 'a' 'm' 'p' 'l' 'e' '.' 'c' 'o' 'm' $)");
    QTest::newRow("alternation") << QStringLiteral("(?P<sub>a)|b|")
                                 << QStringLiteral("Alt(Group1<sub>('a') 'b' Empty)");
    QTest::newRow("class") << QStringLiteral(R"([^a-z\d_-])") << QStringLiteral("[^a-z,\\d,_,-]");
    QTest::newRow("class with range a-a") << QStringLiteral("[a-aa]") << QStringLiteral("[a-a,a]");
    QTest::newRow("nested quantifiers")
            << QStringLiteral("(?:ab)*?c{2,}+d{,3}")
            << QStringLiteral(
                       "Seq(Rep{0,inf}?(NonCap(Seq('a' 'b'))) Rep{2,inf}+('c') Rep{0,3}('d'))");
    QTest::newRow("lookarounds") << QStringLiteral("(?<=a)(?<!b)(?=c)(?!d)")
                                 << QStringLiteral(
                                            "Seq(Look<=('a') Look<!('b') Look>=('c') Look>!('d'))");
    QTest::newRow("atomic and scoped flags")
            << QStringLiteral("(?>a)(?i-s:b)")
            << QStringLiteral("Seq(Atomic('a') NonCap{+2-16}('b'))");
    QTest::newRow("backreferences") << QStringLiteral("(a)(?P<n>b)\\1(?P=n)")
                                    << QStringLiteral("Seq(Group1('a') Group2<n>('b') Ref1 Ref2)");
    QTest::newRow("conditional") << QStringLiteral("(a)?(?(1)b|c)")
                                 << QStringLiteral("Seq(Rep{0,1}(Group1('a')) If1('b' 'c'))");
    QTest::newRow("conditional without no")
            << QStringLiteral("(a)(?(1)b)") << QStringLiteral("Seq(Group1('a') If1('b'))");
    QTest::newRow("anchors") << QStringLiteral("\\A^\\b\\B$\\Z")
                             << QStringLiteral("Seq(\\A ^ \\b \\B $ \\Z)");
    QTest::newRow("escapes") << QStringLiteral("\\x41\\u00e9\\U0001F600\\0\\101\\n.")
                             << QStringLiteral(
                                        "Seq('A' 'U+00E9' 'U+1F600' 'U+0000' 'A' 'U+000A' Any)");
    QTest::newRow("comments and global flags vanish")
            << QStringLiteral("(?i)(?#x)a") << QStringLiteral("'a'");
    QTest::newRow("verbose") << QStringLiteral("(?x) a b # c\n") << QStringLiteral("Seq('a' 'b')");
    QTest::newRow("literal braces")
            << QStringLiteral("a{,x}{}") << QStringLiteral("Seq('a' '{' ',' 'x' '}' '{' '}')");
    QTest::newRow("empty") << QString() << QStringLiteral("Empty");
    QTest::newRow("posix class is a set")
            << QStringLiteral("[[:a:]]") << QStringLiteral("Seq([[,:,a,:] ']')");
}

void tst_PyRegex::tree()
{
    QFETCH(QString, pattern);
    QFETCH(QString, expected);
    const Regex regex = Regex::compile(pattern);
    QVERIFY2(regex.isValid(), qPrintable(regex.errorMessage()));
    QVERIFY(regex.syntaxTree());
    QCOMPARE(dump(*regex.syntaxTree()), expected);
}

void tst_PyRegex::nodeSpans()
{
    // Code point spans, so tools can underline what a finding is about.
    const Regex regex = Regex::compile(QStringLiteral("😀(a|bc)+\\d{2}"));
    QVERIFY(regex.isValid());
    const RegexNode &root = *regex.syntaxTree();
    QCOMPARE(root.kind, RegexNode::Kind::Sequence);
    QCOMPARE(root.position, 0);
    QCOMPARE(root.length, 13);
    const RegexNode &repeat = root.children.at(1);
    QCOMPARE(repeat.kind, RegexNode::Kind::Repeat);
    QCOMPARE(repeat.position, 1);
    QCOMPARE(repeat.length, 7);
    const RegexNode &alternation = repeat.children.front().children.front();
    QCOMPARE(alternation.kind, RegexNode::Kind::Alternation);
    QCOMPARE(alternation.position, 2);
    QCOMPARE(alternation.length, 4);
    QCOMPARE(alternation.children.at(1).position, 4);
    QCOMPARE(root.children.at(2).position, 8);
    QCOMPARE(root.children.at(2).length, 5);
    QCOMPARE(root.children.at(2).children.front().length, 2);
}

void tst_PyRegex::nodeFlags()
{
    const Regex regex
            = Regex::compile(QStringLiteral("a(?i:b(?a:c)(?-i:d))$"), PyReFlag::Multiline);
    QVERIFY(regex.isValid());
    QCOMPARE(regex.flags(), PyReFlag::Multiline | PyReFlag::Unicode);
    const RegexNode &root = *regex.syntaxTree();
    const RegexNode &a = root.children.at(0);
    const RegexNode &inner = root.children.at(1).children.front();
    QCOMPARE(a.flags, PyReFlag::Multiline | PyReFlag::Unicode);
    QCOMPARE(inner.children.at(0).flags,
             PyReFlag::Multiline | PyReFlag::Unicode | PyReFlag::IgnoreCase);
    QCOMPARE(inner.children.at(1).children.front().flags,
             PyReFlag::Multiline | PyReFlag::Ascii | PyReFlag::IgnoreCase);
    QCOMPARE(inner.children.at(2).children.front().flags, PyReFlag::Multiline | PyReFlag::Unicode);
    QCOMPARE(root.children.at(2).flags, PyReFlag::Multiline | PyReFlag::Unicode);
}

void tst_PyRegex::translation_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("pcre");

    // A few spelled-out translations; the differential test is what proves them right.
    QTest::newRow("\\Z is PCRE's \\z") << QStringLiteral("a\\Z") << 0 << QStringLiteral("a\\z");
    QTest::newRow("$ before a final newline")
            << QStringLiteral("a$") << 0 << QStringLiteral("a(?=\\n?\\z)");
    QTest::newRow("multiline ^") << QStringLiteral("^a") << int(PyReFlag::Multiline)
                                 << QStringLiteral("(?<![^\\n])a");
    QTest::newRow("\\v is one character") << QStringLiteral("\\v") << 0 << QStringLiteral("\\x{b}");
    QTest::newRow("Python's \\s")
            << QStringLiteral("\\s") << 0
            << QStringLiteral("[\\x{9}-\\x{d}\\x{1c}-\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}-"
                              "\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]");
    QTest::newRow("ASCII \\w") << QStringLiteral("\\w") << int(PyReFlag::Ascii)
                               << QStringLiteral("[0-9A-Z\\_a-z]");
    QTest::newRow("{,n}") << QStringLiteral("a{,3}") << 0 << QStringLiteral("a{0,3}");
    QTest::newRow("literal {") << QStringLiteral("a{x}") << 0 << QStringLiteral("a\\{x\\}");
    QTest::newRow("case-insensitive k")
            << QStringLiteral("k") << int(PyReFlag::IgnoreCase) << QStringLiteral("[Kk\\x{212a}]");
    QTest::newRow("ASCII case-insensitive k")
            << QStringLiteral("(?a)k") << int(PyReFlag::IgnoreCase) << QStringLiteral("[Kk]");
    QTest::newRow("named group and reference")
            << QStringLiteral("(?P<x>a)(?P=x)") << 0 << QStringLiteral("(a)\\g{1}");
    QTest::newRow("\\B never in an empty string")
            << QStringLiteral("\\B") << 0 << QStringLiteral("(?!\\A\\z)\\B");
    QTest::newRow("dot") << QStringLiteral(".") << 0 << QStringLiteral("[^\\n]");
    QTest::newRow("possessive") << QStringLiteral("(?:ab)*+") << 0 << QStringLiteral("(?:ab)*+");
}

void tst_PyRegex::translation()
{
    QFETCH(QString, pattern);
    QFETCH(int, flags);
    QFETCH(QString, pcre);
    const Regex regex = Regex::compile(pattern, flags);
    QVERIFY2(regex.isSupported(), qPrintable(regex.errorMessage()));
    QCOMPARE(regex.pcrePattern(), QStringLiteral("(*NO_AUTO_POSSESS)(*NO_START_OPT)") + pcre);
}

void tst_PyRegex::unsupported_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("reason");

    QTest::newRow("named character")
            << QStringLiteral("\\N{EM DASH}") << 0 << QStringLiteral("\\N{...}");
    QTest::newRow("case-insensitive backreference")
            << QStringLiteral("(a)\\1") << int(PyReFlag::IgnoreCase)
            << QStringLiteral("a case-insensitive backreference");
    QTest::newRow("huge repeat") << QStringLiteral("a{70000}") << 0
                                 << QStringLiteral("repeat counts above 65535");
    QTest::newRow("possessive repeat bug of CPython 3.11.2")
            << QStringLiteral("(?:xa*c)*+") << 0
            << QStringLiteral("a possessive repeat of a group");
    QTest::newRow("deep nesting") << QString(QString(300, u'(') + u'a' + QString(300, u')')) << 0
                                  << QStringLiteral("groups nested too deep (602 levels");
}

void tst_PyRegex::unsupported()
{
    QFETCH(QString, pattern);
    QFETCH(int, flags);
    QFETCH(QString, reason);
    const Regex regex = Regex::compile(pattern, flags);
    QVERIFY(regex.isValid());
    QVERIFY(!regex.isSupported());
    QVERIFY2(regex.errorMessage().startsWith(reason), qPrintable(regex.errorMessage()));
    QVERIFY(regex.syntaxTree());
    QCOMPARE(regex.matchAtStart(u"a"), std::nullopt);
    QVERIFY(!regex.matches(u"a"));
}

void tst_PyRegex::pathological_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("supported");

    QTest::newRow("1000 nested groups")
            << QString(QString(1000, u'(') + u'a' + QString(1000, u')')) << false << false;
    QTest::newRow("100000 nested groups")
            << QString(QString(100000, u'(') + u'a' + QString(100000, u')')) << false << false;
    QTest::newRow("100000 open groups") << QString(100000, u'(') << false << false;
    QTest::newRow("100 nested groups")
            << QString(QString(100, u'(') + u'a' + QString(100, u')')) << true << true;
    QTest::newRow("1 MB literal") << QString(1 << 20, u'a') << true << false;
    QTest::newRow("1 MB of classes")
            << QStringLiteral("[a-z]").repeated((1 << 20) / 5) << true << false;
    QTest::newRow("200 kB literal") << QString(200000, u'a') << true << false;
    QTest::newRow("200 kB case-insensitive")
            << QStringLiteral("(?i)") + QString(200000, u'k') << true << false;
    QTest::newRow("200 kB alternation") << QStringLiteral("a|").repeated(100000) << true << false;
    QTest::newRow("200 kB of backslashes") << QString(200000, u'\\') << true << false;
    QTest::newRow("200 kB lookbehinds")
            << QStringLiteral("(?<=a)").repeated(30000) << true << false;
    QTest::newRow("many unmatched )") << QString(200000, u')') << false << false;
}

void tst_PyRegex::pathological()
{
    QFETCH(QString, pattern);
    QFETCH(bool, valid);
    QFETCH(bool, supported);
    QElapsedTimer timer;
    timer.start();
    const Regex regex = Regex::compile(pattern);
    qInfo("compiled in %lld ms", qint64(timer.elapsed()));
    QCOMPARE(regex.isValid(), valid);
    QCOMPARE(regex.isSupported(), supported);
    if (!regex.isSupported())
        QVERIFY(!regex.errorMessage().isEmpty());
}

void tst_PyRegex::catastrophicBacktracking()
{
    const QString subject = QString(40, u'a') + u'!';
    for (const QString &pattern :
         {QStringLiteral("(a+)+$"), QStringLiteral("(a|a)*$"), QStringLiteral("(a*)*$"),
          QStringLiteral("(?:a|aa)+$"), QStringLiteral("(\\w+\\s?)+$")}) {
        const Regex regex = Regex::compile(pattern);
        QVERIFY(regex.isSupported());
        bool stuck = false;
        const std::optional<qsizetype> end = regex.matchAtStart(subject, &stuck);
        // Either PCRE2 gave up at Regex::MatchLimit, and says so, or it proved there is no match.
        QVERIFY2(end ? *end == -1 && !stuck : stuck, qPrintable(pattern));
        QVERIFY(!regex.matches(subject));
    }
}

void tst_PyRegex::invalidUtf16Subject()
{
    const Regex regex = Regex::compile(QStringLiteral("a"));
    QVERIFY(regex.isSupported());
    QCOMPARE(regex.matchAtStart(u"ab"), std::optional<qsizetype>(1));
    QCOMPARE(regex.matchAtStart(QString(QChar(0xD800))), std::nullopt);
    QCOMPARE(regex.matchAtStart(QString(QString(u'a') + QChar(0xDC00))), std::nullopt);
}

void tst_PyRegex::defaultConstructed()
{
    const Regex regex;
    QVERIFY(!regex.isSupported());
    QVERIFY(!regex.syntaxTree());
    QCOMPARE(regex.matchAtStart(u""), std::nullopt);
}

void tst_PyRegex::plainPrefix()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    // Patterns with the shape, and near misses that must not be taken for it.
    const QStringList recognised {u"^/api/.*$"_s, u"^.*$"_s,
                                  u"/api/.*"_s,   u"^/health$"_s,
                                  u"^/api"_s,     u""_s,
                                  u"^"_s,         u"$"_s,
                                  u".*"_s,        u"^/v1/a-b_c:d@e~f,g=h;i!j&k/.*$"_s};
    const QStringList others {
            u"^/api/.+$"_s,   u"^/a.i/.*$"_s, u"(?i)^/api/.*$"_s, u"^/api/.*$$"_s,  u"^^/api"_s,
            u"^/api/\\w*$"_s, u"^/api/?$"_s,  u"^/(api)/.*$"_s,   u"^/api/.*\\Z"_s, u"^/api|/b"_s,
            u"^/api/.*?$"_s,  u"^/api/[a]"_s, u"^/api/.*$\n"_s,   u"^/api /x"_s};
    const QStringList subjects {u"/"_s,
                                u"/api"_s,
                                u"/api/"_s,
                                u"/api/items"_s,
                                u"/API/items"_s,
                                u"/health"_s,
                                u"/healthz"_s,
                                u"/apix"_s,
                                u"x/api/"_s,
                                u""_s,
                                u"/v1/a-b_c:d@e~f,g=h;i!j&k/"_s};
    QJsonArray patterns;
    for (const QString &pattern : recognised + others)
        patterns.append(pattern);
    QJsonArray subjectArray;
    for (const QString &subject : subjects)
        subjectArray.append(subject);
    // bool(re.match(pattern, subject)) for every pair, as the middleware asks it.
    const QByteArray answer = Test::runPython(
            u"import json, re, sys\n"
            "d = json.load(sys.stdin)\n"
            "print(json.dumps([[bool(re.match(p, s)) for s in d['s']] for p in d['p']]))\n"_s,
            QJsonDocument(QJsonObject {{u"p"_s, patterns}, {u"s"_s, subjectArray}}).toJson());
    const QJsonArray python = QJsonDocument::fromJson(answer).array();
    QCOMPARE(python.size(), patterns.size());
    for (qsizetype p = 0; p < patterns.size(); ++p) {
        const QString pattern = patterns.at(p).toString();
        const Regex regex = Regex::compile(pattern);
        const auto prefix = regex.plainPrefix();
        QVERIFY2(prefix.has_value() == (p < recognised.size()), qPrintable(pattern));
        if (!prefix)
            continue;
        for (qsizetype s = 0; s < subjects.size(); ++s) {
            const QString &subject = subjects.at(s);
            const bool expected = python.at(p).toArray().at(s).toBool();
            QVERIFY2(prefix->matchPrintable(subject) == expected,
                     qPrintable(pattern + u" on "_s + subject));
            const QByteArray bytes = subject.toLatin1();
            QVERIFY2(prefix->matchesPrintable(QLatin1StringView(bytes)) == expected,
                     qPrintable(pattern + u" on the bytes of "_s + subject));
        }
        // A line break ends `.*` and `$` may match before a final one; other units go to
        // PCRE2, which may refuse them: the regex answers those.
        for (const QString &subject :
             {u"/api/x\n"_s, u"/api\n/x"_s, u"/health\n"_s, u"/api/\u00e9"_s, u"/api/\t"_s,
              u"/api/\x7f"_s, QString(QChar(0xd800))}) {
            QVERIFY2(!prefix->matchPrintable(subject), qPrintable(pattern));
        }
    }
    QVERIFY(!Regex::compile(u"^/api/.*$"_s, int(PyReFlag::IgnoreCase)).plainPrefix());
}

void tst_PyRegex::cleanupTestCase()
{
    qInfo("differential: %d patterns (%d invalid in Python, %d unsupported here), %d subjects "
          "compared",
          totals().patterns, totals().invalid, totals().unsupported, totals().subjects);
}

QTEST_APPLESS_MAIN(tst_PyRegex)
#include "tst_pyregex.moc"
