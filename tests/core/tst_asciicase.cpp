// SPDX-License-Identifier: MIT
#include "text/asciicase.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Cors;

/** lowerCased() is QString::toLower(): the same text for every input, shared when unchanged. */
class tst_AsciiCase : public QObject
{
    Q_OBJECT

private slots:
    void everyCodePointAlone();
    void mixedTexts();
    void unchangedTextIsShared();
    void rememberedNamesStayCorrect();
};

void tst_AsciiCase::everyCodePointAlone()
{
    // Every BMP code point, alone and after an upper-case ASCII prefix (which takes the copying
    // path): lengths change for some (U+0130 lowers to two units), surrogates stay as they are.
    for (char32_t cp = 0; cp <= 0xFFFF; ++cp) {
        const QString alone {QChar(char16_t(cp))};
        QCOMPARE(lowerCased(alone), alone.toLower());
        const QString prefixed = QStringLiteral("X-Hdr") + alone + QStringLiteral("Tail");
        QCOMPARE(lowerCased(prefixed), prefixed.toLower());
    }
    const QString astral = QStringLiteral("A\U00010400b"); // DESERET CAPITAL LONG I
    QCOMPARE(lowerCased(astral), astral.toLower());
    QCOMPARE(lowerCased(astral), QStringLiteral("a\U00010428b"));
}

void tst_AsciiCase::mixedTexts()
{
    QCOMPARE(lowerCased(QString()), QString());
    QCOMPARE(lowerCased(QStringLiteral("")), QStringLiteral(""));
    QCOMPARE(lowerCased(QStringLiteral("Access-Control-Allow-Origin")),
             QStringLiteral("access-control-allow-origin"));
    QCOMPARE(lowerCased(QStringLiteral("@[`{AZaz")), QStringLiteral("@[`{azaz"));
    QRandomGenerator random(20261207);
    const QString alphabet = QStringLiteral("AZaz09-_@[`{ \t\x7f\u00c0\u0130\u212a\u03a3");
    for (int n = 0; n < 20000; ++n) {
        QString text;
        const int length = random.bounded(24);
        for (int i = 0; i < length; ++i)
            text += alphabet.at(random.bounded(int(alphabet.size())));
        QCOMPARE(lowerCased(text), text.toLower());
    }
}

void tst_AsciiCase::unchangedTextIsShared()
{
    const QString lower = QStringLiteral("content-type").repeated(2);
    QCOMPARE(lowerCased(lower).constData(), lower.constData());
    const QString upper = QStringLiteral("Content-Type");
    QVERIFY(lowerCased(upper).constData() != upper.constData());
}

void tst_AsciiCase::rememberedNamesStayCorrect()
{
    // Mixed-case names are remembered by content in a small table: repeats, names sharing a
    // slot, and the same text from different buffers (a name edited in place) all lower right.
    QRandomGenerator random(41);
    const char16_t letters[] = u"aAbBzZ-_09";
    QString edited = QStringLiteral("Content-Type");
    for (int i = 0; i < 50000; ++i) {
        const int length = 1 + int(random.bounded(44));
        QString name;
        for (int j = 0; j < length; ++j)
            name += QChar(letters[random.bounded(int(std::size(letters)) - 1)]);
        QCOMPARE(lowerCased(name), name.toLower());
        QCOMPARE(lowerCased(QString(name)), name.toLower());
        edited[int(random.bounded(edited.size()))] = QChar(letters[random.bounded(6)]);
        QCOMPARE(lowerCased(edited), edited.toLower());
    }
}

QTEST_APPLESS_MAIN(tst_AsciiCase)
#include "tst_asciicase.moc"
