// SPDX-License-Identifier: MIT
// `simulate --batch` and `test` on several threads (--jobs): every byte of the output is the one
// the single-threaded run prints, in input order, with sessions (a shared preflight cache and
// clock), variants, every engine, and bad lines answered in place.
#include "clirunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class tst_CliJobs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void batchSameBytesWhateverJobs_data();
    void batchSameBytesWhateverJobs();
    void batchFromStdin();
    void testSameBytesWhateverJobs_data();
    void testSameBytesWhateverJobs();
    void badJobs_data();
    void badJobs();

private:
    QString write(const QString &name, const QByteArray &content);

    QTemporaryDir m_dir;
    QString m_policy;
    QString m_variantSettings;
    QString m_batch;
    /** For each output line of the batch: the 1-based input line of an error, else 0. */
    QList<int> m_errorLines;
    int m_answeredLines = 0;
};

namespace {

const char *const Origins[]
        = {"https://app.example.com",          "https://admin.example.com", "http://localhost:5173",
           "https://pr-7.preview.example.com", "https://evil.example.net",  "null"};

/** A small deterministic generator: the same scenarios on every run and platform. */
struct Lcg
{
    quint64 state;
    int next(int bound)
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return int((state >> 33) % quint64(bound));
    }
};

/** One scenario object's members (without braces), in the batch and document forms' shared shape. */
QByteArray scenarioMembers(Lcg &rng, int i, int urls = 37)
{
    QByteArray s = QByteArray("\"origin\":\"") + Origins[rng.next(6)]
            + "\",\"url\":\"https://api.example.com/api/orders/" + QByteArray::number(i % urls)
            + '"';
    switch (rng.next(5)) {
    case 0:
        break;
    case 1:
        s += ",\"method\":\"POST\",\"body\":\"a=1\",\"credentials\":\"include\"";
        break;
    case 2:
        s += ",\"method\":\"PUT\",\"headers\":{\"Content-Type\":\"application/json\"},"
             "\"body\":\"{}\",\"credentials\":\"include\"";
        break;
    case 3:
        s += ",\"method\":\"DELETE\",\"headers\":{\"X-Request-Id\":\"" + QByteArray::number(i)
                + "\",\"X-Other\":\"1\"}";
        break;
    default:
        s += ",\"method\":\"PATCH\",\"headers\":{\"Authorization\":\"Bearer t\"}";
        break;
    }
    return s;
}

} // namespace

QString tst_CliJobs::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_CliJobs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_policy = QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example_settings.py");
    m_variantSettings = write(QStringLiteral("debug_settings.py"),
                              "import os\n"
                              "DEBUG = os.environ.get(\"DJANGO_DEBUG\", \"\") == \"1\"\n"
                              "CORS_ALLOW_CREDENTIALS = True\n"
                              "CORS_PREFLIGHT_MAX_AGE = 600\n"
                              "if DEBUG:\n"
                              "    CORS_ALLOW_ALL_ORIGINS = True\n"
                              "else:\n"
                              "    CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]\n");

    // More lines than one chunk (512 lines a thread) of the largest --jobs below, so sessions
    // cross chunk borders, and no more: under the sanitizers every line costs a millisecond;
    // a fifth in three sessions, with clocks advanced past the preflight cache's lifetime.
    Lcg rng {20};
    QByteArray batch;
    int line = 0;
    for (int i = 0; i < 1700; ++i) {
        ++line;
        const int kind = rng.next(40);
        if (kind == 0) {
            batch += "{not json\n";
            m_errorLines.append(line);
            continue;
        }
        if (kind == 1) {
            batch += "[1, 2]\n";
            m_errorLines.append(line);
            continue;
        }
        if (kind == 2) {
            batch += "{\"origin\": \"https://app.example.com\"}\n"; // no url
            m_errorLines.append(line);
            continue;
        }
        if (kind == 3) {
            batch += rng.next(2) ? "\n" : "   \t\n"; // blank: skipped, no answer
            continue;
        }
        // A session's lines reuse few URLs, so that its preflight cache is hit.
        const bool inSession = rng.next(5) == 0;
        QByteArray s = "{\"id\":" + QByteArray::number(i) + ','
                + scenarioMembers(rng, i, inSession ? 2 : 37);
        if (inSession) {
            s += ",\"session\":\"tab" + QByteArray::number(rng.next(3)) + '"';
            const int advance[] = {0, 1, 700};
            s += ",\"advance\":" + QByteArray::number(advance[rng.next(3)]);
        }
        if (rng.next(8) == 0)
            s += rng.next(2) ? ",\"browser\":\"firefox\"" : ",\"browser\":\"safari\"";
        batch += s + "}\n";
        m_errorLines.append(0);
    }
    m_answeredLines = int(m_errorLines.size());
    m_batch = write(QStringLiteral("batch.jsonl"), batch);
}

void tst_CliJobs::batchSameBytesWhateverJobs_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("linesPerAnswer");
    QTest::newRow("example policy") << m_policy << QStringList() << 1;
    QTest::newRow("every engine") << m_policy
                                  << QStringList {QStringLiteral("--browser"),
                                                  QStringLiteral("all")}
                                  << 1;
    // The Django stack and the nginx front are shared by the threads too.
    QTest::newRow("nginx and the stack")
            << m_policy
            << QStringList {QStringLiteral("--stack"), QStringLiteral("--proxy"),
                            QStringLiteral(CORS_TEST_DATA_DIR "/nginx/duplicate-allow-origin.conf")}
            << 1;
    QTest::newRow("two variants") << m_variantSettings << QStringList() << 2;
}

void tst_CliJobs::batchSameBytesWhateverJobs()
{
    QFETCH(QString, policy);
    QFETCH(QStringList, options);
    QFETCH(int, linesPerAnswer);
    const QStringList arguments
            = QStringList {QStringLiteral("simulate"), policy, QStringLiteral("-q"),
                           QStringLiteral("--batch"), m_batch}
            + options;
    const CliTest::Run one = CliTest::runCli(
            arguments + QStringList {QStringLiteral("--jobs"), QStringLiteral("1")});
    QVERIFY2(one.exitCode == 0, one.err.constData());
    QCOMPARE(one.err, QByteArray());

    // The single-threaded answer is itself in input order: an error once, at its own line; a
    // scenario once per variant.
    const QList<QByteArray> lines = one.out.split('\n');
    QVERIFY(lines.last().isEmpty());
    int sessionAnswers = 0;
    qsizetype at = 0;
    for (const int errorLine : std::as_const(m_errorLines)) {
        for (int v = 0; v < (errorLine > 0 ? 1 : linesPerAnswer); ++v, ++at) {
            QVERIFY(at < lines.size() - 1);
            const QJsonObject answer = QJsonDocument::fromJson(lines.at(at)).object();
            if (errorLine > 0) {
                QCOMPARE(answer.value(QLatin1String("line")).toInt(), errorLine);
                QVERIFY(answer.contains(QLatin1String("error")));
            } else {
                QVERIFY2(answer.contains(QLatin1String("id")), lines.at(at).constData());
                sessionAnswers += answer.value(QLatin1String("from_preflight_cache")).toBool();
            }
        }
    }
    QCOMPARE(at, lines.size() - 1);
    // The sessions are exercised: some answers come from a preflight cache.
    if (options.isEmpty())
        QVERIFY(sessionAnswers > 0);

    for (const char *jobs : {"2", "3"}) {
        const CliTest::Run many = CliTest::runCli(
                arguments + QStringList {QStringLiteral("--jobs"), QString::fromLatin1(jobs)});
        QCOMPARE(many.exitCode, 0);
        QCOMPARE(many.err, QByteArray());
        // QCOMPARE on 10 MB would print both: say where they part instead.
        if (many.out != one.out) {
            qsizetype at = 0;
            while (at < qMin(one.out.size(), many.out.size()) && one.out.at(at) == many.out.at(at))
                ++at;
            QFAIL(qPrintable(QStringLiteral("--jobs %1 differs from --jobs 1 at byte %2 (line %3)")
                                     .arg(QLatin1String(jobs))
                                     .arg(at)
                                     .arg(one.out.left(at).count('\n') + 1)));
        }
    }
    // The default (every core) is the same too.
    QCOMPARE(CliTest::runCli(arguments).out, one.out);
}

void tst_CliJobs::batchFromStdin()
{
    QFile file(m_batch);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray input = file.readAll();
    const QStringList arguments = {QStringLiteral("simulate"), m_policy, QStringLiteral("-q"),
                                   QStringLiteral("--batch"), QStringLiteral("-")};
    const CliTest::Run one = CliTest::runCli(
            arguments + QStringList {QStringLiteral("--jobs"), QStringLiteral("1")}, input);
    const CliTest::Run three = CliTest::runCli(
            arguments + QStringList {QStringLiteral("--jobs"), QStringLiteral("3")}, input);
    QCOMPARE(one.exitCode, 0);
    QCOMPARE(three.exitCode, 0);
    QCOMPARE(one.out.count('\n'), m_answeredLines);
    QVERIFY(one.out == three.out);
}

void tst_CliJobs::testSameBytesWhateverJobs_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("table") << QString() << QStringList();
    QTest::newRow("github") << QString()
                            << QStringList {QStringLiteral("--format"), QStringLiteral("github")};
    QTest::newRow("variants") << m_variantSettings << QStringList();
}

void tst_CliJobs::testSameBytesWhateverJobs()
{
    QFETCH(QString, policy);
    QFETCH(QStringList, options);
    // The example policy with 500 saved scenarios, some in sessions, some expected wrongly.
    // The suite runs session chains on the threads whatever their number (no chunks), so 500
    // reach every thread; 1,500 took the sanitizer build on a loaded machine past QtTest's
    // five minutes per test function.
    QFile example(QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example.cors.yaml"));
    QVERIFY(example.open(QIODevice::ReadOnly));
    QByteArray document = example.readAll();
    document.truncate(document.indexOf("scenarios:"));
    document += "scenarios:\n";
    Lcg rng {7};
    for (int i = 0; i < 500; ++i) {
        const QJsonObject request
                = QJsonDocument::fromJson('{' + scenarioMembers(rng, i) + '}').object();
        document += "  - name: \"scenario " + QByteArray::number(i) + "\"\n";
        if (rng.next(3) != 0)
            document += rng.next(2) ? "    expect: allowed\n" : "    expect: blocked\n";
        if (rng.next(4) == 0)
            document += "    session: \"tab" + QByteArray::number(rng.next(6))
                    + "\"\n    advance: " + QByteArray::number(rng.next(2) * 700) + '\n';
        document += "    request:\n";
        for (auto it = request.begin(); it != request.end(); ++it) {
            if (it.value().isObject()) {
                document += "      " + it.key().toUtf8() + ":\n";
                const QJsonObject headers = it.value().toObject();
                for (auto h = headers.begin(); h != headers.end(); ++h)
                    document += "        \"" + h.key().toUtf8() + "\": \""
                            + h.value().toString().toUtf8() + "\"\n";
            } else {
                document += "      " + it.key().toUtf8() + ": "
                        + QJsonDocument(QJsonArray {it.value()})
                                  .toJson(QJsonDocument::Compact)
                                  .mid(1)
                                  .chopped(1)
                        + '\n';
            }
        }
    }
    const QString documentPath = write(QStringLiteral("many.cors.yaml"), document);
    QStringList arguments = {QStringLiteral("test")};
    if (policy.isEmpty())
        arguments << documentPath;
    else
        arguments << policy << QStringLiteral("--scenarios") << documentPath;
    arguments += options;
    const CliTest::Run one = CliTest::runCli(
            arguments + QStringList {QStringLiteral("--jobs"), QStringLiteral("1")});
    QVERIFY2(one.exitCode == 1, one.err.constData()); // some expectations are wrong
    // Every scenario is reported: the table lists each, annotations name the last failure.
    QVERIFY2(one.out.contains(options.isEmpty() ? "scenario 499" : "::error file="),
             one.out.right(2000).constData());
    for (const char *jobs : {"2", "5"}) {
        const CliTest::Run many = CliTest::runCli(
                arguments + QStringList {QStringLiteral("--jobs"), QString::fromLatin1(jobs)});
        QCOMPARE(many.exitCode, one.exitCode);
        QCOMPARE(many.err, one.err);
        QVERIFY2(many.out == one.out, jobs);
    }
}

void tst_CliJobs::badJobs_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("jobs");
    for (const char *command : {"simulate", "test"}) {
        for (const char *jobs : {"0", "-2", "many", "1.5", "100000"})
            QTest::addRow("%s %s", command, jobs)
                    << QString::fromLatin1(command) << QString::fromLatin1(jobs);
    }
}

void tst_CliJobs::badJobs()
{
    QFETCH(QString, command);
    QFETCH(QString, jobs);
    QStringList arguments = {command, m_policy, QStringLiteral("--jobs"), jobs};
    if (command == QLatin1String("simulate"))
        arguments << QStringLiteral("--batch") << m_batch;
    const CliTest::Run r = CliTest::runCli(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QByteArray("Invalid --jobs \"" + jobs.toUtf8() + '"')),
             r.err.constData());
    QCOMPARE(r.out, QByteArray());
}

QTEST_GUILESS_MAIN(tst_CliJobs)
#include "tst_clijobs.moc"
