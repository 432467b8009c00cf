// SPDX-License-Identifier: MIT
#include "io/jsonwriter.h"
#include "io/requestjson.h"
#include "io/scenariojson.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Cors;

/**
 * parseScenarioLine() reads the common line without a QJsonDocument; whatever the line, it must
 * read what scenarioFromJson() reads from the document (QJsonObject's member order, escapes,
 * ids, defaults), and reject what it rejects with the same message.
 */
class tst_ScenarioJson : public QObject
{
    Q_OBJECT

private slots:
    void commonLinesReadAsTheDocumentSays();
    void knownLines_data();
    void knownLines();
    void writerNumbersAreDecimalInPlace();

private:
    static void compareWithDocument(const QByteArray &line);
};

void tst_ScenarioJson::compareWithDocument(const QByteArray &line)
{
    QString error;
    const auto parsed = parseScenarioLine(line, &error);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    QString generalError;
    std::optional<ScenarioLine> general;
    if (document.isObject())
        general = scenarioFromJson(document.object(), &generalError);
    QVERIFY2(parsed.has_value() == general.has_value(), line.constData());
    if (!parsed) {
        if (document.isObject())
            QCOMPARE(error, generalError);
        return;
    }
    QVERIFY2(parsed->scenario == general->scenario, line.constData());
    QCOMPARE(parsed->scenario.headers, general->scenario.headers);
    QCOMPARE(parsed->id, general->id);
    QCOMPARE(parsed->session, general->session);
    QCOMPARE(parsed->advanceSeconds, general->advanceSeconds);
    QCOMPARE(parsed->browserGiven, general->browserGiven);
}

void tst_ScenarioJson::commonLinesReadAsTheDocumentSays()
{
    const QList<QPair<QByteArray, QByteArrayList>> members = {
            {"id",
             {"0", "71", "007", "1.5", "-3", "1e3", "\"a-1\"", "null", "[1]",
              "123456789012345678"}},
            {"session", {"\"tab1\"", "\"\"", "3"}},
            {"advance", {"0", "700", "1.5", "-1", "1000000000000", "\"1\""}},
            {"origin",
             {"\"https://app.example.com\"", "\"null\"", "\"\"", "\"http://localhost:5173\""}},
            {"url", {"\"https://api.example.com/api/orders/7\"", "\"/api/x\"", "\"\""}},
            {"method", {"\"GET\"", "\"post\"", "\"DELETE\"", "5"}},
            {"headers",
             {"{}", "{\"X-Request-Id\":\"7\",\"Content-Type\":\"application/json\"}",
              "{\"b\":\"1\", \"A\":\"2\", \"a-b\":\"3\"}", "{\"a\":\"1\",\"A\":\"2\"}",
              "{\"x_y\":\"1\",\"x-y\":\"2\"}", "{\"k\":\"a\\\"b\"}", "{\"k\":1}", "[]"}},
            {"credentials", {"\"include\"", "\"omit\"", "\"same-origin\"", "\"all\""}},
            {"mode", {"\"cors\"", "\"no-cors\"", "\"navigate\""}},
            {"body",
             {"\"a=1\"", "\"{\\\"qty\\\": 2}\"", "\"tab\\there\\nline\\/\\\\\"", "null",
              "\"\\u0041\"", "\"\\x\"", "3"}},
            {"body_kind", {"\"blob\"", "\"text\""}},
            {"browser", {"\"chromium\"", "\"firefox\"", "\"safari\"", "\"edge\""}},
            {"api", {"\"fetch\"", "\"xhr\"", "\"ws\""}},
            {"cookies", {"\"a=1\"", "\"\""}},
            {"upload_listeners", {"true"}},
            {"unknown", {"1"}},
    };
    QRandomGenerator random(20261207);
    for (int n = 0; n < 6000; ++n) {
        QList<qsizetype> order;
        for (qsizetype i = 0; i < members.size(); ++i)
            order.append(i);
        std::shuffle(order.begin(), order.end(), random);
        const int count = 2 + random.bounded(8);
        QByteArrayList parts;
        // origin and url usually present, so that most lines are accepted (given twice when
        // drawn again: a line the document reads, with the later value)
        if (random.bounded(10) != 0)
            parts.append("\"origin\":\"https://app.example.com\"");
        if (random.bounded(10) != 0)
            parts.append("\"url\":\"https://api.example.com/x\"");
        for (int i = 0; i < count; ++i) {
            const auto &[name, values] = members.at(order.at(i));
            parts.append("\"" + name + "\"" + (random.bounded(2) ? ": " : ":")
                         + values.at(random.bounded(int(values.size()))));
        }
        std::shuffle(parts.begin(), parts.end(), random);
        const QByteArray separator = random.bounded(3) == 0 ? ", " : ",";
        QByteArray line = "{" + parts.join(separator) + "}";
        if (random.bounded(20) == 0)
            line = " " + line + " \t";
        if (random.bounded(30) == 0)
            line.chop(1);
        compareWithDocument(line);
        if (QTest::currentTestFailed())
            return;
    }
}

void tst_ScenarioJson::knownLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("bench line") << QByteArray(
            R"({"id":3,"origin":"https://pr-7.preview.example.com","url":"https://api.example.com/api/orders/71","method":"PUT","headers":{"Content-Type":"application/json"},"body":"{\"qty\": 2}","credentials":"include","session":"tab4","advance":700})");
    QTest::newRow("headers sorted") << QByteArray(
            R"({"origin":"https://a.example","url":"https://b.example/","headers":{"x-b":"1","X-A":"2","Accept":"3"}})");
    QTest::newRow("member twice") << QByteArray(
            R"({"origin":"https://a.example","url":"https://b.example/","method":"PUT","method":"GET"})");
    QTest::newRow("body and body_kind") << QByteArray(
            R"({"origin":"https://a.example","url":"https://b.example/","body_kind":"blob","body":"x"})");
    QTest::newRow("no url") << QByteArray(R"({"origin":"https://a.example"})");
    QTest::newRow("non-ASCII") << QByteArray(
            "{\"origin\":\"https://\xc3\xbc.example\",\"url\":\"https://b.example/\"}");
    QTest::newRow("trailing garbage")
            << QByteArray(R"({"origin":"https://a.example","url":"https://b.example/"} x)");
}

void tst_ScenarioJson::knownLines()
{
    QFETCH(QByteArray, line);
    compareWithDocument(line);
}

void tst_ScenarioJson::writerNumbersAreDecimalInPlace()
{
    // Every width of digits, both signs and the extremes, each after other members and with
    // the buffer nearly full, so a number written past the room asked for would show.
    QList<qint64> numbers {0,
                           -1,
                           7,
                           -42,
                           200,
                           std::numeric_limits<qint64>::max(),
                           std::numeric_limits<qint64>::min()};
    for (qint64 n = 10; n > 0 && n < std::numeric_limits<qint64>::max() / 10; n *= 10)
        numbers << n - 1 << n << -n;
    for (int filler = 0; filler < 300; filler += 7) {
        JsonWriter writer;
        writer.beginArray();
        writer.value(QString(filler, u'x'));
        QByteArray expected = "[\"" + QByteArray(filler, 'x') + '"';
        for (const qint64 n : std::as_const(numbers)) {
            writer.value(n);
            expected += ',' + QByteArray::number(n);
        }
        writer.value(int(-5));
        expected += ",-5]";
        writer.endArray();
        QCOMPARE(writer.data(), expected);
    }
}

QTEST_APPLESS_MAIN(tst_ScenarioJson)
#include "tst_scenariojson.moc"
