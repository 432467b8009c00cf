// SPDX-License-Identifier: MIT
// The resource limits of docs/limits.md, one test each: the limit is enforced just past its
// value, not before, and the message names the limit.

#include "browser/simulation.h"
#include "io/corsyaml.h"
#include "io/requestjson.h"
#include "io/scenariojson.h"
#include "python/pyregex.h"
#include "python/settingsreader.h"
#include "server/corsengine.h"

#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace Cors;

class tst_Limits : public QObject
{
    Q_OBJECT

private slots:
    void settingsFileSize();
    void settingEntries();
    void valueLength_data();
    void valueLength();
    void settingsNesting();
    void yamlSizeAndNesting();
    void regexMatchLimit();
    void catastrophicOriginRegexIsAServerError();
    void catastrophicUrlsRegexIsAServerError();
    void jsonLineLength();
    void clockAdvance();

private:
    static QString messages(const SettingsReadResult &result);
    static const SettingsMessage *find(const SettingsReadResult &result,
                                       SettingsMessage::Severity severity);
};

QString tst_Limits::messages(const SettingsReadResult &result)
{
    QStringList lines;
    for (const SettingsMessage &m : result.messages)
        lines << QStringLiteral("%1:%2 %3").arg(m.line).arg(m.column).arg(m.text);
    return lines.join(u'\n');
}

const SettingsMessage *tst_Limits::find(const SettingsReadResult &result,
                                        SettingsMessage::Severity severity)
{
    for (const SettingsMessage &m : result.messages) {
        if (m.severity == severity)
            return &m;
    }
    return nullptr;
}

void tst_Limits::settingsFileSize()
{
    QCOMPARE(SettingsReadLimits::MaxFileBytes, 4 * 1024 * 1024);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // Exactly the limit: read (a comment that fills the file, then one setting).
    const QByteArray setting = "\nCORS_ALLOW_ALL_ORIGINS = True\n";
    QByteArray atLimit = "#"
            + QByteArray(SettingsReadLimits::MaxFileBytes - 1 - setting.size(), 'x') + setting;
    QCOMPARE(atLimit.size(), SettingsReadLimits::MaxFileBytes);
    const QString fits = dir.filePath(QStringLiteral("fits.py"));
    {
        QFile file(fits);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(atLimit);
    }
    const SettingsReadResult read = readDjangoSettingsFile(fits);
    QVERIFY2(read.ok, qPrintable(messages(read)));
    QCOMPARE(read.read.size(), 1);

    // One byte more: refused, naming the size and the limit.
    const QString over = dir.filePath(QStringLiteral("over.py"));
    {
        QFile file(over);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(atLimit + ' ');
    }
    const SettingsReadResult refused = readDjangoSettingsFile(over);
    QVERIFY(!refused.ok);
    QVERIFY2(messages(refused).contains(
                     QStringLiteral("is 4194305 bytes, more than the 4 MiB a settings "
                                    "file may have")),
             qPrintable(messages(refused)));
}

void tst_Limits::settingEntries()
{
    QCOMPARE(SettingsReadLimits::MaxSettingEntries, 100000);
    const SettingsReadResult fits
            = readDjangoSettings("CORS_ALLOWED_ORIGINS = ['https://a.example'] * 100_000\n");
    QVERIFY2(fits.ok, qPrintable(messages(fits)));
    QCOMPARE(fits.policy.value(SettingId::AllowedOrigins)->items().size(), 100000);

    const SettingsReadResult refused
            = readDjangoSettings("import os\n"
                                 "CORS_ALLOWED_ORIGINS = ['https://a.example'] * 100_001\n");
    QVERIFY(!refused.ok);
    const SettingsMessage *error = find(refused, SettingsMessage::Severity::Error);
    QVERIFY2(error, qPrintable(messages(refused)));
    QCOMPARE(error->line, 2);
    QCOMPARE(error->setting, std::optional<SettingId>(SettingId::AllowedOrigins));
    QCOMPARE(error->text,
             QStringLiteral("CORS_ALLOWED_ORIGINS has 100001 entries, more than the 100000 "
                            "CORS Studio reads for one setting (docs/limits.md)"));

    // Sets and dicts count their entries after duplicates are merged, as Python's len() does.
    const SettingsReadResult set
            = readDjangoSettings("CORS_ALLOWED_ORIGINS = set(['https://a.example'] * 200_000)\n");
    QVERIFY2(set.ok, qPrintable(messages(set)));
}

void tst_Limits::valueLength_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<bool>("refused");

    // Values nobody writes by hand, built in one or two steps; the ones at the limit are built.
    QTest::newRow("repeat at the limit")
            << QByteArray("X = ['a'] * 1_000_000\nCORS_ALLOW_HEADERS = X[:3]\n") << false;
    QTest::newRow("repeat past it")
            << QByteArray("CORS_ALLOW_HEADERS = ['a'] * 1_000_001\n") << true;
    QTest::newRow("repeat by a huge count")
            << QByteArray("CORS_ALLOW_HEADERS = ['a'] * 1_000_000_000_000\n") << true;
    QTest::newRow("str repeat past it")
            << QByteArray("CORS_URLS_REGEX = 'a' * 1_000_001\n") << true;
    QTest::newRow("list + list") << QByteArray("X = ['a'] * 600_000\nCORS_ALLOW_HEADERS = X + X\n")
                                 << true;
    QTest::newRow("str + str") << QByteArray("X = 'a' * 600_000\nCORS_URLS_REGEX = X + X\n")
                               << true;
    QTest::newRow("list += list") << QByteArray(
            "CORS_ALLOW_HEADERS = ['a'] * 600_000\nCORS_ALLOW_HEADERS += CORS_ALLOW_HEADERS\n")
                                  << true;
    QTest::newRow("extend") << QByteArray(
            "CORS_ALLOW_HEADERS = ['a'] * 600_000\nCORS_ALLOW_HEADERS.extend(CORS_ALLOW_HEADERS)\n")
                            << true;
    QTest::newRow("starred display")
            << QByteArray("X = ['a'] * 600_000\nCORS_ALLOW_HEADERS = [*X, *X]\n") << true;
}

void tst_Limits::valueLength()
{
    QFETCH(QByteArray, source);
    QFETCH(bool, refused);
    QCOMPARE(SettingsReadLimits::MaxValueLength, 1000000);
    const SettingsReadResult read = readDjangoSettings(source);
    // The file stays readable: only the statement is left out, with a warning saying why.
    QVERIFY2(read.ok, qPrintable(messages(read)));
    const SettingsMessage *warning = find(read, SettingsMessage::Severity::Warning);
    if (!refused) {
        QVERIFY2(!messages(read).contains(QLatin1String("1000000")), qPrintable(messages(read)));
        return;
    }
    QVERIFY2(warning, qPrintable(messages(read)));
    QVERIFY2(warning->text.contains(QLatin1String("is not read"))
                     && (warning->text.contains(QLatin1String("more than 1000000 items"))
                         || warning->text.contains(QLatin1String("huge count"))),
             qPrintable(messages(read)));
}

void tst_Limits::settingsNesting()
{
    // CPython's parser limit (200 nested brackets), which the reader shares.
    const QByteArray ok
            = "CORS_ALLOW_HEADERS = " + QByteArray(199, '[') + "'a'" + QByteArray(199, ']') + "\n";
    const SettingsReadResult fits = readDjangoSettings(ok);
    QVERIFY2(fits.ok, qPrintable(messages(fits)));
    const QByteArray deep
            = "CORS_ALLOW_HEADERS = " + QByteArray(201, '[') + QByteArray(201, ']') + "\n";
    const SettingsReadResult refused = readDjangoSettings(deep);
    QVERIFY(!refused.ok);
    QVERIFY2(messages(refused).contains(QLatin1String("too many nested parentheses")),
             qPrintable(messages(refused)));
    // Deep nesting without brackets: unary operators and chained operators.
    const SettingsReadResult unary
            = readDjangoSettings("CORS_PREFLIGHT_MAX_AGE = " + QByteArray(100000, '-') + "1\n");
    Q_UNUSED(unary); // must return, whatever it decides
    const SettingsReadResult chain = readDjangoSettings(
            "CORS_ALLOW_HEADERS = " + QByteArray("['a'] + ").repeated(50000) + "[]\n");
    Q_UNUSED(chain);
}

void tst_Limits::yamlSizeAndNesting()
{
    const CorsYamlResult huge = loadCorsYaml(QByteArray(CorsYamlLimits::MaxBytes + 1, '#'));
    QVERIFY(!huge.ok);
    QVERIFY(huge.messages.constFirst().text.contains(QLatin1String("larger than 8 MiB")));

    const QByteArray head = "cors-studio: 1\nprofile: \"4.x\"\nsettings:\n  CORS_ALLOW_HEADERS: ";
    const CorsYamlResult deep
            = loadCorsYaml(head + QByteArray(600, '[') + QByteArray(600, ']') + "\n");
    QVERIFY(!deep.ok);
    QVERIFY(deep.messages.constFirst().text.contains(
            QLatin1String("collections nested more than 480 deep")));
}

void tst_Limits::regexMatchLimit()
{
    QCOMPARE(Py::Regex::MatchLimit, 1000000);
    // Exponential in Python: (a+)+ splits n a's in 2**(n-1) ways before failing on the '!'.
    const Py::Regex redos = Py::Regex::compile(QStringLiteral("^(a+)+$"));
    QVERIFY(redos.isSupported());
    bool stuck = false;
    const QString subject = QString(40, u'a') + u'!';
    QCOMPARE(redos.matchAtStart(subject, &stuck), std::nullopt);
    QVERIFY(stuck);
    QVERIFY(!redos.matches(subject));
    // Short subjects stay exact.
    QCOMPARE(redos.matchAtStart(QStringLiteral("aaaa"), &stuck), std::optional<qsizetype>(4));
    QVERIFY(!stuck);
    QCOMPARE(redos.matchAtStart(QStringLiteral("aaa!"), &stuck), std::optional<qsizetype>(-1));
    QVERIFY(!stuck);

    // Linear patterns on megabytes of subject are far from the limit.
    const Py::Regex scan = Py::Regex::compile(QStringLiteral("^/api/(?:[a-z]+/)*x$"));
    QString path = QStringLiteral("/api/") + QStringLiteral("abc/").repeated(250000) + u'x';
    QCOMPARE(scan.matchAtStart(path, &stuck), std::optional<qsizetype>(path.size()));
    QVERIFY(!stuck);

    // No answer for a subject that is not UTF-16 is not the match limit.
    const QChar lone[] = {QChar(0xD800)};
    QCOMPARE(scan.matchAtStart(QStringView(lone, 1), &stuck), std::nullopt);
    QVERIFY(!stuck);
    // The limit is not part of the translation other tools read.
    QVERIFY(!redos.pcrePattern().contains(QLatin1String("LIMIT")));
}

void tst_Limits::catastrophicOriginRegexIsAServerError()
{
    const SettingsReadResult read
            = readDjangoSettings("CORS_ALLOWED_ORIGINS = ['https://app.example']\n"
                                 "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://x\\.example$', "
                                 "r'^https://(a+)+\\.example$']\n");
    QVERIFY2(read.ok, qPrintable(messages(read)));
    const CorsEngine engine(read.policy);
    HttpRequest request;
    request.headers
            = {{QStringLiteral("Origin"), QStringLiteral("https://") + QString(40, u'a') + u'!'}};
    const EngineResponse response = engine.respond(request);
    QCOMPARE(response.status, 500);
    QVERIFY(response.corsHeaders.isEmpty());
    QVERIFY2(response.error.startsWith(QStringLiteral(
                     "catastrophic backtracking: re.match('^https://(a+)+\\\\.example$', "
                     "'https://aaaa")),
             qPrintable(response.error));
    QVERIFY(response.error.endsWith(QLatin1String("(PCRE2 gave up after 1000000 steps)")));
    const ExplanationStep &last = response.explanation.constLast();
    QCOMPARE(last.verdict, Verdict::Error);
    QCOMPARE(last.setting, std::optional<SettingId>(SettingId::AllowedOriginRegexes));
    QCOMPARE(last.entry, 1);
    QVERIFY2(last.text.contains(QLatin1String("Django does not answer")), qPrintable(last.text));

    // The listed origin and the harmless regex still answer before the bad one is reached.
    request.headers = {{QStringLiteral("Origin"), QStringLiteral("https://x.example")}};
    QCOMPARE(engine.respond(request).error, QString());

    // The origin tester says the same about the entry.
    const OriginReport report
            = engine.examineOrigin(QStringLiteral("https://") + QString(40, u'a') + u'!');
    QVERIFY(report.entries.constLast().raises);
    QVERIFY(report.entries.constLast().reason.startsWith(
            QLatin1String("catastrophic backtracking")));
}

void tst_Limits::catastrophicUrlsRegexIsAServerError()
{
    const SettingsReadResult read = readDjangoSettings(
            "CORS_ALLOW_ALL_ORIGINS = True\nCORS_URLS_REGEX = r'^/(\\w+/?)+$'\n");
    QVERIFY2(read.ok, qPrintable(messages(read)));
    const CorsEngine engine(read.policy);
    HttpRequest request;
    request.path = QStringLiteral("/") + QString(40, u'a') + u'!';
    request.headers = {{QStringLiteral("Origin"), QStringLiteral("https://x.example")}};
    const EngineResponse response = engine.respond(request);
    QCOMPARE(response.status, 500);
    QVERIFY2(response.error.startsWith(
                     QLatin1String("catastrophic backtracking: re.match('^/(\\\\w+/?)+$'")),
             qPrintable(response.error));
    QCOMPARE(response.explanation.constLast().setting,
             std::optional<SettingId>(SettingId::UrlsRegex));
    // A path it matches quickly is handled as usual.
    request.path = QStringLiteral("/api/x");
    QCOMPARE(engine.respond(request).error, QString());
}

void tst_Limits::jsonLineLength()
{
    QCOMPARE(MaxJsonLineBytes, 1024 * 1024);
    const QByteArray head = "{\"path\": \"/";
    const QByteArray tail = "\"}";
    const QByteArray atLimit
            = head + QByteArray(MaxJsonLineBytes - head.size() - tail.size(), 'a') + tail;
    QString error;
    QVERIFY2(parseRequestLine(atLimit, &error), qPrintable(error));
    QVERIFY(!parseRequestLine(atLimit + ' ', &error));
    QCOMPARE(error,
             QStringLiteral("the line has 1048577 bytes, more than the 1048576 a request line may "
                            "have (docs/limits.md)"));
    QVERIFY(!parseScenarioLine(atLimit + ' ', &error));
    QVERIFY(error.startsWith(QLatin1String("the line has 1048577 bytes")));
}

void tst_Limits::clockAdvance()
{
    QString error;
    const QByteArray scenario
            = "\"origin\": \"https://a.example\", \"url\": \"https://b.example/\"";
    QVERIFY(parseScenarioLine("{" + scenario + ", \"advance\": 1e9}", &error));
    QVERIFY(!parseScenarioLine("{" + scenario + ", \"advance\": 1.0000001e9}", &error));
    QCOMPARE(error, QStringLiteral("\"advance\" must be a number of seconds from 0 to 1000000000"));
    QVERIFY(!parseScenarioLine("{" + scenario + ", \"advance\": 1e300}", &error));

    const CorsYamlResult yaml
            = loadCorsYaml("cors-studio: 1\nprofile: \"4.x\"\nscenarios:\n  - name: a\n"
                           "    advance: 1e300\n    request:\n      origin: https://a.example\n"
                           "      url: https://b.example/\n");
    QVERIFY(!yaml.ok);
    QVERIFY2(yaml.messages.constFirst().text.contains(QLatin1String("from 0 to 1000000000")),
             qPrintable(yaml.messages.constFirst().text));

    // The session clock saturates instead of overflowing, however often it is advanced.
    BrowserSession session;
    for (int i = 0; i < 3; ++i)
        session.advanceClock(std::numeric_limits<qint64>::max() / 2);
    QCOMPARE(session.nowMs(), std::numeric_limits<qint64>::max());
    BrowserSession seconds;
    seconds.advanceClockSeconds(1e300);
    QCOMPARE(seconds.nowMs(), qint64(MaxClockAdvanceSeconds * 1000));
    seconds.advanceClockSeconds(std::numeric_limits<double>::quiet_NaN());
    QCOMPARE(seconds.nowMs(), qint64(MaxClockAdvanceSeconds * 1000));
}

QTEST_GUILESS_MAIN(tst_Limits)
#include "tst_limits.moc"
