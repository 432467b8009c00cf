// SPDX-License-Identifier: MIT
// Runs the cors-studio binary as a user or a CI job would: arguments, stdin, stdout, exit code.

#include "clirunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void respondAnswersEachLineAndSurvivesBadOnes();
    void respondKeepsHeaderOrder();
    void respondExplains();
    void respondLongStreamKeepsEveryAnswerInOrder();
    void checkExitCodes();
    void unreadablePolicyNamesLineAndColumn();
    void usageErrors();
    void simulateTextAndJson();
    void simulateBatchSessionsShareThePreflightCache();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments, const QByteArray &input = {});
    QString writePolicy(const QString &name, const QByteArray &source);
    static QList<QJsonObject> lines(const QByteArray &out);

    QTemporaryDir m_dir;
};

tst_Cli::Run tst_Cli::run(const QStringList &arguments, const QByteArray &input)
{
    const CliTest::Run r = CliTest::runCli(arguments, input);
    return {r.exitCode, r.out, r.err};
}

QString tst_Cli::writePolicy(const QString &name, const QByteArray &source)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(source);
    return path;
}

QList<QJsonObject> tst_Cli::lines(const QByteArray &out)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            objects.append(QJsonDocument::fromJson(line).object());
    }
    return objects;
}

void tst_Cli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(CORS_CLI_PATH)), CORS_CLI_PATH);
}

void tst_Cli::respondAnswersEachLineAndSurvivesBadOnes()
{
    const QString policy = writePolicy(QStringLiteral("a.py"),
                                       "CORS_ALLOWED_ORIGINS = ['https://a.example']\n"
                                       "CORS_ALLOWED_ORIGIN_REGEXES = ['(']\n");
    const QByteArray input = "{\"id\": 1, \"headers\": {\"Origin\": \"https://a.example\"}}\n"
                             "this is not json\n"
                             "\n"
                             "{\"id\": 3, \"header\": {}}\n"
                             "{\"id\": 4, \"headers\": {\"Origin\": \"https://b.example\"}}\n";
    const Run r = run({QStringLiteral("respond"), policy}, input);
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> out = lines(r.out);
    QCOMPARE(out.size(), 4); // the blank line is skipped
    QCOMPARE(out.at(0).value(QLatin1String("id")).toInt(), 1);
    QCOMPARE(out.at(0)
                     .value(QLatin1String("headers"))
                     .toObject()
                     .value(QLatin1String("access-control-allow-origin"))
                     .toString(),
             QStringLiteral("https://a.example"));
    QCOMPARE(out.at(1).value(QLatin1String("line")).toInt(), 2);
    QVERIFY(out.at(1)
                    .value(QLatin1String("error"))
                    .toString()
                    .contains(QLatin1String("invalid JSON")));
    QCOMPARE(out.at(2).value(QLatin1String("line")).toInt(), 4);
    QVERIFY(out.at(2)
                    .value(QLatin1String("error"))
                    .toString()
                    .contains(QLatin1String("\"header\"")));
    // The refused origin reaches the invalid regex: Django fails with a server error.
    QCOMPARE(out.at(3).value(QLatin1String("status")).toInt(), 500);
    QVERIFY(out.at(3)
                    .value(QLatin1String("error"))
                    .toString()
                    .startsWith(QLatin1String("re.error: ")));
}

void tst_Cli::respondKeepsHeaderOrder()
{
    const QString policy = writePolicy(QStringLiteral("order.py"),
                                       "CORS_ALLOWED_ORIGINS = ['https://a.example']\n"
                                       "CORS_ALLOW_CREDENTIALS = True\n");
    const QByteArray input
            = "{\"method\": \"OPTIONS\", \"headers\": {\"Origin\": \"https://a.example\", "
              "\"Access-Control-Request-Method\": \"PUT\"}}\n";
    const Run r = run({QStringLiteral("respond"), QStringLiteral("--profile"),
                       QStringLiteral("3.14"), policy},
                      input);
    QCOMPARE(r.exitCode, 0);
    // 3.14 order (reference §2.7): Content-Length, Vary, credentials before allow-origin.
    const QByteArray expectedPrefix = "{\"status\":200,\"short_circuit\":true,\"headers\":{"
                                      "\"Content-Length\":\"0\",\"Vary\":\"Origin\","
                                      "\"Access-Control-Allow-Credentials\":\"true\","
                                      "\"Access-Control-Allow-Origin\":\"https://a.example\",";
    QVERIFY2(r.out.startsWith(expectedPrefix), r.out.constData());
}

void tst_Cli::respondExplains()
{
    const QString policy
            = writePolicy(QStringLiteral("explain.py"), "CORS_URLS_REGEX = r'^/api/'\n");
    const Run r = run({QStringLiteral("respond"), QStringLiteral("--explain"), policy},
                      "{\"path\": \"/other\", \"headers\": {\"Origin\": \"https://a.example\"}}\n");
    const QJsonArray steps = lines(r.out).value(0).value(QLatin1String("explanation")).toArray();
    QVERIFY(!steps.isEmpty());
    const QJsonObject first = steps.first().toObject();
    QCOMPARE(first.value(QLatin1String("topic")).toString(), QStringLiteral("enabled"));
    QCOMPARE(first.value(QLatin1String("verdict")).toString(), QStringLiteral("fail"));
    QCOMPARE(first.value(QLatin1String("setting")).toString(), QStringLiteral("CORS_URLS_REGEX"));
}

void tst_Cli::respondLongStreamKeepsEveryAnswerInOrder()
{
    // respond hands its answers to stdout a mebibyte at a time, byte-level and general answers
    // in one buffer: past the first mebibyte every answer must still be there, once, in order.
    const QString policy = writePolicy(QStringLiteral("stream.py"),
                                       "CORS_ALLOWED_ORIGINS = ['https://a.example']\n"
                                       "CORS_ALLOW_CREDENTIALS = True\n");
    const QList<QByteArray> kinds {
            // The byte-level path: an admitted origin, and a refused one.
            R"({"id":%1,"path":"/items","headers":{"Origin":"https://a.example"}})",
            R"({"id":%1,"method":"OPTIONS","headers":{"Origin":"https://b.example","Access-Control-Request-Method":"PUT"}})",
            // An escape sends the line the general way.
            R"({"id":%1,"path":"/items","headers":{"Origin":"https:\/\/a.example"}})"};
    auto line = [&](qsizetype i) {
        return QByteArray(kinds.at(i % kinds.size())).replace("%1", QByteArray::number(i));
    };
    // Each kind answered alone: the answer to line i of the stream is that, with i's id.
    QList<QByteArray> alone;
    for (qsizetype k = 0; k < kinds.size(); ++k) {
        const Run r = run({QStringLiteral("respond"), policy}, line(k) + '\n');
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QByteArray("{\"id\":" + QByteArray::number(k) + ',')),
                 r.out.constData());
        alone.append(r.out.mid(QByteArray("{\"id\":").size() + QByteArray::number(k).size()));
    }
    constexpr qsizetype Lines = 30'000;
    QByteArray input;
    QByteArray expected;
    for (qsizetype i = 0; i < Lines; ++i) {
        input += line(i) + '\n';
        expected += "{\"id\":" + QByteArray::number(i) + alone.at(i % kinds.size());
    }
    const Run r = run({QStringLiteral("respond"), policy}, input);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.size() > 2 * 1024 * 1024, QByteArray::number(r.out.size()).constData());
    QCOMPARE(r.out.size(), expected.size());
    QVERIFY(r.out == expected);
}

void tst_Cli::checkExitCodes()
{
    const QString clean = writePolicy(QStringLiteral("clean.py"),
                                      "CORS_ALLOWED_ORIGINS = ['https://a.example']\n");
    const Run ok = run({QStringLiteral("check"), clean});
    QCOMPARE(ok.exitCode, 0);
    QVERIFY(ok.out.contains("no issues"));

    const QString bad
            = writePolicy(QStringLiteral("bad.py"), "CORS_ALLOWED_ORIGINS = ['example.com']\n");
    const Run text = run({QStringLiteral("check"), bad});
    QCOMPARE(text.exitCode, 1);
    QVERIFY(text.out.contains(
            "?: (corsheaders.E013) Origin 'example.com' in CORS_ALLOWED_ORIGINS is "
            "missing scheme or netloc\n\tHINT: Add a scheme"));
    const Run json = run(
            {QStringLiteral("check"), QStringLiteral("--format"), QStringLiteral("json"), bad});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(json.out).object();
    const QJsonObject error = report.value(QLatin1String("errors")).toArray().first().toObject();
    QCOMPARE(error.value(QLatin1String("id")).toString(), QStringLiteral("corsheaders.E013"));
    QCOMPARE(error.value(QLatin1String("entry")).toInt(), 0);

    // A bare string: 3.14 checks it character by character, 4.x refuses it as a whole.
    const QString bare = writePolicy(QStringLiteral("bare.py"), "CORS_ALLOW_METHODS = 'GET'\n");
    QCOMPARE(run({QStringLiteral("check"), QStringLiteral("--profile"), QStringLiteral("3.14"),
                  bare})
                     .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("check"), bare}).exitCode, 1);
}

void tst_Cli::unreadablePolicyNamesLineAndColumn()
{
    const QString broken
            = writePolicy(QStringLiteral("broken.py"), "X = 1\nCORS_ALLOWED_ORIGINS = ['a'\n");
    const Run r = run({QStringLiteral("check"), broken});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("broken.py:2:24: error:"), r.err.constData());
    const Run missing = run({QStringLiteral("respond"), m_dir.filePath(QStringLiteral("nope.py"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("no such file"));
}

void tst_Cli::usageErrors()
{
    const QString policy = writePolicy(QStringLiteral("u.py"), "\n");
    QCOMPARE(run({QStringLiteral("check")}).exitCode, 2);
    QCOMPARE(
            run({QStringLiteral("check"), QStringLiteral("--profile"), QStringLiteral("5"), policy})
                    .exitCode,
            2);
    QCOMPARE(run({QStringLiteral("check"), QStringLiteral("--bogus"), policy}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("simulate"), policy}).exitCode, 2);
    const Run help = run({QStringLiteral("respond"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--explain"));
}

void tst_Cli::simulateTextAndJson()
{
    const QString policy = writePolicy(QStringLiteral("s.py"),
                                       "CORS_ALLOWED_ORIGINS = ['http://app.test:8001']\n");
    const QStringList args = {QStringLiteral("simulate"), policy,
                              QStringLiteral("--origin"), QStringLiteral("http://app.test:8001"),
                              QStringLiteral("--url"),    QStringLiteral("http://api.test:8002/x"),
                              QStringLiteral("--header"), QStringLiteral("X-Custom: 1")};
    const Run text = run(args);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("Verdict: blocked"), text.out.constData());
    QVERIFY(text.out.contains("Request header field x-custom is not allowed by "
                              "Access-Control-Allow-Headers in preflight response."));
    QVERIFY(text.out.contains("add 'x-custom' to CORS_ALLOW_HEADERS"));
    const Run json = run(args + QStringList {QStringLiteral("--format"), QStringLiteral("json")});
    const QJsonObject result = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(result.value(QLatin1String("verdict")).toString(), QStringLiteral("blocked"));
    QCOMPARE(result.value(QLatin1String("cors_error")).toString(),
             QStringLiteral("HeaderDisallowedByPreflightResponse"));
}

void tst_Cli::simulateBatchSessionsShareThePreflightCache()
{
    const QString policy = writePolicy(QStringLiteral("b.py"),
                                       "CORS_ALLOWED_ORIGINS = ['http://app.test']\n"
                                       "CORS_PREFLIGHT_MAX_AGE = 60\n");
    const QByteArray put = "\"origin\": \"http://app.test\", \"url\": \"http://api.test/x\", "
                           "\"method\": \"PUT\"";
    const QByteArray input = "{\"id\": 1, \"session\": \"s\", " + put
            + "}\n"
              "{\"id\": 2, \"session\": \"s\", "
            + put
            + "}\n"
              "{\"id\": 3, \"session\": \"s\", \"advance\": 61, "
            + put
            + "}\n"
              "{\"id\": 4, "
            + put
            + "}\n"
              "{\"id\": 5, \"origin\": 7}\n";
    const Run r = run(
            {QStringLiteral("simulate"), policy, QStringLiteral("--batch"), QStringLiteral("-")},
            input);
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> out = lines(r.out);
    QCOMPARE(out.size(), 5);
    QCOMPARE(out.at(0).value(QLatin1String("preflight")).toBool(), true);
    QCOMPARE(out.at(1).value(QLatin1String("preflight")).toBool(), false);
    QCOMPARE(out.at(1).value(QLatin1String("from_preflight_cache")).toBool(), true);
    QCOMPARE(out.at(1).value(QLatin1String("server_saw")).toArray().size(), 1);
    QCOMPARE(out.at(2).value(QLatin1String("preflight")).toBool(), true); // expired after 60 s
    QCOMPARE(out.at(3).value(QLatin1String("preflight")).toBool(), true); // no session: fresh cache
    QCOMPARE(out.at(4).value(QLatin1String("line")).toInt(), 5);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
