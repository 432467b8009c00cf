// SPDX-License-Identifier: MIT
#include "io/jsonwriter.h"
#include "policy/profile.h"
#include "python/pysemantics.h"
#include "pythonoracle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <cstring>

using namespace Cors;

class tst_PySemantics : public QObject
{
    Q_OBJECT

private slots:
    void reprStringMatchesPython();
    void reprFloatMatchesPython();
    void isSpaceMatchesPython();
    void reprOfContainersMatchesPython();
    void truthiness_data();
    void truthiness();
    void typeErrors();
    void resolvesSymbolicDefaults();
};

void tst_PySemantics::reprStringMatchesPython()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    QStringList samples = {
            QString(),
            QStringLiteral("plain"),
            QStringLiteral("it's"),
            QStringLiteral("say \"hi\""),
            QStringLiteral("both ' and \""),
            QStringLiteral("back\\slash"),
            QStringLiteral("tab\there"),
            QStringLiteral("nl\nx\ry"),
            QString::fromUtf8("caf\u00e9"),
            QString::fromUtf8("nbsp\u00a0"),
            QString::fromUtf8("shy\u00ad"),
            QString::fromUtf8("zwsp\u200b"),
            QString::fromUtf8("ls\u2028"),
            QString::fromUtf8("euro\u20ac"),
            QString::fromUtf8("astral \U0001F600"),
            QString::fromUtf8("private \uE000"),
            QString::fromUtf8("unassigned \u0378"),
            QString::fromUtf8("ideographic\u3000space"),
            QString::fromUtf8("\u0085next line"),
    };
    // Every code point below 0x250 and a stride through the rest of the BMP and beyond.
    for (char32_t cp = 0; cp < 0x250; ++cp)
        samples.append(QString::fromUcs4(&cp, 1));
    for (char32_t cp = 0x250; cp < 0x30000; cp += 97) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;
        samples.append(QString::fromUcs4(&cp, 1));
    }
    // The same inside longer ASCII text at every offset of a 16-unit block, and some astral
    // ones: both writers take plain ASCII eight units at a time.
    for (char32_t cp = 0; cp < 0x250; ++cp) {
        QString s = QStringLiteral("0123456789abcdefghij");
        s.insert(int(cp % 17), QString::fromUcs4(&cp, 1));
        samples.append(s);
    }
    // Short texts (the writer takes four to seven plain units in two overlapping loads, and the
    // last eight of a longer one in one): every length up to 17 with a unit that needs more than
    // one byte at every position, and plain.
    const QList<QString> specials = {QStringLiteral("\""),         QStringLiteral("\\"),
                                     QStringLiteral("\n"),         QString(QChar(0)),
                                     QStringLiteral("\u00e9"),     QStringLiteral("\uffff"),
                                     QStringLiteral("\U0001F600"), QStringLiteral("\u007f")};
    for (int length = 0; length <= 17; ++length) {
        const QString plain = QStringLiteral("ABCDEFGHIJKLMNOPQ").left(length);
        samples.append(plain);
        for (const QString &special : specials) {
            for (int at = 0; at <= length; ++at)
                samples.append(QString(plain).insert(at, special));
        }
    }
    for (char32_t cp = 0x1F600; cp < 0x1F610; ++cp)
        samples.append(QStringLiteral("0123456789").left(int(cp % 10)) + QString::fromUcs4(&cp, 1)
                       + QStringLiteral("abcdefghijklmnop"));
    QByteArray input;
    for (const QString &s : samples) {
        JsonWriter::appendString(input, s);
        input += '\n';
    }
    const QByteArray output = Test::runPython(
            QStringLiteral("import json,sys\n"
                           "for line in sys.stdin: print(json.dumps(repr(json.loads(line))))\n"),
            input);
    const QList<QByteArray> lines = output.trimmed().split('\n');
    QCOMPARE(lines.size(), samples.size());
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const QString expected
                = QJsonDocument::fromJson('[' + lines.at(i) + ']').array().at(0).toString();
        QCOMPARE(Py::reprString(samples.at(i)), expected);
    }
}

void tst_PySemantics::reprFloatMatchesPython()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    QList<double> values = {0.0,
                            -0.0,
                            1.0,
                            1.5,
                            -5.25,
                            0.1,
                            1e16,
                            1e15,
                            1e-4,
                            1e-5,
                            123456789012345678.0,
                            1.7976931348623157e308,
                            5e-324,
                            2.5e-10,
                            1234.5678,
                            100.0,
                            1e22,
                            0.000123};
    QRandomGenerator rng(7);
    for (int i = 0; i < 400; ++i) {
        quint64 bits = rng.generate64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (std::isfinite(d))
            values.append(d);
        values.append(double(rng.bounded(1000000)) / double(1 + rng.bounded(1000)));
    }
    QByteArray input;
    for (double d : values) {
        char hex[64];
        std::snprintf(hex, sizeof hex, "%a\n", d); // exact bits, sign of zero kept
        input += hex;
    }
    const QByteArray output = Test::runPython(
            QStringLiteral("import sys\nfor line in sys.stdin: print(repr(float.fromhex(line)))\n"),
            input);
    const QList<QByteArray> lines = output.trimmed().split('\n');
    QCOMPARE(lines.size(), values.size());
    for (qsizetype i = 0; i < values.size(); ++i)
        QCOMPARE(Py::reprFloat(values.at(i)), QString::fromLatin1(lines.at(i)));
}

void tst_PySemantics::isSpaceMatchesPython()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    const QByteArray output = Test::runPython(
            QStringLiteral("print(' '.join(str(c) for c in range(0x110000) if chr(c).isspace()))"));
    QList<char32_t> expected;
    for (const QByteArray &n : output.trimmed().split(' '))
        expected.append(char32_t(n.toUInt()));
    QVERIFY(!expected.isEmpty());
    QList<char32_t> actual;
    for (char32_t cp = 0; cp < 0x110000; ++cp) {
        if (Py::isSpace(cp))
            actual.append(cp);
    }
    QCOMPARE(actual, expected);
}

void tst_PySemantics::reprOfContainersMatchesPython()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    const QList<std::pair<PyValue, QString>> cases = {
            {PyValue::strList({QStringLiteral("a"), QStringLiteral("b'")}),
             QStringLiteral("['a', \"b'\"]")},
            {PyValue::tuple({PyValue::str(QStringLiteral("x"))}), QStringLiteral("('x',)")},
            {PyValue::tuple(), QStringLiteral("()")},
            {PyValue::set(), QStringLiteral("set()")},
            {PyValue::dict({{PyValue::str(QStringLiteral("k")), PyValue::integer(1)}}),
             QStringLiteral("{'k': 1}")},
            {PyValue::pattern(QStringLiteral("^a$"), 2),
             QStringLiteral("re.compile('^a$', re.IGNORECASE)")},
            {PyValue::none(), QStringLiteral("None")},
            {PyValue::boolean(true), QStringLiteral("True")},
            {PyValue::integerFromDecimal(QStringLiteral("-0007")), QStringLiteral("-7")},
            {PyValue::integerFromDecimal(QStringLiteral("123456789012345678901234567890")),
             QStringLiteral("123456789012345678901234567890")},
    };
    QByteArray script = "import re\n";
    for (const auto &[value, python] : cases)
        script += "print(repr(" + python.toUtf8() + "))\n";
    const QList<QByteArray> lines
            = Test::runPython(QString::fromUtf8(script)).trimmed().split('\n');
    QCOMPARE(lines.size(), cases.size());
    for (qsizetype i = 0; i < cases.size(); ++i)
        QCOMPARE(Py::repr(cases.at(i).first), QString::fromUtf8(lines.at(i)));
}

void tst_PySemantics::truthiness_data()
{
    QTest::addColumn<PyValue>("value");
    QTest::addColumn<bool>("truthy");
    QTest::newRow("none") << PyValue::none() << false;
    QTest::newRow("zero") << PyValue::integer(0) << false;
    QTest::newRow("minus-five") << PyValue::integer(-5) << true;
    QTest::newRow("empty-str") << PyValue::str(QString()) << false;
    QTest::newRow("yes") << PyValue::str(QStringLiteral("yes")) << true;
    QTest::newRow("empty-tuple") << PyValue::tuple() << false;
    QTest::newRow("zero-float") << PyValue::floating(0.0) << false;
    QTest::newRow("nan") << PyValue::floating(std::nan("")) << true;
    QTest::newRow("pattern") << PyValue::pattern(QString()) << true;
}

void tst_PySemantics::truthiness()
{
    QFETCH(PyValue, value);
    QFETCH(bool, truthy);
    QCOMPARE(Py::truthy(value), truthy);
}

void tst_PySemantics::typeErrors()
{
    // Messages as CPython 3.11 words them (checked with the system interpreter when written).
    QString error;
    QVERIFY(!Py::iterate(PyValue::integer(5), &error));
    QCOMPARE(error, QStringLiteral("TypeError: 'int' object is not iterable"));
    QVERIFY(!Py::len(PyValue::none(), &error));
    QCOMPARE(error, QStringLiteral("TypeError: object of type 'NoneType' has no len()"));
    QVERIFY(!Py::join(QStringLiteral(", "), PyValue::list({PyValue::integer(1)}), &error));
    QCOMPARE(error, QStringLiteral("TypeError: sequence item 0: expected str instance, int found"));
    QVERIFY(!Py::join(QStringLiteral(", "), PyValue::boolean(true), &error));
    QCOMPARE(error, QStringLiteral("TypeError: can only join an iterable"));
    QVERIFY(!Py::containsStr(PyValue::integer(5), QStringLiteral("null"), &error));
    QCOMPARE(error, QStringLiteral("TypeError: argument of type 'int' is not iterable"));
    QCOMPARE(*Py::join(QStringLiteral(", "), PyValue::str(QStringLiteral("GET")), &error),
             QStringLiteral("G, E, T"));
    QCOMPARE(*Py::containsStr(PyValue::str(QStringLiteral("xnullx")), QStringLiteral("null"),
                              &error),
             true);
}

void tst_PySemantics::resolvesSymbolicDefaults()
{
    PyValue headers
            = PyValue::tuple({PyValue::defaultHeaders(), PyValue::str(QStringLiteral("x-a"))});
    headers.items()[0].setStarred(true);
    const PyValue v4 = headers.resolved(Profile::V4);
    const PyValue v314 = headers.resolved(Profile::V3_14);
    QCOMPARE(v4.items().size(), 7);
    QCOMPARE(v314.items().size(), 10);
    QCOMPARE(v314.items().last().text(), QStringLiteral("x-a"));
    QCOMPARE(PyValue::defaultMethods().resolved(Profile::V4),
             PyValue::strTuple(defaultMethods(Profile::V4)));
}

QTEST_APPLESS_MAIN(tst_PySemantics)
#include "tst_pysemantics.moc"
