// SPDX-License-Identifier: MIT
#include "policy/setting.h"
#include "python/pysemantics.h"
#include "python/pytokenizer.h"
#include "python/settingsdisplay.h"
#include "python/settingsreader.h"
#include "python/settingsvariants.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <charconv>
#include <cmath>
#include <cstring>

using namespace Cors;
using Severity = SettingsMessage::Severity;

namespace {

const QString dataDir = QStringLiteral(CORS_TEST_DATA_DIR "/settings");
const QString oraclePath = QStringLiteral(CORS_SOURCE_DIR "/tests/differential/settings_oracle.py");

SettingsReadResult read(const QByteArray &source, Profile profile = Profile::V4, bool debug = false)
{
    SettingsReadOptions options;
    options.profile = profile;
    options.debug = debug;
    return readDjangoSettings(source, options);
}

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Info:
        return QStringLiteral("Info");
    case Severity::Warning:
        return QStringLiteral("Warning");
    case Severity::Error:
        return QStringLiteral("Error");
    }
    return {};
}

QString dump(const SettingsReadResult &result)
{
    QStringList lines {QStringLiteral("ok=%1").arg(result.ok)};
    for (const SettingsMessage &m : result.messages)
        lines.append(QStringLiteral("  %1 %2:%3 %4%5")
                             .arg(severityName(m.severity))
                             .arg(m.line)
                             .arg(m.column)
                             .arg(m.text,
                                  m.setting ? QStringLiteral(" [") + settingName(*m.setting) + u']'
                                            : QString()));
    for (SettingId id : result.policy.definedSettings())
        lines.append(QStringLiteral("  %1 = %2")
                             .arg(settingName(id),
                                  Settings::displayValue(*result.policy.value(id), 400)));
    return lines.join(u'\n');
}

const SettingsMessage *firstError(const SettingsReadResult &result)
{
    for (const SettingsMessage &m : result.messages) {
        if (m.severity == Severity::Error)
            return &m;
    }
    return nullptr;
}

QString valueOf(const SettingsReadResult &result, const QString &setting)
{
    const auto id = settingFromName(setting);
    if (!id || !result.policy.isSet(*id))
        return QStringLiteral("<unset>");
    return Settings::displayValue(*result.policy.value(*id), 100000);
}

// --- canonical form shared with tests/differential/settings_oracle.py ----------------------

bool hasLoneSurrogate(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return true;
    }
    return false;
}

QJsonObject canonical(const PyValue &v)
{
    QJsonObject o;
    auto items = [](const QList<PyValue> &list) {
        QJsonArray array;
        for (const PyValue &item : list)
            array.append(canonical(item));
        return array;
    };
    switch (v.kind()) {
    case PyValue::Kind::None:
        o[QLatin1String("t")] = QStringLiteral("None");
        break;
    case PyValue::Kind::Bool:
        o[QLatin1String("t")] = QStringLiteral("bool");
        o[QLatin1String("v")] = v.boolValue();
        break;
    case PyValue::Kind::Int:
        o[QLatin1String("t")] = QStringLiteral("int");
        o[QLatin1String("v")] = v.intText();
        break;
    case PyValue::Kind::Float:
        o[QLatin1String("t")] = QStringLiteral("float");
        o[QLatin1String("v")] = Py::reprFloat(v.floatValue());
        break;
    case PyValue::Kind::Str:
        o[QLatin1String("t")] = QStringLiteral("str");
        if (hasLoneSurrogate(v.text())) {
            QByteArray hex;
            for (QChar c : v.text())
                hex += QByteArray::number(c.unicode() & 0xFF, 16).rightJustified(2, '0')
                        + QByteArray::number(c.unicode() >> 8, 16).rightJustified(2, '0');
            o[QLatin1String("utf16")] = QString::fromLatin1(hex);
        } else {
            o[QLatin1String("v")] = v.text();
        }
        break;
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
        o[QLatin1String("t")] = v.kind() == PyValue::Kind::List ? QStringLiteral("list")
                : v.kind() == PyValue::Kind::Tuple              ? QStringLiteral("tuple")
                                                                : QStringLiteral("set");
        o[QLatin1String("items")] = items(v.items());
        break;
    case PyValue::Kind::Dict: {
        o[QLatin1String("t")] = QStringLiteral("dict");
        QJsonArray pairs;
        for (const PyValue &pair : v.items())
            pairs.append(QJsonArray {canonical(pair.items().at(0)), canonical(pair.items().at(1))});
        o[QLatin1String("items")] = pairs;
        break;
    }
    case PyValue::Kind::Pattern:
        o[QLatin1String("t")] = QStringLiteral("pattern");
        o[QLatin1String("pattern")] = canonical(PyValue::str(v.text()));
        o[QLatin1String("flags")] = v.patternFlags();
        break;
    default:
        o[QLatin1String("t")] = QStringLiteral("unresolved");
        break;
    }
    return o;
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

void diff(const QJsonValue &mine, const QJsonValue &theirs, const QString &path, QStringList *out)
{
    const QJsonObject a = mine.toObject();
    const QJsonObject b = theirs.toObject();
    const QString t = a.value(QLatin1String("t")).toString();
    if (t != b.value(QLatin1String("t")).toString()) {
        out->append(QStringLiteral("%1: reader %2, Python %3").arg(path, compact(a), compact(b)));
        return;
    }
    if (t == QLatin1String("float")) {
        auto parse = [](const QString &text) {
            const QByteArray bytes = text.toLatin1();
            double d = 0;
            std::from_chars(bytes.constData(), bytes.constData() + bytes.size(), d);
            return d;
        };
        const double x = parse(a.value(QLatin1String("v")).toString());
        const double y = parse(b.value(QLatin1String("v")).toString());
        if (!(std::memcmp(&x, &y, sizeof x) == 0 || (std::isnan(x) && std::isnan(y))))
            out->append(
                    QStringLiteral("%1: reader %2, Python %3").arg(path, compact(a), compact(b)));
        return;
    }
    if (t == QLatin1String("pattern")) {
        diff(a.value(QLatin1String("pattern")), b.value(QLatin1String("pattern")),
             path + QStringLiteral(".pattern"), out);
        // Python adds flags of its own (re.UNICODE, inline (?i)): what it reports is ours plus those.
        const int flags = a.value(QLatin1String("flags")).toInt()
                | b.value(QLatin1String("implicit")).toInt();
        if (flags != b.value(QLatin1String("flags")).toInt())
            out->append(QStringLiteral("%1.flags: reader %2 (+%3 implicit), Python %4")
                                .arg(path)
                                .arg(a.value(QLatin1String("flags")).toInt())
                                .arg(b.value(QLatin1String("implicit")).toInt())
                                .arg(b.value(QLatin1String("flags")).toInt()));
        return;
    }
    if (t == QLatin1String("list") || t == QLatin1String("tuple") || t == QLatin1String("dict")) {
        const QJsonArray x = a.value(QLatin1String("items")).toArray();
        const QJsonArray y = b.value(QLatin1String("items")).toArray();
        if (x.size() != y.size()) {
            out->append(QStringLiteral("%1: reader has %2 items, Python %3: %4 vs %5")
                                .arg(path)
                                .arg(x.size())
                                .arg(y.size())
                                .arg(compact(a).left(300), compact(b).left(300)));
            return;
        }
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (t == QLatin1String("dict")) {
                diff(x.at(i).toArray().at(0), y.at(i).toArray().at(0),
                     QStringLiteral("%1{key %2}").arg(path).arg(i), out);
                diff(x.at(i).toArray().at(1), y.at(i).toArray().at(1),
                     QStringLiteral("%1{value %2}").arg(path).arg(i), out);
            } else {
                diff(x.at(i), y.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), out);
            }
        }
        return;
    }
    if (t == QLatin1String("set")) {
        // Unordered: every item of ours matches a distinct item of Python's.
        const QJsonArray x = a.value(QLatin1String("items")).toArray();
        QJsonArray y = b.value(QLatin1String("items")).toArray();
        if (x.size() != y.size()) {
            out->append(
                    QStringLiteral("%1: set sizes %2 vs %3").arg(path).arg(x.size()).arg(y.size()));
            return;
        }
        for (const QJsonValue &item : x) {
            qsizetype match = -1;
            for (qsizetype j = 0; j < y.size() && match < 0; ++j) {
                QStringList none;
                diff(item, y.at(j), path, &none);
                if (none.isEmpty())
                    match = j;
            }
            if (match < 0) {
                out->append(QStringLiteral("%1: %2 not in Python's set %3")
                                    .arg(path, compact(item), compact(b)));
                return;
            }
            y.removeAt(match);
        }
        return;
    }
    if (a != b)
        out->append(QStringLiteral("%1: reader %2, Python %3").arg(path, compact(a), compact(b)));
}

} // namespace

class tst_SettingsReader : public QObject
{
    Q_OBJECT

private slots:
    void tokens_data();
    void tokens();
    void values_data();
    void values();
    void symbolicDefaults();
    void dynamicReads_data();
    void dynamicReads();
    void debugBranches_data();
    void debugBranches();
    void readRecords();
    void messages_data();
    void messages();
    void quietOnOrdinarySettings();
    void errors_data();
    void errors();
    void encodings_data();
    void encodings();
    void hostile_data();
    void hostile();
    void mutatedCorpusNeverCrashes();
    void fileLimits();
    void differential();
    void variantCorpus();
    void helperVariableIsNotAMisspelling();
};

// --- tokenizer ------------------------------------------------------------------------------

void tst_SettingsReader::tokens_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("expected");

    auto row = [](const char *name, const char *source,
                  std::initializer_list<const char *> expected) {
        QStringList tokens;
        for (const char *token : expected)
            tokens.append(QString::fromUtf8(token));
        QTest::newRow(name) << QString::fromUtf8(source) << tokens;
    };
    const char *nl = "NEWLINE";
    row("assignment", "x = 1\n", {"NAME x", "OP =", "NUMBER 1", nl});
    row("no final newline", "x = 1", {"NAME x", "OP =", "NUMBER 1", nl});
    row("implicit joining", "x = [1,\n  2]\n",
        {"NAME x", "OP =", "OP [", "NUMBER 1", "OP ,", "NUMBER 2", "OP ]", nl});
    row("backslash continuation", "x = \\\n  1\n", {"NAME x", "OP =", "NUMBER 1", nl});
    row("comments and blank lines", "# c\n\n  # indented comment\nx = 1  # trailing\n\n",
        {"NAME x", "OP =", "NUMBER 1", nl});
    row("indent and dedent", "if x:\n    y\nz\n",
        {"NAME if", "NAME x", "OP :", nl, "INDENT", "NAME y", nl, "DEDENT", "NAME z", nl});
    row("dedents at eof", "if a:\n  if b:\n    c\n",
        {"NAME if", "NAME a", "OP :", nl, "INDENT", "NAME if", "NAME b", "OP :", nl, "INDENT",
         "NAME c", nl, "DEDENT", "DEDENT"});
    row("string prefixes", "r'a' b\"b\" Rb'c' BR\"d\" f'e' rF'f' u'g' U\"h\"",
        {"STRING r'a'", "STRING b\"b\"", "STRING Rb'c'", "STRING BR\"d\"", "STRING f'e'",
         "STRING rF'f'", "STRING u'g'", "STRING U\"h\"", nl});
    row("ur is a name then a string", "ur'x'", {"NAME ur", "STRING 'x'", nl});
    row("triple quotes", "'''a\n'b'\n''' \"\"\"c\"\"\"",
        {"STRING '''a\n'b'\n'''", "STRING \"\"\"c\"\"\"", nl});
    row("escaped quote", "'a\\'b' \"\\\\\"", {"STRING 'a\\'b'", "STRING \"\\\\\"", nl});
    row("raw string keeps backslash-quote", "r'a\\'b'", {"STRING r'a\\'b'", nl});
    row("hash and brackets in strings", "x = '#(' + \"]#\"",
        {"NAME x", "OP =", "STRING '#('", "OP +", "STRING \"]#\"", nl});
    row("numbers", "0 00 0x_Ff 0o17 0B1_0 1_000 1. .5 1e3 1E-3 1.5j 0e0 09.5",
        {"NUMBER 0", "NUMBER 00", "NUMBER 0x_Ff", "NUMBER 0o17", "NUMBER 0B1_0", "NUMBER 1_000",
         "NUMBER 1.", "NUMBER .5", "NUMBER 1e3", "NUMBER 1E-3", "NUMBER 1.5j", "NUMBER 0e0",
         "NUMBER 09.5", nl});
    row("number before keyword", "1if x else 2",
        {"NUMBER 1", "NAME if", "NAME x", "NAME else", "NUMBER 2", nl});
    row("operators", "a**=b//=c>>=d<<=e!=f->g:=h...i@=j",
        {"NAME a", "OP **=", "NAME b", "OP //=", "NAME c", "OP >>=", "NAME d",
         "OP <<=", "NAME e", "OP !=",  "NAME f", "OP ->",  "NAME g", "OP :=",
         "NAME h", "OP ...", "NAME i", "OP @=",  "NAME j", nl});
    row("non-ASCII identifier", "café = 1", {"NAME café", "OP =", "NUMBER 1", nl});
    row("form feed resets indentation", "if x:\n\f    y\n",
        {"NAME if", "NAME x", "OP :", nl, "INDENT", "NAME y", nl, "DEDENT"});
}

void tst_SettingsReader::tokens()
{
    QFETCH(QString, source);
    QFETCH(QStringList, expected);
    Py::Tokenizer tokenizer(source);
    QStringList actual;
    for (int guard = 0; guard < 1000; ++guard) {
        const Py::Token t = tokenizer.next();
        if (t.type == Py::TokenType::EndMarker)
            break;
        QVERIFY2(t.type != Py::TokenType::Error, qPrintable(tokenizer.error().message));
        switch (t.type) {
        case Py::TokenType::Name:
            actual.append(QStringLiteral("NAME ") + tokenizer.text(t).toString());
            break;
        case Py::TokenType::Number:
            actual.append(QStringLiteral("NUMBER ") + tokenizer.text(t).toString());
            break;
        case Py::TokenType::String:
            actual.append(QStringLiteral("STRING ") + tokenizer.text(t).toString());
            break;
        case Py::TokenType::Op:
            actual.append(QStringLiteral("OP ") + tokenizer.text(t).toString());
            break;
        case Py::TokenType::Newline:
            actual.append(QStringLiteral("NEWLINE"));
            break;
        case Py::TokenType::Indent:
            actual.append(QStringLiteral("INDENT"));
            break;
        case Py::TokenType::Dedent:
            actual.append(QStringLiteral("DEDENT"));
            break;
        default:
            break;
        }
    }
    QCOMPARE(actual, expected);
}

// --- values ---------------------------------------------------------------------------------

void tst_SettingsReader::values_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("expected");

    auto row = [](const char *name, const char *source, const char *setting, const char *expected) {
        QTest::newRow(name) << QByteArray(source) << QString::fromLatin1(setting)
                            << QString::fromUtf8(expected);
    };
    const char *O = "CORS_ALLOWED_ORIGINS";
    // Literals, kept as written.
    row("list", "CORS_ALLOWED_ORIGINS = ['https://a.example', \"https://b.example\"]", O,
        "['https://a.example', 'https://b.example']");
    row("tuple", "CORS_ALLOWED_ORIGINS = ('https://a.example',)", O, "('https://a.example',)");
    row("parenthesised str is a str", "CORS_ALLOWED_ORIGINS = ('https://a.example')", O,
        "'https://a.example'");
    row("bare str", "CORS_ALLOWED_ORIGINS = 'https://a.example'", O, "'https://a.example'");
    row("bare tuple", "CORS_ALLOWED_ORIGINS = 'a', 'b'", O, "('a', 'b')");
    row("bare one-tuple", "CORS_ALLOWED_ORIGINS = 'a',", O, "('a',)");
    row("empty tuple", "CORS_ALLOWED_ORIGINS = ()", O, "()");
    row("set", "CORS_ALLOWED_ORIGINS = {'a'}", O, "{'a'}");
    row("empty dict", "CORS_ALLOWED_ORIGINS = {}", O, "{}");
    row("dict", "CORS_ALLOWED_ORIGINS = {'a': 1, 'b': [2]}", O, "{'a': 1, 'b': [2]}");
    row("int stays int", "CORS_ALLOW_CREDENTIALS = 1", "CORS_ALLOW_CREDENTIALS", "1");
    row("bool", "CORS_ALLOW_CREDENTIALS = True", "CORS_ALLOW_CREDENTIALS", "True");
    row("None", "CORS_ALLOW_CREDENTIALS = None", "CORS_ALLOW_CREDENTIALS", "None");
    row("float", "CORS_PREFLIGHT_MAX_AGE = 1.5", "CORS_PREFLIGHT_MAX_AGE", "1.5");
    row("negative int", "CORS_PREFLIGHT_MAX_AGE = -1", "CORS_PREFLIGHT_MAX_AGE", "-1");
    row("unary plus and minus", "CORS_PREFLIGHT_MAX_AGE = -+-2", "CORS_PREFLIGHT_MAX_AGE", "2");
    row("huge int", "CORS_PREFLIGHT_MAX_AGE = 123456789012345678901234567890",
        "CORS_PREFLIGHT_MAX_AGE", "123456789012345678901234567890");
    row("hex octal binary", "CORS_ALLOWED_ORIGINS = [0xff, 0o17, 0b101, 0x_1_0]", O,
        "[255, 15, 5, 16]");
    row("huge hex", "CORS_PREFLIGHT_MAX_AGE = 0xffffffffffffffffffffffff", "CORS_PREFLIGHT_MAX_AGE",
        "79228162514264337593543950335");
    row("underscores", "CORS_PREFLIGHT_MAX_AGE = 86_400", "CORS_PREFLIGHT_MAX_AGE", "86400");
    row("floats", "CORS_ALLOWED_ORIGINS = [.5, 5., 1e3, 1E-3, 1_0.2_5, 1e400, -0.0]", O,
        "[0.5, 5.0, 1000.0, 0.001, 10.25, inf, -0.0]");
    row("arithmetic", "CORS_PREFLIGHT_MAX_AGE = 60 * 60 * 24 - 1 + 2", "CORS_PREFLIGHT_MAX_AGE",
        "86401");
    row("bool arithmetic is int", "CORS_PREFLIGHT_MAX_AGE = True + True", "CORS_PREFLIGHT_MAX_AGE",
        "2");
    row("bool or bool stays bool", "CORS_ALLOW_CREDENTIALS = True | False",
        "CORS_ALLOW_CREDENTIALS", "True");
    row("not", "DEBUG = False\nCORS_ALLOW_ALL_ORIGINS = not DEBUG", "CORS_ALLOW_ALL_ORIGINS",
        "True");
    row("comparison", "CORS_ALLOW_ALL_ORIGINS = 'a' == 'a'", "CORS_ALLOW_ALL_ORIGINS", "True");
    row("membership", "CORS_ALLOW_ALL_ORIGINS = 'x' not in ('1', 'true')", "CORS_ALLOW_ALL_ORIGINS",
        "True");
    // Strings.
    row("escapes",
        "CORS_URLS_REGEX = 'a\\tb\\x41\\u00e9\\U0001F600\\101\\N{EM DASH}\\N{latin small letter "
        "a}\\\\'",
        "CORS_URLS_REGEX", "'a\\tbAé😀A—a\\\\'");
    row("invalid escape keeps backslash", "CORS_URLS_REGEX = '^\\d+\\.x$'", "CORS_URLS_REGEX",
        "'^\\\\d+\\\\.x$'");
    row("raw string", "CORS_URLS_REGEX = r'^\\d+\\n'", "CORS_URLS_REGEX", "'^\\\\d+\\\\n'");
    row("u prefix", "CORS_URLS_REGEX = u'x'", "CORS_URLS_REGEX", "'x'");
    row("triple quoted", "CORS_URLS_REGEX = '''a\nb'''", "CORS_URLS_REGEX", "'a\\nb'");
    row("backslash newline in string", "CORS_URLS_REGEX = 'a\\\nb'", "CORS_URLS_REGEX", "'ab'");
    row("f-string without placeholders", "CORS_URLS_REGEX = f'^/{{api}}/'", "CORS_URLS_REGEX",
        "'^/{api}/'");
    row("implicit concatenation", "CORS_URLS_REGEX = ('^/api/' r'v\\d+/'\n   '.*$')",
        "CORS_URLS_REGEX", "'^/api/v\\\\d+/.*$'");
    row("octal escape above 0o377", "CORS_URLS_REGEX = '\\777'", "CORS_URLS_REGEX", "'ǿ'");
    row("CJK and Hangul names",
        "CORS_URLS_REGEX = '\\N{CJK UNIFIED IDEOGRAPH-4E00}\\N{HANGUL SYLLABLE GA}'",
        "CORS_URLS_REGEX", "'一가'");
    row("name alias", "CORS_URLS_REGEX = '\\N{LF}\\N{NBSP}'", "CORS_URLS_REGEX", "'\\n\\xa0'");
    // Assignment forms.
    row("annotated", "CORS_ALLOWED_ORIGINS: list[str] = ['a']", O, "['a']");
    row("chained", "CSRF_TRUSTED_ORIGINS = CORS_ALLOWED_ORIGINS = ['a']", "CSRF_TRUSTED_ORIGINS",
        "['a']");
    row("unpacking", "CORS_ALLOWED_ORIGINS, CSRF_TRUSTED_ORIGINS = ['a'], ('b',)",
        "CSRF_TRUSTED_ORIGINS", "('b',)");
    row("starred unpacking", "X, *CORS_ALLOWED_ORIGINS = 'abc'", O, "['b', 'c']");
    row("augmented list", "CORS_ALLOWED_ORIGINS = ['a']\nCORS_ALLOWED_ORIGINS += ['b']", O,
        "['a', 'b']");
    row("augmented list with str", "CORS_ALLOWED_ORIGINS = ['a']\nCORS_ALLOWED_ORIGINS += 'bc'", O,
        "['a', 'b', 'c']");
    row("augmented tuple", "CORS_ALLOWED_ORIGINS = ('a',)\nCORS_ALLOWED_ORIGINS += ('b',)", O,
        "('a', 'b')");
    row("augmented set", "CORS_ALLOWED_ORIGINS = {'a'}\nCORS_ALLOWED_ORIGINS |= {'b'}", O,
        "{'a', 'b'}");
    row("append", "CORS_ALLOWED_ORIGINS = ['a']\nCORS_ALLOWED_ORIGINS.append('b')", O,
        "['a', 'b']");
    row("extend", "CORS_ALLOWED_ORIGINS = ['a']\nCORS_ALLOWED_ORIGINS.extend(('b', 'c'))", O,
        "['a', 'b', 'c']");
    row("insert", "CORS_ALLOWED_ORIGINS = ['a']\nCORS_ALLOWED_ORIGINS.insert(0, 'z')", O,
        "['z', 'a']");
    row("remove", "CORS_ALLOWED_ORIGINS = ['a', 'b']\nCORS_ALLOWED_ORIGINS.remove('a')", O,
        "['b']");
    row("del", "CORS_ALLOWED_ORIGINS = ['a']\ndel CORS_ALLOWED_ORIGINS", O, "<unset>");
    row("semicolons", "X = 1; CORS_ALLOWED_ORIGINS = ['a'];", O, "['a']");
    // References and aliasing.
    row("reference", "FRONTEND = 'https://x'\nCORS_ALLOWED_ORIGINS = [FRONTEND]", O,
        "['https://x']");
    row("alias sees in-place change",
        "CORS_ALLOWED_ORIGINS = ['a']\nCSRF_TRUSTED_ORIGINS = CORS_ALLOWED_ORIGINS\n"
        "CORS_ALLOWED_ORIGINS.append('b')",
        "CSRF_TRUSTED_ORIGINS", "['a', 'b']");
    row("copy does not",
        "CORS_ALLOWED_ORIGINS = ['a']\nCSRF_TRUSTED_ORIGINS = list(CORS_ALLOWED_ORIGINS)\n"
        "CORS_ALLOWED_ORIGINS.append('b')",
        "CSRF_TRUSTED_ORIGINS", "['a']");
    row("rebinding does not", "A = ['a']\nCORS_ALLOWED_ORIGINS = A\nA = A + ['b']", O, "['a']");
    row("starred splice", "A = ['a', 'b']\nCORS_ALLOWED_ORIGINS = [*A, 'c', *'de']", O,
        "['a', 'b', 'c', 'd', 'e']");
    row("concatenation", "CORS_ALLOWED_ORIGINS = ['a'] + ['b'] * 2", O, "['a', 'b', 'b']");
    row("list and tuple builtins", "CORS_ALLOWED_ORIGINS = list(('a',)) + list('bc')", O,
        "['a', 'b', 'c']");
    row("set dedups the first", "CORS_ALLOWED_ORIGINS = {1, True, 1.0, 2}", O, "{1, 2}");
    row("dict keeps first key, last value", "CORS_ALLOWED_ORIGINS = {1: 'a', True: 'b'}", O,
        "{1: 'b'}");
    row("subscript", "CORS_ALLOWED_ORIGINS = ['a', 'b'][-1]", O, "'b'");
    row("str methods", "CORS_ALLOWED_ORIGINS = ' A, B '.strip().lower().split(',')", O,
        "['a', ' b']");
    row("split without separator", "CORS_ALLOWED_ORIGINS = ' a  b\\tc '.split()", O,
        "['a', 'b', 'c']");
    // Regexes.
    row("re.compile", "import re\nCORS_URLS_REGEX = re.compile(r'^/api/')", "CORS_URLS_REGEX",
        "re.compile('^/api/')");
    row("re.compile flags", "import re\nCORS_URLS_REGEX = re.compile('x', re.I | re.MULTILINE)",
        "CORS_URLS_REGEX", "re.compile('x', re.IGNORECASE|re.MULTILINE)");
    row("from re import",
        "from re import compile, IGNORECASE as I\nCORS_URLS_REGEX = compile('x', flags=I)",
        "CORS_URLS_REGEX", "re.compile('x', re.IGNORECASE)");
    row("import re as", "import re as regex\nCORS_URLS_REGEX = regex.compile('x', regex.A)",
        "CORS_URLS_REGEX", "re.compile('x', re.ASCII)");
    // Unicode identifiers are NFKC-normalised, as Python does.
    row("fullwidth name", "ＣＯＲＳ_ALLOW_CREDENTIALS = True", "CORS_ALLOW_CREDENTIALS", "True");
}

void tst_SettingsReader::values()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, setting);
    QFETCH(QString, expected);
    const SettingsReadResult result = read(source);
    QVERIFY2(result.ok, qPrintable(dump(result)));
    QCOMPARE(valueOf(result, setting), expected);
}

void tst_SettingsReader::symbolicDefaults()
{
    // The defaults stay symbolic, so one reading serves both profiles.
    const SettingsReadResult result
            = read("from corsheaders.defaults import default_headers, default_methods\n"
                   "import corsheaders.defaults\n"
                   "from corsheaders import defaults\n"
                   "CORS_ALLOW_HEADERS = (*default_headers, 'x-custom')\n"
                   "CORS_ALLOW_METHODS = [*default_methods, 'PURGE']\n"
                   "CORS_EXPOSE_HEADERS = list(default_headers) + ['x']\n"
                   "CORS_ALLOWED_ORIGINS = default_headers + ('x',)\n"
                   "CSRF_TRUSTED_ORIGINS = corsheaders.defaults.default_methods\n"
                   "CORS_ORIGIN_WHITELIST = tuple(defaults.default_headers)\n"
                   "CORS_URLS_REGEX = set(default_methods)\n");
    QVERIFY2(result.ok, qPrintable(dump(result)));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_ALLOW_HEADERS")),
             QStringLiteral("(*default_headers, 'x-custom')"));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_ALLOW_METHODS")),
             QStringLiteral("[*default_methods, 'PURGE']"));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_EXPOSE_HEADERS")),
             QStringLiteral("[*default_headers, 'x']"));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_ALLOWED_ORIGINS")),
             QStringLiteral("(*default_headers, 'x')"));
    QCOMPARE(valueOf(result, QStringLiteral("CSRF_TRUSTED_ORIGINS")),
             QStringLiteral("default_methods"));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_ORIGIN_WHITELIST")),
             QStringLiteral("default_headers"));

    const PyValue *headers = result.policy.value(SettingId::AllowHeaders);
    QCOMPARE(headers->kind(), PyValue::Kind::Tuple);
    QCOMPARE(headers->items().first().kind(), PyValue::Kind::DefaultHeaders);
    QVERIFY(headers->items().first().isStarred());
    QCOMPARE(headers->resolved(Profile::V3_14).items().size(), 10);
    QCOMPARE(headers->resolved(Profile::V4).items().size(), 7);
    // A set cannot stay symbolic (its members are deduplicated): it is expanded for the profile.
    QCOMPARE(result.policy.value(SettingId::UrlsRegex)->kind(), PyValue::Kind::Set);
    QCOMPARE(result.policy.value(SettingId::UrlsRegex)->items().size(), 6);
}

// --- dynamic reads --------------------------------------------------------------------------

void tst_SettingsReader::dynamicReads_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("dynamicSource");

    auto row = [](const char *name, const char *source, const char *expected,
                  const char *dynamicSource) {
        QTest::newRow(name) << QByteArray(source) << QString::fromUtf8(expected)
                            << QString::fromUtf8(dynamicSource);
    };
    row("os.environ.get", "import os\nCORS_ALLOWED_ORIGINS = os.environ.get('O', 'https://a')",
        "'https://a'", "os.environ.get('O', 'https://a')");
    row("os.getenv keyword", "import os\nCORS_ALLOWED_ORIGINS = os.getenv('O', default='x')", "'x'",
        "os.getenv('O', default='x')");
    row("split default", "import os\nCORS_ALLOWED_ORIGINS = os.environ.get('O', 'a,b').split(',')",
        "['a', 'b']", "os.environ.get('O', 'a,b').split(',')");
    row("from os import environ",
        "from os import environ\nCORS_ALLOWED_ORIGINS = environ.get('O', 'x')", "'x'",
        "environ.get('O', 'x')");
    row("django-environ call",
        "import environ\nenv = environ.Env()\nCORS_ALLOWED_ORIGINS = env('O', default=['a'])",
        "['a']", "env('O', default=['a'])");
    row("django-environ list",
        "import environ\nenv = environ.Env()\nCORS_ALLOWED_ORIGINS = env.list('O', default=['a'])",
        "['a']", "env.list('O', default=['a'])");
    row("django-environ keeps str default",
        "import environ\nenv = environ.Env()\n"
        "CORS_ALLOWED_ORIGINS = env.list('O', default='a,b')",
        "'a,b'", "env.list('O', default='a,b')");
    row("django-environ bool",
        "import environ\nenv = environ.Env()\nCORS_ALLOWED_ORIGINS = env.bool('O', default=False)",
        "False", "env.bool('O', default=False)");
    row("django-environ scheme",
        "import environ\nenv = environ.Env(O=(list, ['s']))\nCORS_ALLOWED_ORIGINS = env('O')",
        "['s']", "env('O')");
    row("decouple default",
        "from decouple import config\nCORS_ALLOWED_ORIGINS = config('O', default='x')", "'x'",
        "config('O', default='x')");
    row("decouple cast bool",
        "from decouple import config\nCORS_ALLOWED_ORIGINS = config('O', default='on', cast=bool)",
        "True", "config('O', default='on', cast=bool)");
    row("decouple cast int",
        "from decouple import config\nCORS_ALLOWED_ORIGINS = config('O', '1_0', cast=int)", "10",
        "config('O', '1_0', cast=int)");
    row("decouple Csv",
        "from decouple import config, Csv\nCORS_ALLOWED_ORIGINS = config('O', default='a, b,,c', "
        "cast=Csv())",
        "['a', 'b', 'c']", "config('O', default='a, b,,c', cast=Csv())");
    row("inside a list", "import os\nCORS_ALLOWED_ORIGINS = ['x', os.getenv('O', 'y')]",
        "['x', 'y']", "");
    row("multi-line call folded",
        "import os\nCORS_ALLOWED_ORIGINS = os.getenv(\n    'O',\n    'y',\n)", "'y'",
        "os.getenv( 'O', 'y', )");
}

void tst_SettingsReader::dynamicReads()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, expected);
    QFETCH(QString, dynamicSource);
    const SettingsReadResult result = read(source);
    QVERIFY2(result.ok, qPrintable(dump(result)));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_ALLOWED_ORIGINS")), expected);
    const PyValue *value = result.policy.value(SettingId::AllowedOrigins);
    QVERIFY(value->isDynamic());
    QCOMPARE(value->dynamicSource(), dynamicSource);
    QCOMPARE(result.read.size(), 1);
    QVERIFY(result.read.first().dynamic);
    bool noted = false;
    for (const SettingsMessage &m : result.messages)
        noted = noted
                || (m.severity == Severity::Info
                    && m.text.contains(QLatin1String("environment variable")));
    QVERIFY2(noted, qPrintable(dump(result)));
}

// --- if DEBUG -------------------------------------------------------------------------------

void tst_SettingsReader::debugBranches_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<bool>("debug");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("fromDebugBranch");

    const QByteArray ifElse = "DEBUG = True\nif DEBUG:\n    CORS_ALLOWED_ORIGINS = ['dev']\nelse:\n"
                              "    CORS_ALLOWED_ORIGINS = ['prod']\n";
    // DEBUG = True in the file: the branch Django takes, whatever the reader is asked.
    QTest::newRow("literal DEBUG = True, reading without debug")
            << ifElse << false << QStringLiteral("['dev']") << true;
    QTest::newRow("if DEBUG, reading with debug")
            << ifElse << true << QStringLiteral("['dev']") << true;
    const QByteArray notDebug = "if not DEBUG:\n    CORS_ALLOWED_ORIGINS = ['prod']\nelse:\n    "
                                "CORS_ALLOWED_ORIGINS = ['dev']\n";
    QTest::newRow("if not DEBUG") << notDebug << false << QStringLiteral("['prod']") << false;
    QTest::newRow("if not DEBUG with debug")
            << notDebug << true << QStringLiteral("['dev']") << true;
    const QByteArray overlay
            = "CORS_ALLOWED_ORIGINS = ['a']\nif DEBUG:\n    CORS_ALLOWED_ORIGINS.append('dev')\n"
              "    del CORS_ALLOWED_ORIGINS\n";
    QTest::newRow("untaken branch changes nothing")
            << overlay << false << QStringLiteral("['a']") << false;
    QTest::newRow("one-line branches") << QByteArray(
            "if DEBUG: CORS_ALLOWED_ORIGINS = ['dev']\nelse: CORS_ALLOWED_ORIGINS = ['prod']\n")
                                       << false << QStringLiteral("['prod']") << false;
    QTest::newRow("parenthesised")
            << QByteArray("if (DEBUG):\n    CORS_ALLOWED_ORIGINS = ['dev']\n") << true
            << QStringLiteral("['dev']") << true;
    QTest::newRow("nested") << QByteArray(
            "if DEBUG:\n    if not DEBUG:\n        CORS_ALLOWED_ORIGINS = ['never']\n"
            "    else:\n        CORS_ALLOWED_ORIGINS = ['dev']\n")
                            << true << QStringLiteral("['dev']") << true;
}

void tst_SettingsReader::debugBranches()
{
    QFETCH(QByteArray, source);
    QFETCH(bool, debug);
    QFETCH(QString, expected);
    QFETCH(bool, fromDebugBranch);
    const SettingsReadResult result = read(source, Profile::V4, debug);
    QVERIFY2(result.ok, qPrintable(dump(result)));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_ALLOWED_ORIGINS")), expected);
    QCOMPARE(result.read.first().debugBranch, fromDebugBranch);
    // Both branches are reported.
    int assignments = 0;
    for (const SettingsMessage &m : result.messages) {
        if (m.setting == SettingId::AllowedOrigins)
            ++assignments;
    }
    QVERIFY2(assignments >= 1, qPrintable(dump(result)));
}

void tst_SettingsReader::readRecords()
{
    const SettingsReadResult result = read("import os\n"
                                           "CORS_ALLOW_CREDENTIALS = True\n"
                                           "CORS_ALLOWED_ORIGINS = ['a']\n"
                                           "CORS_ALLOWED_ORIGINS.append(os.getenv('X', 'b'))\n"
                                           "if DEBUG:\n"
                                           "    CORS_PREFLIGHT_MAX_AGE = 1\n",
                                           Profile::V3_14, true);
    QVERIFY2(result.ok, qPrintable(dump(result)));
    QCOMPARE(result.policy.profile(), Profile::V3_14);
    QCOMPARE(result.read.size(), 3);
    QCOMPARE(result.read.at(0).id, SettingId::AllowCredentials);
    QCOMPARE(result.read.at(0).line, 2);
    QCOMPARE(result.read.at(1).id, SettingId::AllowedOrigins);
    QCOMPARE(result.read.at(1).line, 4); // the last change
    QVERIFY(result.read.at(1).dynamic);
    QCOMPARE(result.read.at(2).id, SettingId::PreflightMaxAge);
    QVERIFY(result.read.at(2).debugBranch);
    QVERIFY(!result.read.at(0).debugBranch);
    // Messages are in line order.
    for (qsizetype i = 1; i < result.messages.size(); ++i)
        QVERIFY(result.messages.at(i - 1).line <= result.messages.at(i).line);
}

// --- messages -------------------------------------------------------------------------------

void tst_SettingsReader::messages_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("severity");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<QString>("setting");

    auto row = [](const char *name, const char *source, Severity severity, int line, int column,
                  const char *fragment, const char *setting) {
        QTest::newRow(name) << QByteArray(source) << int(severity) << line << column
                            << QString::fromUtf8(fragment) << QString::fromLatin1(setting);
    };
    row("read value", "X = 1\nCORS_ALLOW_CREDENTIALS = True\n", Severity::Info, 2, 1,
        "CORS_ALLOW_CREDENTIALS = True", "CORS_ALLOW_CREDENTIALS");
    row("bare annotation", "CORS_ALLOW_CREDENTIALS: True\n", Severity::Warning, 1, 1,
        "'CORS_ALLOW_CREDENTIALS: True' is an annotation, not an assignment",
        "CORS_ALLOW_CREDENTIALS");
    row("did you mean", "\nCORS_ALLOWED_ORIGIN = ['a']\n", Severity::Warning, 2, 1,
        "CORS_ALLOWED_ORIGIN is not a setting django-cors-headers reads, so it is silently "
        "ignored; did you mean "
        "CORS_ALLOWED_ORIGINS?",
        "");
    row("did you mean: whitelist", "CORS_ORIGINS_WHITELIST = ['a']\n", Severity::Warning, 1, 1,
        "did you mean CORS_ORIGIN_WHITELIST?", "");
    row("did you mean: header", "CORS_ALLOW_HEADER = ['a']\n", Severity::Warning, 1, 1,
        "did you mean CORS_ALLOW_HEADERS?", "");
    row("did you mean: methods", "CORS_ALLOWED_METHODS = ['GET']\n", Severity::Warning, 1, 1,
        "did you mean CORS_ALLOW_METHODS?", "");
    row("did you mean: max age", "CORS_MAX_AGE = 1\n", Severity::Warning, 1, 1,
        "did you mean CORS_PREFLIGHT_MAX_AGE?", "");
    row("did you mean: lower case", "cors_allowed_origins = []\n", Severity::Warning, 1, 1,
        "did you mean CORS_ALLOWED_ORIGINS?", "");
    row("did you mean: csrf", "CSRF_TRUSTED_ORIGIN = []\n", Severity::Warning, 1, 1,
        "did you mean CSRF_TRUSTED_ORIGINS?", "");
    row("unknown CORS name", "CORS_ENABLED = True\n", Severity::Info, 1, 1,
        "CORS_ENABLED is not a django-cors-headers setting", "");
    row("missing comma",
        "CORS_ALLOWED_ORIGINS = [\n    'https://a.example'\n    'https://b.example',\n]\n",
        Severity::Warning, 2, 5, "a comma between them is probably missing", "");
    row("intended concatenation is only info", "CORS_URLS_REGEX = ['^/api/' r'v\\d+/']\n",
        Severity::Info, 1, 20, "adjacent string literals '^/api/' 'v\\\\d+/' are joined", "");
    row("invalid escape", "CORS_URLS_REGEX = '^\\d$'\n", Severity::Warning, 1, 19,
        "invalid escape sequence '\\d'", "");
    row("f-string over a known name", "HOST = 'x'\nCORS_ALLOWED_ORIGINS = [f'https://{HOST}']\n",
        Severity::Info, 2, 1, "CORS_ALLOWED_ORIGINS = ['https://x']", "CORS_ALLOWED_ORIGINS");
    row("f-string with a format spec",
        "PORT = 8000\nCORS_ALLOWED_ORIGINS = [f'http://localhost:{PORT:d}']\n", Severity::Warning,
        2, 1,
        "CORS_ALLOWED_ORIGINS on line 2 is not read: an f-string is read only with plain names in "
        "its {placeholders}",
        "CORS_ALLOWED_ORIGINS");
    row("bytes", "CORS_URLS_REGEX = b'^/api/'\n", Severity::Warning, 1, 1,
        "bytes values (b\"...\") are not read", "CORS_URLS_REGEX");
    row("comprehension over an unknown name", "CORS_ALLOWED_ORIGINS = [x for x in y]\n",
        Severity::Warning, 1, 1,
        "CORS_ALLOWED_ORIGINS on line 1 is not read: name 'y' is not defined by the statements "
        "read",
        "CORS_ALLOWED_ORIGINS");
    row("comprehension over pairs", "CORS_ALLOWED_ORIGINS = [x for x, y in []]\n",
        Severity::Warning, 1, 1,
        "CORS_ALLOWED_ORIGINS on line 1 is not read: only comprehensions of the form 'for NAME "
        "in ...' are read",
        "CORS_ALLOWED_ORIGINS");
    row("generator as a value", "CORS_ALLOWED_ORIGINS = (x for x in 'ab')\n", Severity::Warning, 1,
        1, "CORS_ALLOWED_ORIGINS on line 1 is not read: a generator expression is not a value",
        "CORS_ALLOWED_ORIGINS");
    row("conditional expression", "CORS_ALLOW_ALL_ORIGINS = True if X else False\n", Severity::Info,
        1, 26,
        "'True if X else False' on line 1 depends on what the file does not say: the policy has "
        "the variants \"'X' true\" and \"'X' false\"; this one is \"'X' false\"",
        "");
    row("conditional expression in an untaken branch",
        "if DEBUG:\n    CORS_ALLOW_ALL_ORIGINS = True if X else False\n", Severity::Info, 2, 5,
        "CORS_ALLOW_ALL_ORIGINS on line 2 is not read: name 'X' is not defined", "");
    row("lambda", "CORS_ALLOW_ALL_ORIGINS = lambda: True\n", Severity::Warning, 1, 1,
        "CORS_ALLOW_ALL_ORIGINS is set to helper, which is not a value", "CORS_ALLOW_ALL_ORIGINS");
    row("helper with an if",
        "def f():\n    if X:\n        return ['a']\n    return ['b']\nCORS_ALLOWED_ORIGINS = f()\n",
        Severity::Warning, 5, 1, "CORS_ALLOWED_ORIGINS on line 5 is not read: f could not be read",
        "CORS_ALLOWED_ORIGINS");
    row("helper read", "def f(x):\n    return [x]\nCORS_ALLOWED_ORIGINS = f('https://a.example')\n",
        Severity::Info, 3, 1, "CORS_ALLOWED_ORIGINS = ['https://a.example']",
        "CORS_ALLOWED_ORIGINS");
    row("unknown function", "CORS_ALLOWED_ORIGINS = compute()\n", Severity::Warning, 1, 1,
        "name 'compute' is not defined by the statements read", "CORS_ALLOWED_ORIGINS");
    row("call not evaluated", "import os\nCORS_ALLOWED_ORIGINS = os.path.join('a')\n",
        Severity::Warning, 2, 1, "the call os.path.join(...) is not evaluated",
        "CORS_ALLOWED_ORIGINS");
    row("environment without default", "import os\nCORS_ALLOWED_ORIGINS = os.environ['ORIGINS']\n",
        Severity::Warning, 2, 1, "os.environ[...] has no default", "CORS_ALLOWED_ORIGINS");
    row("getenv without default", "import os\nCORS_ALLOWED_ORIGINS = os.getenv('ORIGINS')\n",
        Severity::Info, 2, 24,
        "os.getenv('ORIGINS') reads the environment variable 'ORIGINS'; the reader uses its "
        "default, None",
        "");
    row("environ subscript", "import os\nCORS_ALLOWED_ORIGINS = os.environ['ORIGINS']\n",
        Severity::Warning, 2, 1, "has no default", "CORS_ALLOWED_ORIGINS");
    row("dynamic info", "import os\nCORS_ALLOWED_ORIGINS = os.getenv('ORIGINS', 'x')\n",
        Severity::Info, 2, 24,
        "os.getenv('ORIGINS', 'x') reads the environment variable 'ORIGINS'; the reader uses its "
        "default, 'x'",
        "");
    row("unreadable reference", "X = compute()\nCORS_ALLOWED_ORIGINS = [X]\n", Severity::Warning, 2,
        1, "X could not be read (line 1:", "CORS_ALLOWED_ORIGINS");
    row("star import", "from .local import *\nCORS_ALLOWED_ORIGINS = [X]\n", Severity::Warning, 2,
        1, "it may come from 'from .local import *' on line 1", "CORS_ALLOWED_ORIGINS");
    row("star import info", "from .local import *\n", Severity::Info, 1, 1,
        "'from .local import *' is not followed", "");
    row("assigned in a loop", "for x in y:\n    CORS_ALLOWED_ORIGINS = [x]\n", Severity::Warning, 2,
        5,
        "CORS_ALLOWED_ORIGINS is assigned inside the 'for' statement on line 1, which the reader "
        "does not run",
        "CORS_ALLOWED_ORIGINS");
    row("assigned in try",
        "try:\n    from local import X\nexcept ImportError:\n    CORS_ALLOW_ALL_ORIGINS = True\n",
        Severity::Warning, 4, 5, "inside the 'try' statement on line 1", "CORS_ALLOW_ALL_ORIGINS");
    row("changed in a function", "def f():\n    CORS_ALLOWED_ORIGINS.append('x')\n",
        Severity::Warning, 2, 5, "inside the function defined on line 1; that defines a local name",
        "CORS_ALLOWED_ORIGINS");
    row("assigned in another if", "if X:\n    CORS_ALLOWED_ORIGINS = []\n", Severity::Info, 1, 1,
        "'if X:' on line 1 depends on what the file does not say: the policy has the variants "
        "\"'X' true\" and \"'X' false\"; this one is \"'X' false\"",
        "");
    row("elif after DEBUG", "if DEBUG:\n    pass\nelif X:\n    CORS_ALLOWED_ORIGINS = []\n",
        Severity::Info, 4, 5,
        "CORS_ALLOWED_ORIGINS = [] (in the 'elif' branch on line 3, not taken: 'X' false)",
        "CORS_ALLOWED_ORIGINS");
    row("tainted helper", "A = ['x']\nfor i in X:\n    A = []\nCORS_ALLOWED_ORIGINS = A\n",
        Severity::Warning, 4, 24,
        "A is used as read on line 1, but it may be changed by the 'for' statement on line 2", "");
    row("DEBUG info", "if DEBUG:\n    CORS_ALLOW_ALL_ORIGINS = True\n", Severity::Info, 1, 1,
        "'if DEBUG:' on line 1 depends on what the file does not say: the policy has the "
        "variants \"DEBUG on\" and \"DEBUG off\"; this one is \"DEBUG off\"",
        "");
    row("untaken branch reported", "if DEBUG:\n    CORS_ALLOW_ALL_ORIGINS = True\n", Severity::Info,
        2, 5, "CORS_ALLOW_ALL_ORIGINS = True (in the 'if' branch on line 1, not taken: DEBUG off)",
        "CORS_ALLOW_ALL_ORIGINS");
    row("not a value", "import re\nCORS_URLS_REGEX = re.compile\n", Severity::Warning, 2, 1,
        "CORS_URLS_REGEX is set to re.compile, which is not a value", "CORS_URLS_REGEX");
    row("in-place change of a nested copy",
        "A = ['a']\nCORS_ALLOWED_ORIGINS = [A]\nA.append('b')\n", Severity::Warning, 3, 1,
        "A was placed inside another value earlier", "");
    row("symbolic in info",
        "from corsheaders.defaults import default_headers\nCORS_ALLOW_HEADERS = "
        "[*default_headers]\n",
        Severity::Info, 2, 1, "CORS_ALLOW_HEADERS = [*default_headers]", "CORS_ALLOW_HEADERS");
    row("in-place info", "CORS_ALLOWED_ORIGINS = []\nCORS_ALLOWED_ORIGINS += ['a']\n",
        Severity::Info, 2, 1, "CORS_ALLOWED_ORIGINS is now ['a']", "CORS_ALLOWED_ORIGINS");
    row("unknown unicode name", "CORS_URLS_REGEX = '\\N{YI SYLLABLE IT}'\n", Severity::Warning, 1,
        1, "the character name \\N{YI SYLLABLE IT} is not known to the reader", "CORS_URLS_REGEX");
    row("deleted", "CORS_URLS_REGEX = 'x'\ndel CORS_URLS_REGEX\n", Severity::Info, 2, 5,
        "CORS_URLS_REGEX is deleted", "CORS_URLS_REGEX");
}

void tst_SettingsReader::messages()
{
    QFETCH(QByteArray, source);
    QFETCH(int, severity);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, fragment);
    QFETCH(QString, setting);
    const SettingsReadResult result = read(source);
    QVERIFY2(result.ok, qPrintable(dump(result)));
    bool found = false;
    for (const SettingsMessage &m : result.messages) {
        if (int(m.severity) == severity && m.line == line && m.column == column
            && m.text.contains(fragment)
            && (setting.isEmpty() || (m.setting && settingName(*m.setting) == setting)))
            found = true;
    }
    QVERIFY2(found,
             qPrintable(QStringLiteral("no %1 %2:%3 \"%4\" in\n%5")
                                .arg(severityName(Severity(severity)))
                                .arg(line)
                                .arg(column)
                                .arg(fragment, dump(result))));
}

void tst_SettingsReader::quietOnOrdinarySettings()
{
    // A real settings file has hundreds of statements the reader has no business with.
    QFile file(dataDir + QStringLiteral("/real_world_1.py"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const SettingsReadResult result = read(file.readAll());
    QVERIFY2(result.ok, qPrintable(dump(result)));
    for (const SettingsMessage &m : result.messages) {
        QVERIFY2(m.severity == Severity::Info, qPrintable(dump(result)));
        QVERIFY2(m.setting.has_value(), qPrintable(dump(result)));
    }
    QCOMPARE(result.read.size(), 3);
}

// --- errors ---------------------------------------------------------------------------------

void tst_SettingsReader::errors_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    auto row = [](const char *name, const QByteArray &source, const char *message, int line,
                  int column) {
        QTest::newRow(name) << source << QString::fromUtf8(message) << line << column;
    };
    // Positions as CPython 3.11 reports them (SyntaxError.lineno / .offset).
    row("unterminated string", "x = 'abc\n", "unterminated string literal (detected at line 1)", 1,
        5);
    row("unterminated prefixed string", "x = rb\"abc\n",
        "unterminated string literal (detected at line 1)", 1, 5);
    row("unterminated after continuation", "x = \"a\\\nb",
        "unterminated string literal (detected at line 2)", 1, 5);
    row("unterminated triple", "x = '''abc\n\n",
        "unterminated triple-quoted string literal (detected at line 2)", 1, 5);
    row("never closed", "x = (1,\n2\n", "'(' was never closed", 1, 5);
    row("never closed, next statement", "x = [1,\ny = 2\n", "'[' was never closed", 1, 5);
    row("unmatched", "x = 1)\n", "unmatched ')'", 1, 6);
    row("mismatched", "x = (1]\n", "closing parenthesis ']' does not match opening parenthesis '('",
        1, 7);
    row("mismatched across lines", "x = (1,\n 2]\n",
        "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 3);
    row("unexpected indent", "x = 1\n    y = 2\n", "unexpected indent", 2, 4);
    row("unexpected indent at start", " x = 1\n", "unexpected indent", 1, 1);
    row("unindent", "if x:\n    a=1\n  b=2\n",
        "unindent does not match any outer indentation level", 3, 6);
    row("tabs and spaces", "if x:\n\tx=1\n        y=2\n",
        "inconsistent use of tabs and spaces in indentation", 3, 1);
    row("expected indented block", "if x:\nb=2\n",
        "expected an indented block after 'if' statement on line 1", 2, 1);
    row("expected indented block after def", "def f():\nx=1\n",
        "expected an indented block after function definition on line 1", 2, 1);
    row("expected indented block after DEBUG", "if DEBUG:\nx=1\n",
        "expected an indented block after 'if' statement on line 1", 2, 1);
    row("expected colon", "if x\n    y\n", "expected ':'", 1, 5);
    row("invalid character", "x = 1 € 2\n", "invalid character '€' (U+20AC)", 1, 7);
    row("smart quote", "CORS_ALLOWED_ORIGINS = [“https://a”]\n", "invalid character '“' (U+201C)",
        1, 25);
    row("non-printable", "x = 1\x0b\n", "invalid non-printable character U+000B", 1, 6);
    row("nbsp", "x = 1 \xc2\xa0\n", "invalid non-printable character U+00A0", 1, 7);
    row("dollar", "x = 5 $\n", "invalid syntax", 1, 7);
    row("NUL byte", QByteArray("x = 1\ny = \0\n", 12), "source code cannot contain null bytes", 2,
        5);
    row("invalid UTF-8", "x = 1\ny = '\xff'\n",
        "Non-UTF-8 code starting with '\\xff' on line 2, but no encoding declared; see "
        "https://peps.python.org/pep-0263/ for details",
        2, 6);
    row("invalid decimal literal", "x = 1abc\n", "invalid decimal literal", 1, 5);
    row("underscore at end", "x = 1_\n", "invalid decimal literal", 1, 6);
    row("double underscore", "x = 1__0\n", "invalid decimal literal", 1, 6);
    row("empty exponent", "x = 1e+\n", "invalid decimal literal", 1, 7);
    row("leading zeros", "x = 0777\n",
        "leading zeros in decimal integer literals are not permitted; use an 0o "
        "prefix for octal integers",
        1, 5);
    row("octal digit", "x = 0o78\n", "invalid digit '8' in octal literal", 1, 8);
    row("binary digit", "x = 0b12\n", "invalid digit '2' in binary literal", 1, 8);
    row("empty hex", "x = 0x\n", "invalid hexadecimal literal", 1, 6);
    row("continuation then character", "x = \\ 1\n",
        "unexpected character after line continuation character", 1, 6);
    row("continuation at end", "x = 1 \\\n", "unexpected EOF while parsing", 1, 8);
    row("missing comma", "x = [1 2]\n", "invalid syntax. Perhaps you forgot a comma?", 1, 6);
    row("two values", "x = 1 2\n", "invalid syntax", 1, 7);
    row("empty value", "x =\n", "invalid syntax", 1, 4);
    row("double comma", "x = [1,,2]\n", "invalid syntax", 1, 8);
    row("if without condition", "x = [1] if\n", "invalid syntax", 1, 11);
    row("else without if", "x = 1 else 2\n", "invalid syntax", 1, 7);
    row("dict without colon", "x = {1:2, 3}\n", "':' expected after dictionary key", 1, 11);
    row("set with colon", "x = {1, 2:3}\n", "invalid syntax", 1, 10);
    row("starred alone", "x = *a\n", "can't use starred expression here", 1, 5);
    row("assign to literal", "x = 1 = 2\n", "cannot assign to literal", 1, 5);
    row("assign to call", "f() = 1\n",
        "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1);
    row("augmented tuple", "x, y += 1\n",
        "'tuple' is an illegal expression for augmented assignment", 1, 1);
    row("mixed bytes", "x = 'a' b'c'\n", "cannot mix bytes and nonbytes literals", 1, 13);
    row("bytes non-ASCII", "x = b'é'\n", "bytes can only contain ASCII literal characters", 1, 9);
    row("truncated \\x", "x = '\\x4'\n",
        "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: "
        "truncated \\xXX escape",
        1, 10);
    row("truncated \\u", "x = '\\u12'\n",
        "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: "
        "truncated \\uXXXX escape",
        1, 11);
    row("illegal \\U", "x = '\\U00110000'\n",
        "(unicode error) 'unicodeescape' codec can't decode bytes in position "
        "0-9: illegal Unicode character",
        1, 17);
    row("malformed \\N", "x = '\\N'\n",
        "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: "
        "malformed \\N character escape",
        1, 9);
    row("f-string brace", "x = f'{a'\n", "f-string: expecting '}'", 1, 10);
    row("f-string single close", "x = f'}'\n", "f-string: single '}' is not allowed", 1, 9);
    row("f-string empty", "x = f'a{ }'\n", "f-string: empty expression not allowed", 1, 12);
    row("ur prefix", "x = ur'x'\n", "invalid syntax", 1, 7);
    row("too many digits", "x = " + QByteArray(4301, '1') + "\n",
        "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use "
        "sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge "
        "integer literals "
        "to avoid decimal conversion limits.",
        1, 5);
    row("too many parentheses", "x = " + QByteArray(201, '(') + QByteArray(201, ')') + "\n",
        "too many nested parentheses", 1, 205);
    row("stray else", "else:\n    x = 1\n", "invalid syntax", 1, 1);
    // Python raises while importing: the file cannot be imported either.
    row("tuple plus list",
        "from corsheaders.defaults import default_headers\nx = default_headers + ['x']\n",
        "Python raises TypeError: can only concatenate tuple (not \"list\") to tuple when it "
        "imports this file",
        2, 5);
    row("unhashable", "x = {['a']}\n",
        "Python raises TypeError: unhashable type: 'list' when it imports this file", 1, 5);
    row("unpacking", "a, b = 'abc'\n",
        "Python raises ValueError: too many values to unpack (expected 2) when it "
        "imports this file",
        1, 1);
    row("missing default import", "from corsheaders.defaults import default_header\n",
        "Python raises ImportError: cannot import name 'default_header' from "
        "'corsheaders.defaults' when it "
        "imports this file",
        1, 1);
    row("list.remove", "x = ['a']\nx.remove('b')\n",
        "Python raises ValueError: list.remove(x): x not in list when "
        "it imports this file",
        2, 1);
}

void tst_SettingsReader::errors()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const SettingsReadResult result = read(source);
    QVERIFY2(!result.ok, qPrintable(dump(result)));
    QVERIFY(result.policy.definedSettings().isEmpty());
    const SettingsMessage *error = firstError(result);
    QVERIFY2(error, qPrintable(dump(result)));
    QCOMPARE(error->text, message);
    QCOMPARE(error->line, line);
    QCOMPARE(error->column, column);
}

void tst_SettingsReader::encodings_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("expected");

    QTest::newRow("UTF-8") << QByteArray("CORS_URLS_REGEX = 'caf\xc3\xa9'\n")
                           << QStringLiteral("'café'");
    QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf"
                                       "CORS_URLS_REGEX = 'x'\n")
                         << QStringLiteral("'x'");
    QTest::newRow("latin-1 cookie")
            << QByteArray("# -*- coding: latin-1 -*-\nCORS_URLS_REGEX = 'caf\xe9'\n")
            << QStringLiteral("'café'");
    QTest::newRow("cookie on line 2")
            << QByteArray("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\n"
                          "CORS_URLS_REGEX = '\xb5'\n")
            << QStringLiteral("'µ'");
    QTest::newRow("cp1252 cookie")
            << QByteArray("# coding=cp1252\nCORS_URLS_REGEX = '\x80'\n") << QStringLiteral("'€'");
    QTest::newRow("CRLF") << QByteArray("CORS_URLS_REGEX = '''a\r\nb'''\r\n")
                          << QStringLiteral("'a\\nb'");
    QTest::newRow("lone CR") << QByteArray("X = 1\rCORS_URLS_REGEX = 'x'\r")
                             << QStringLiteral("'x'");
}

void tst_SettingsReader::encodings()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, expected);
    const SettingsReadResult result = read(source);
    QVERIFY2(result.ok, qPrintable(dump(result)));
    QCOMPARE(valueOf(result, QStringLiteral("CORS_URLS_REGEX")), expected);
}

// --- hostile input --------------------------------------------------------------------------

void tst_SettingsReader::hostile_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("fragment");    // in the first error, or in the setting's value
    QTest::addColumn<int>("maxMilliseconds"); // generous: Debug builds on a busy machine

    const QByteArray tenMegabytes = []() -> QByteArray {
        // A typical module blown up to 10 MB: every statement a distinct setting.
        QByteArray out = "import os\nFRONTEND = 'https://app.example.com'\n";
        for (int i = 0; out.size() < 10 * 1024 * 1024; ++i) {
            out += "SETTING_" + QByteArray::number(i)
                    + " = {'name': 'value', 'items': [1, 2, 'x'], 'n': {'a': (1, 2)}}\n";
            out += "LIST_" + QByteArray::number(i)
                    + " = ['https://a.example', FRONTEND]  # comment (\n";
            out += "VALUE_" + QByteArray::number(i) + " = os.environ.get('V', 'default')\n";
        }
        return out + "CORS_ALLOWED_ORIGINS = [FRONTEND]\n";
    }();
    QTest::newRow("10 MB module") << tenMegabytes << true
                                  << QStringLiteral("['https://app.example.com']") << 20000;
    QTest::newRow("10 MB of comments")
            << QByteArray("# " + QByteArray(10 * 1024 * 1024, '(') + "\nCORS_URLS_REGEX = 'x'\n")
            << true << QStringLiteral("'x'") << 10000;
    // Past SettingsReadLimits (docs/limits.md): the file, or the statement, is refused.
    QTest::newRow("1 million list items")
            << QByteArray("CORS_ALLOWED_ORIGINS = ["
                          + QByteArray("'https://a.example', ").repeated(1000000) + "]\n")
            << false
            << QStringLiteral("CORS_ALLOWED_ORIGINS has 1000000 entries, more than the 100000")
            << 30000;
    QTest::newRow("2 million numbers, 4 million tokens")
            << QByteArray("CORS_PREFLIGHT_MAX_AGE = [" + QByteArray("1,").repeated(2000000) + "]\n")
            << false
            << QStringLiteral("CORS_PREFLIGHT_MAX_AGE has 2000000 entries, more than the 100000")
            << 30000;
    QTest::newRow("8 MB string") << QByteArray("CORS_URLS_REGEX = '"
                                               + QByteArray(8 * 1024 * 1024, 'a') + "'\n")
                                 << true << QStringLiteral("'aaaa") << 10000;
    QTest::newRow("8 MB of escapes") << QByteArray(
            "CORS_URLS_REGEX = '" + QByteArray("\\n").repeated(4 * 1024 * 1024) + "'\n")
                                     << true << QStringLiteral("'\\n\\n") << 15000;
    QTest::newRow("unterminated 8 MB string")
            << QByteArray("CORS_URLS_REGEX = '" + QByteArray(8 * 1024 * 1024, 'a')) << false
            << QStringLiteral("unterminated string literal") << 10000;
    QTest::newRow("unterminated triple quote, 100k lines")
            << QByteArray("X = '''" + QByteArray("line\n").repeated(100000)) << false
            << QStringLiteral("unterminated triple-quoted string literal (detected at line 100000)")
            << 10000;
    QTest::newRow("100k open brackets") << QByteArray("x = " + QByteArray(100000, '[')) << false
                                        << QStringLiteral("too many nested parentheses") << 5000;
    QTest::newRow("200 nested lists are fine") << QByteArray(
            "CORS_ALLOWED_ORIGINS = " + QByteArray(200, '[') + QByteArray(200, ']') + "\n")
                                               << true << QStringLiteral("[[[[") << 5000;
    QTest::newRow("100k closing brackets") << QByteArray("x = " + QByteArray(100000, ']')) << false
                                           << QStringLiteral("unmatched ']'") << 5000;
    QTest::newRow("1 million unary minus")
            << QByteArray("CORS_PREFLIGHT_MAX_AGE = " + QByteArray(1000000, '-') + "1\n") << false
            << QStringLiteral("too complex") << 10000;
    QTest::newRow("1 million not") << QByteArray(
            "CORS_ALLOW_CREDENTIALS = " + QByteArray("not ").repeated(1000000) + "1\n")
                                   << false << QStringLiteral("too complex") << 10000;
    QTest::newRow("500k additions")
            << QByteArray("CORS_PREFLIGHT_MAX_AGE = 1" + QByteArray("+1").repeated(500000) + "\n")
            << false << QStringLiteral("too complex") << 10000;
    QTest::newRow("500k attribute accesses")
            << QByteArray("CORS_URLS_REGEX = x" + QByteArray(".y").repeated(500000) + "\n") << false
            << QStringLiteral("too complex") << 10000;
    QTest::newRow("100 indentation levels") << []() -> QByteArray {
        QByteArray out;
        for (int i = 0; i < 101; ++i)
            out += QByteArray(i, ' ') + "if x:\n";
        return out + QByteArray(101, ' ') + "pass\n";
    }() << false
        << QStringLiteral("too many levels of indentation") << 5000;
    QTest::newRow("binary junk") << []() -> QByteArray {
        QByteArray out(1024 * 1024, '\0');
        QRandomGenerator generator(42);
        for (char &c : out)
            c = char(generator.bounded(1, 256));
        return out;
    }() << false
        << QStringLiteral("Non-UTF-8 code") << 5000;
    QTest::newRow("100k lines of 'if DEBUG:'")
            << QByteArray("if DEBUG:\n    CORS_ALLOW_ALL_ORIGINS = True\n").repeated(100000) << true
            << QStringLiteral("<unset>") << 30000;
    QTest::newRow("semicolons") << QByteArray(
            QByteArray("CORS_ALLOWED_ORIGINS = ['a'];").repeated(100000) + "\n")
                                << true << QStringLiteral("['a']") << 30000;
    QTest::newRow("huge set of duplicates") << QByteArray(
            "CORS_ALLOWED_ORIGINS = {" + QByteArray("'a', 1, True, 1.0, ").repeated(200000) + "}\n")
                                            << true << QStringLiteral("{'a', 1}") << 20000;
    QTest::newRow("repetition bomb") << QByteArray("CORS_ALLOWED_ORIGINS = ['x'] * 10**12\n")
                                     << true << QStringLiteral("<unset>") << 5000;
    QTest::newRow("helper calling itself three times over")
            << QByteArray("def f(x):\n    return [f(x), f(x), f(x)]\nCORS_ALLOWED_ORIGINS = f(1)\n")
            << true << QStringLiteral("<unset>") << 5000;
    QTest::newRow("comprehension over a million items")
            << QByteArray("CORS_ALLOW_HEADERS = [str(i) for i in 'x' * 1000000]\n") << false
            << QStringLiteral("more than the 100000") << 10000;
    QTest::newRow("comprehension over 90000 items")
            << QByteArray("CORS_ALLOW_HEADERS = [str(i) for i in 'x' * 90000]\n") << true
            << QStringLiteral("['x'") << 10000;
    QTest::newRow("repetition bomb without power")
            << QByteArray("CORS_ALLOWED_ORIGINS = ['x'] * 1000000000000\n") << true
            << QStringLiteral("<unset>") << 5000;
    QTest::newRow("huge hex literal")
            << QByteArray("CORS_PREFLIGHT_MAX_AGE = 0x" + QByteArray(1000000, 'f') + "\n") << true
            << QStringLiteral("<unset>") << 5000;
}

void tst_SettingsReader::hostile()
{
    QFETCH(QByteArray, source);
    QFETCH(bool, ok);
    QFETCH(QString, fragment);
    QFETCH(int, maxMilliseconds);
    QElapsedTimer timer;
    timer.start();
    const SettingsReadResult result = read(source);
    const qint64 elapsed = timer.elapsed();
    // Reported, not asserted: the sanitizer build is several times slower, and a real hang is
    // caught by ctest's timeout.
    if (elapsed > maxMilliseconds)
        qWarning("took %lld ms, more than the %d ms expected", elapsed, maxMilliseconds);
    QCOMPARE(result.ok, ok);
    if (ok) {
        QString value = QStringLiteral("<unset>");
        for (SettingId id : result.policy.definedSettings())
            value = Settings::displayValue(*result.policy.value(id), 200);
        QVERIFY2(value.startsWith(fragment), qPrintable(value.left(300)));
    } else {
        const SettingsMessage *error = firstError(result);
        QVERIFY(error);
        QVERIFY2(error->text.contains(fragment), qPrintable(error->text));
        QVERIFY(error->line > 0);
    }
    qInfo("%lld ms", elapsed);
}

void tst_SettingsReader::mutatedCorpusNeverCrashes()
{
    // Random byte edits of real settings files: whatever the outcome, it is a clean one.
    const QStringList files
            = QDir(dataDir).entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    QRandomGenerator generator(20240601);
    const char alphabet[] = "()[]{}'\"\\#:,=\n \t*+-.rbfuRBFU0123456789xoeE_abcDEBUGif";
    int failures = 0;
    int runs = 0;
    for (const QString &name : files) {
        QFile file(dataDir + u'/' + name);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray original = file.readAll();
        for (int round = 0; round < 25; ++round) {
            QByteArray mutated = original;
            const int edits = 1 + generator.bounded(5);
            for (int e = 0; e < edits && !mutated.isEmpty(); ++e) {
                const int at = generator.bounded(int(mutated.size()));
                switch (generator.bounded(3)) {
                case 0:
                    mutated[at] = alphabet[generator.bounded(int(sizeof alphabet) - 1)];
                    break;
                case 1:
                    mutated.insert(at, alphabet[generator.bounded(int(sizeof alphabet) - 1)]);
                    break;
                default:
                    mutated.remove(at, 1 + generator.bounded(8));
                    break;
                }
            }
            for (bool debug : {false, true}) {
                const SettingsReadResult result = read(mutated, Profile::V3_14, debug);
                ++runs;
                if (!result.ok) {
                    ++failures;
                    QVERIFY(firstError(result));
                    QVERIFY(firstError(result)->line >= 0);
                }
            }
        }
    }
    qInfo("%d runs, %d rejected", runs, failures);
}

void tst_SettingsReader::fileLimits()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const SettingsReadResult missing
            = readDjangoSettingsFile(dir.filePath(QStringLiteral("missing.py")));
    QVERIFY(!missing.ok);
    QVERIFY(firstError(missing)->text.startsWith(QLatin1String("Cannot read ")));

    QFile huge(dir.filePath(QStringLiteral("huge.py")));
    QVERIFY(huge.open(QIODevice::WriteOnly));
    QVERIFY(huge.resize(qint64(65) * 1024 * 1024)); // sparse: costs no disk
    huge.close();
    const SettingsReadResult refused = readDjangoSettingsFile(huge.fileName());
    QVERIFY(!refused.ok);
    QVERIFY2(firstError(refused)->text.contains(QLatin1String("more than the 4 MiB")),
             qPrintable(dump(refused)));

    const SettingsReadResult sample
            = readDjangoSettingsFile(dataDir + QStringLiteral("/basic_lists.py"));
    QVERIFY2(sample.ok, qPrintable(dump(sample)));
    QCOMPARE(sample.read.size(), 10);
}

// --- differential test against Python -------------------------------------------------------

void tst_SettingsReader::differential()
{
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFileInfo::exists(python))
        QSKIP("/usr/bin/python3 is missing: the differential test runs the corpus with Debian's "
              "Python");
    const QStringList files
            = QDir(dataDir).entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 60);
    QStringList paths;
    for (const QString &name : files)
        paths.append(dataDir + u'/' + name);

    QProcess oracle;
    oracle.setProgram(python);
    oracle.setArguments(QStringList {oraclePath} + paths);
    oracle.start();
    QVERIFY2(oracle.waitForFinished(120000), "the oracle did not finish within 2 minutes");
    QVERIFY2(oracle.exitStatus() == QProcess::NormalExit && oracle.exitCode() == 0,
             oracle.readAllStandardError().constData());
    QJsonParseError parseError;
    const QJsonObject output
            = QJsonDocument::fromJson(oracle.readAllStandardOutput(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    if (output.contains(QLatin1String("unavailable")))
        QSKIP(qPrintable(
                QStringLiteral("django-cors-headers is not importable by /usr/bin/python3 (%1)")
                        .arg(output.value(QLatin1String("unavailable")).toString())));
    const QJsonObject results = output.value(QLatin1String("files")).toObject();

    QStringList failures;
    int compared = 0;
    int withCaveat = 0;
    int notRead = 0;
    int errorFiles = 0;
    for (const QString &path : std::as_const(paths)) {
        const QString name = QFileInfo(path).fileName();
        const QJsonObject expected = results.value(path).toObject();
        if (expected.contains(QLatin1String("error"))) {
            ++errorFiles;
            const QJsonObject error = expected.value(QLatin1String("error")).toObject();
            const SettingsReadResult result = readDjangoSettingsFile(path, {Profile::V3_14, false});
            const SettingsMessage *mine = firstError(result);
            if (result.ok || !mine) {
                failures.append(QStringLiteral("%1: Python fails (%2: %3), the reader does not")
                                        .arg(name, error.value(QLatin1String("type")).toString(),
                                             error.value(QLatin1String("message")).toString()));
                continue;
            }
            const QString type = error.value(QLatin1String("type")).toString();
            const QString message = error.value(QLatin1String("message")).toString();
            const int line = error.value(QLatin1String("line")).toInt();
            const int offset = error.value(QLatin1String("offset")).toInt();
            if (type == QLatin1String("SyntaxError") || type == QLatin1String("IndentationError")
                || type == QLatin1String("TabError")) {
                // CPython counts this offset in bytes of the token; the reader in code points.
                const bool byteOffset = message.startsWith(QLatin1String("bytes can only"));
                if (mine->text != message || mine->line != line
                    || (!byteOffset && mine->column != offset))
                    failures.append(QStringLiteral("%1: Python %2 %3:%4 '%5', reader %6:%7 '%8'")
                                            .arg(name, type)
                                            .arg(line)
                                            .arg(offset)
                                            .arg(message)
                                            .arg(mine->line)
                                            .arg(mine->column)
                                            .arg(mine->text));
            } else {
                const QString exception
                        = type + QStringLiteral(": ") + message.section(QStringLiteral(" ("), 0, 0);
                if (!mine->text.contains(exception) || mine->line != line)
                    failures.append(
                            QStringLiteral("%1: Python raises '%2' on line %3, reader %4:%5 '%6'")
                                    .arg(name, exception)
                                    .arg(line)
                                    .arg(mine->line)
                                    .arg(mine->column)
                                    .arg(mine->text));
            }
            continue;
        }

        // Read with the DEBUG value the module had when Python ran it: both take the same branches.
        const bool debug = expected.value(QLatin1String("debug")).toBool();
        const SettingsReadResult result = readDjangoSettingsFile(path, {Profile::V3_14, debug});
        if (!result.ok) {
            failures.append(QStringLiteral("%1: Python imports it, the reader fails:\n%2")
                                    .arg(name, dump(result)));
            continue;
        }
        const QJsonObject settings = expected.value(QLatin1String("settings")).toObject();
        QSet<SettingId> warned;
        for (const SettingsMessage &m : result.messages) {
            if (m.setting && m.severity != Severity::Info)
                warned.insert(*m.setting);
        }
        QSet<SettingId> readIds;
        for (const ReadSetting &r : result.read) {
            readIds.insert(r.id);
            if (warned.contains(r.id)) {
                ++withCaveat; // read with a caveat: not claimed
                continue;
            }
            const QString settingText = settingName(r.id);
            if (!settings.contains(settingText)) {
                failures.append(QStringLiteral("%1: the reader defines %2, Python does not")
                                        .arg(name, settingText));
                continue;
            }
            QStringList differences;
            diff(canonical(result.policy.value(r.id)->resolved(Profile::V3_14)),
                 settings.value(settingText), name + u' ' + settingText, &differences);
            failures += differences;
            ++compared;
        }
        // What Python defines and the reader did not read must come with a reason.
        for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
            const auto id = settingFromName(it.key());
            QVERIFY(id);
            if (!readIds.contains(*id))
                ++notRead;
            if (!readIds.contains(*id) && !warned.contains(*id))
                failures.append(QStringLiteral("%1: Python defines %2 = %3; the reader neither "
                                               "read it nor said why")
                                        .arg(name, it.key(), compact(it.value())));
        }
    }
    qInfo("%lld files: %d settings compared, %d read with a caveat, %d not read (with a reason); "
          "%d files "
          "Python rejects, compared as errors",
          qlonglong(paths.size()), compared, withCaveat, notRead, errorFiles);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    QVERIFY(compared >= 300);
}

// --- variants against Python ------------------------------------------------------------------

// Every module of tests/data/settings_variants run by real Python once per variant, with the
// environment its header gives (tests/differential/settings_variant_oracle.py): the reader must
// find exactly those variants, and in each, every setting it reads must equal Python's value and
// every setting Python defines must be read or listed as unread.
void tst_SettingsReader::variantCorpus()
{
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFileInfo::exists(python))
        QSKIP("/usr/bin/python3 is missing: the variant corpus runs with Debian's Python");
    const QString dir = QStringLiteral(CORS_TEST_DATA_DIR "/settings_variants");
    const QStringList files
            = QDir(dir).entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 10);
    QStringList paths;
    for (const QString &name : files)
        paths.append(dir + u'/' + name);

    QProcess oracle;
    oracle.setProgram(python);
    oracle.setArguments(QStringList {QStringLiteral(
                                CORS_SOURCE_DIR "/tests/differential/settings_variant_oracle.py")}
                        + paths);
    oracle.start();
    QVERIFY2(oracle.waitForFinished(120000), "the oracle did not finish within 2 minutes");
    QVERIFY2(oracle.exitStatus() == QProcess::NormalExit && oracle.exitCode() == 0,
             oracle.readAllStandardError().constData());
    const QJsonObject output = QJsonDocument::fromJson(oracle.readAllStandardOutput()).object();
    if (output.contains(QLatin1String("unavailable")))
        QSKIP("django-cors-headers is not importable by /usr/bin/python3");
    const QJsonObject results = output.value(QLatin1String("files")).toObject();

    QStringList failures;
    int compared = 0;
    int unread = 0;
    int variantCount = 0;
    for (const QString &path : std::as_const(paths)) {
        const QString name = QFileInfo(path).fileName();
        const QJsonObject expected
                = results.value(path).toObject().value(QLatin1String("variants")).toObject();
        const SettingsVariants variants
                = readDjangoSettingsFileVariants(path, {Profile::V3_14, false});
        QStringList mine;
        for (const SettingsVariant &v : variants.variants)
            mine.append(v.name);
        QStringList theirs = expected.keys();
        QStringList sortedMine = mine;
        sortedMine.sort();
        theirs.sort();
        if (sortedMine != theirs) {
            failures.append(
                    QStringLiteral("%1: the reader's variants are \"%2\", the file's \"%3\"")
                            .arg(name, mine.join(QStringLiteral("\", \"")),
                                 theirs.join(QStringLiteral("\", \""))));
            continue;
        }
        for (const SettingsVariant &v : variants.variants) {
            ++variantCount;
            const QString where = name + QStringLiteral(" [") + v.name + u']';
            const QJsonObject python = expected.value(v.name).toObject();
            if (python.contains(QLatin1String("error"))) {
                failures.append(QStringLiteral("%1: Python fails: %2")
                                        .arg(where, compact(python.value(QLatin1String("error")))));
                continue;
            }
            if (!v.result.ok) {
                failures.append(
                        QStringLiteral("%1: the reader fails:\n%2").arg(where, dump(v.result)));
                continue;
            }
            const QJsonObject settings = python.value(QLatin1String("settings")).toObject();
            QSet<SettingId> unreadIds;
            for (const UnreadSetting &u : v.result.unread)
                unreadIds.insert(u.id);
            unread += int(unreadIds.size());
            QSet<SettingId> readIds;
            for (const ReadSetting &r : v.result.read) {
                readIds.insert(r.id);
                const QString settingText = settingName(r.id);
                if (unreadIds.contains(r.id))
                    continue;
                if (!settings.contains(settingText)) {
                    failures.append(QStringLiteral("%1: the reader defines %2, Python does not")
                                            .arg(where, settingText));
                    continue;
                }
                QStringList differences;
                diff(canonical(v.result.policy.value(r.id)->resolved(Profile::V3_14)),
                     settings.value(settingText), where + u' ' + settingText, &differences);
                failures += differences;
                ++compared;
            }
            for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
                const auto id = settingFromName(it.key());
                QVERIFY(id);
                if (!readIds.contains(*id) && !unreadIds.contains(*id))
                    failures.append(QStringLiteral("%1: Python defines %2 = %3; the reader neither "
                                                   "read it nor listed it as unread")
                                            .arg(where, it.key(), compact(it.value())));
            }
        }
    }
    qInfo("%lld files, %d variants: %d settings equal to Python's, %d listed as unread",
          qlonglong(paths.size()), variantCount, compared, unread);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    QVERIFY(compared >= 30);
}

void tst_SettingsReader::helperVariableIsNotAMisspelling()
{
    // Assigned, then used: a helper, not a misspelled setting (issue 16).
    const SettingsReadResult helper = read("cors_allowed_origins = ['https://a.example']\n"
                                           "CORS_ALLOWED_ORIGINS = cors_allowed_origins\n",
                                           Profile::V4, false);
    for (const SettingsMessage &m : helper.messages)
        QVERIFY2(!m.text.contains(QLatin1String("did you mean")), qPrintable(m.text));
    QCOMPARE(valueOf(helper, QStringLiteral("CORS_ALLOWED_ORIGINS")),
             QStringLiteral("['https://a.example']"));
    // Assigned and never used: still the likely mistake it was.
    const SettingsReadResult typo
            = read("cors_allowed_origins = ['https://a.example']\n", Profile::V4, false);
    bool warned = false;
    for (const SettingsMessage &m : typo.messages)
        warned = warned || m.text.contains(QLatin1String("did you mean CORS_ALLOWED_ORIGINS"));
    QVERIFY2(warned, qPrintable(dump(typo)));
}

QTEST_APPLESS_MAIN(tst_SettingsReader)

#include "tst_settingsreader.moc"
