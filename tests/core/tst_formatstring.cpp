// SPDX-License-Identifier: MIT
#include "text/formatstring.h"

#include "randomtext.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Cors;

namespace {

QStringList *recordedWarnings = nullptr;

void record(QtMsgType, const QMessageLogContext &, const QString &message)
{
    if (recordedWarnings)
        recordedWarnings->append(message);
}

/** What @p make returns, with the warnings Qt printed while making it. */
template<typename Make>
std::pair<QString, QStringList> withWarnings(Make make)
{
    QStringList warnings;
    recordedWarnings = &warnings;
    const QtMessageHandler previous = qInstallMessageHandler(record);
    QString text = make();
    qInstallMessageHandler(previous);
    recordedWarnings = nullptr;
    return {text, warnings};
}

// Markers, their parts, and what is easily mistaken for them: digits of other scripts
// (U+0663 ARABIC-INDIC THREE, U+0966 DEVANAGARI ZERO, U+00B2 SUPERSCRIPT TWO), the locale 'L'.
const char16_t alphabet[] = u"%%%%L0123456789a \u0663\u0966\u00B2\u00E9";

QString randomText(QRandomGenerator &random, int maxLength)
{
    return Test::randomText(random, alphabet, maxLength);
}

} // namespace

/** FormatString::arg() is QString::arg(): the same text, nullness and warnings for every call. */
class tst_FormatString : public QObject
{
    Q_OBJECT

private slots:
    void commonTexts();
    void generatedSingle();
    void generatedChained();
    void generatedMultiple();
    void generatedNumbers();
    void fieldWidthsAndOtherTypesAreQts();
};

void tst_FormatString::commonTexts()
{
    const FormatString text(QStringLiteral("%1 calls %2: a cross-origin request."));
    QCOMPARE(QString(text.arg(u"https://a.example", u"https://b.example")),
             QStringLiteral("https://a.example calls https://b.example: a cross-origin request."));
    QCOMPARE(QString(text.arg(QStringLiteral("x%1")).arg(QStringLiteral("y"))),
             QStringLiteral("xy calls %2: a cross-origin request."));
    QCOMPARE(QString(FormatString(QStringLiteral("status %1")).arg(204)),
             QStringLiteral("status 204"));
    QCOMPARE(QString(FormatString(QStringLiteral("%2 then %1, %2")).arg(QLatin1String("a"))),
             QStringLiteral("%2 then a, %2"));
    QCOMPARE(QString(FormatString(QStringLiteral("100%%1")).arg(u"x")), QStringLiteral("100%x"));
    QCOMPARE(QString(FormatString(QStringLiteral("%10 %1")).arg(u"x")), QStringLiteral("%10 x"));
    QCOMPARE(QString(FormatString(QStringLiteral("%1%2%3")).arg(u"a", u"b")),
             QStringLiteral("ab%3"));
}

void tst_FormatString::generatedSingle()
{
    QRandomGenerator random(20261207);
    for (int i = 0; i < 200000; ++i) {
        const QString pattern = randomText(random, 14);
        const QString argument = randomText(random, 5);
        const auto ours
                = withWarnings([&] { return QString(FormatString(pattern).arg(argument)); });
        const auto qts = withWarnings([&] { return pattern.arg(argument); });
        if (ours != qts || ours.first.isNull() != qts.first.isNull())
            QFAIL(qPrintable(QStringLiteral("\"%1\".arg(\"%2\"): \"%3\", Qt: \"%4\"")
                                     .arg(pattern, argument, ours.first, qts.first)));
    }
}

void tst_FormatString::generatedChained()
{
    // Arguments holding markers: each call reads the text the one before it made.
    QRandomGenerator random(7);
    for (int i = 0; i < 100000; ++i) {
        const QString pattern = randomText(random, 12);
        const QString a = randomText(random, 4), b = randomText(random, 4),
                      c = randomText(random, 4);
        const auto ours
                = withWarnings([&] { return QString(FormatString(pattern).arg(a).arg(b).arg(c)); });
        const auto qts = withWarnings([&] { return pattern.arg(a).arg(b).arg(c); });
        if (ours != qts)
            QFAIL(qPrintable(QStringLiteral("\"%1\".arg(\"%2\").arg(\"%3\").arg(\"%4\"): \"%5\", "
                                            "Qt: \"%6\"")
                                     .arg(pattern, a, b, c, ours.first, qts.first)));
    }
}

void tst_FormatString::generatedMultiple()
{
    QRandomGenerator random(11);
    for (int i = 0; i < 100000; ++i) {
        const QString pattern = randomText(random, 14);
        const QString a = randomText(random, 4), b = randomText(random, 4),
                      c = randomText(random, 4), d = randomText(random, 4);
        const FormatString format(pattern);
        const auto two = withWarnings([&] { return QString(format.arg(a, b)); });
        QCOMPARE(two, withWarnings([&] { return pattern.arg(a, b); }));
        const auto three = withWarnings([&] { return QString(format.arg(a, b, c)); });
        QCOMPARE(three, withWarnings([&] { return pattern.arg(a, b, c); }));
        const auto four = withWarnings([&] { return QString(format.arg(a, b, c, d)); });
        QCOMPARE(four, withWarnings([&] { return pattern.arg(a, b, c, d); }));
        // Views and strings mixed, then a chained call on the result.
        const auto mixed
                = withWarnings([&] { return QString(format.arg(QStringView(a), b).arg(c)); });
        QCOMPARE(mixed, withWarnings([&] { return pattern.arg(QStringView(a), b).arg(c); }));
    }
}

void tst_FormatString::generatedNumbers()
{
    QRandomGenerator random(3);
    for (int i = 0; i < 100000; ++i) {
        const QString pattern = randomText(random, 10);
        const qint64 wide = qint64(random.generate64()) >> random.bounded(64);
        const int narrow = int(random.generate()) >> random.bounded(32);
        const uint unsignedValue = random.generate() >> random.bounded(32);
        const FormatString format(pattern);
        QCOMPARE(withWarnings([&] { return QString(format.arg(wide)); }),
                 withWarnings([&] { return pattern.arg(wide); }));
        QCOMPARE(withWarnings([&] { return QString(format.arg(narrow)); }),
                 withWarnings([&] { return pattern.arg(narrow); }));
        QCOMPARE(withWarnings([&] { return QString(format.arg(unsignedValue)); }),
                 withWarnings([&] { return pattern.arg(unsignedValue); }));
        QCOMPARE(withWarnings([&] { return QString(format.arg(quint64(wide))); }),
                 withWarnings([&] { return pattern.arg(quint64(wide)); }));
    }
}

void tst_FormatString::fieldWidthsAndOtherTypesAreQts()
{
    QRandomGenerator random(5);
    for (int i = 0; i < 20000; ++i) {
        const QString pattern = randomText(random, 10);
        const QString a = randomText(random, 4);
        const int width = int(random.bounded(9)) - 4;
        const FormatString format(pattern);
        QCOMPARE(withWarnings([&] { return QString(format.arg(a, width, u'*')); }),
                 withWarnings([&] { return pattern.arg(a, width, u'*'); }));
        QCOMPARE(withWarnings([&] { return QString(format.arg(-42, width, 16, QChar(u'0'))); }),
                 withWarnings([&] { return pattern.arg(-42, width, 16, QChar(u'0')); }));
        QCOMPARE(withWarnings([&] { return QString(format.arg(2.5)); }),
                 withWarnings([&] { return pattern.arg(2.5); }));
        QCOMPARE(withWarnings([&] { return QString(format.arg(QChar(u'q'))); }),
                 withWarnings([&] { return pattern.arg(QChar(u'q')); }));
        QCOMPARE(withWarnings([&] { return QString(format.arg(QLatin1String("lat"))); }),
                 withWarnings([&] { return pattern.arg(QLatin1String("lat")); }));
    }
}

QTEST_GUILESS_MAIN(tst_FormatString)
#include "tst_formatstring.moc"
