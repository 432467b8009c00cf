// SPDX-License-Identifier: MIT
#include "server/djangoheaders.h"
#include "server/httpmessage.h"

#include "randomtext.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Cors;

namespace {

// ASCII letters of both cases and what sits next to them, Latin-1, beyond Latin-1, and the
// code points whose case folding meets ASCII (U+017F LONG S folds to 's', U+212A KELVIN SIGN
// to 'k').
const char16_t alphabet[] = u"aAkKsSzZ-_09@[`{\u00e9\u00c9\u017f\u212a\u0100\u20ac\r\n";

QString randomText(QRandomGenerator &random, int maxLength)
{
    return Test::randomText(random, alphabet, maxLength);
}

/** @p text with the case of some ASCII letters flipped. */
QString caseFlipped(QRandomGenerator &random, QString text)
{
    for (QChar &c : text) {
        if (c.unicode() < 0x80 && c.isLetter() && random.bounded(2))
            c = c.isUpper() ? c.toLower() : c.toUpper();
    }
    return text;
}

} // namespace

/** The header helpers against their definitions, across the eight-unit steps they take. */
class tst_HttpMessage : public QObject
{
    Q_OBJECT

private slots:
    void sameHeaderNameIsCaseInsensitiveCompare();
    void djangoHeaderValueChecksEveryUnit();
};

void tst_HttpMessage::sameHeaderNameIsCaseInsensitiveCompare()
{
    QRandomGenerator random(17);
    for (int i = 0; i < 200000; ++i) {
        const QString a = randomText(random, 40);
        // Mostly the same name with its case changed (and one unit changed now and then), so
        // that equal lengths and near misses are common.
        QString b = random.bounded(4) ? caseFlipped(random, a) : randomText(random, 40);
        if (!b.isEmpty() && random.bounded(3) == 0)
            b[int(random.bounded(b.size()))] = QChar(alphabet[random.bounded(20)]);
        const bool expected = a.compare(b, Qt::CaseInsensitive) == 0;
        if (sameHeaderName(a, b) != expected)
            QFAIL(qPrintable(QStringLiteral("sameHeaderName(\"%1\", \"%2\") is not %3")
                                     .arg(a, b, expected ? u"true" : u"false")));
    }
    QVERIFY(sameHeaderName(u"Access-Control-Allow-Origin", u"access-control-allow-origin"));
    QVERIFY(!sameHeaderName(u"Access-Control-Allow-Origin", u"access-control-allow-origiN_"));
}

void tst_HttpMessage::djangoHeaderValueChecksEveryUnit()
{
    QRandomGenerator random(23);
    for (int i = 0; i < 100000; ++i) {
        const QString value = randomText(random, 40);
        bool lineBreak = false;
        bool latin1 = true;
        for (const QChar c : value) {
            lineBreak |= c == u'\n' || c == u'\r';
            latin1 &= c.unicode() <= 0xff;
        }
        QString error;
        const auto stored = djangoHeaderValue(value, &error);
        if (lineBreak) {
            QVERIFY2(!stored, qPrintable(value));
            QVERIFY(error.startsWith(QLatin1String("BadHeaderError")));
        } else if (latin1) {
            QCOMPARE(stored, std::optional<QString>(value));
        } else {
            // Beyond Latin-1: Django's MIME encoded word.
            QVERIFY2(stored && stored->startsWith(QLatin1String("=?utf-8?")),
                     qPrintable(stored.value_or(QStringLiteral("(none)"))));
        }
    }
}

QTEST_GUILESS_MAIN(tst_HttpMessage)
#include "tst_httpmessage.moc"
