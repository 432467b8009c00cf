// SPDX-License-Identifier: MIT
// `cors-studio lint` as a user or a CI job runs it: the three formats, the JSON form of the
// findings, exit codes (1 exactly when a finding is an error), profiles and options.
// The attacker origins themselves are checked against the real django-cors-headers by ctest
// lint/django_attackers, the SARIF form against the SARIF 2.1.0 schema by lint/sarif_schema.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_CliLint : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void jsonIsTheDocumentedForm();
    void exitCodeFollowsErrors();
    void profileDecides();
    void sarifNamesFileAndLine();
    void textReadsLikeACompiler();
    void sessionCookieSameSite();
    void usageErrors();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run lint(const QStringList &arguments);
    QString writePolicy(const QString &name, const QByteArray &source);
    static QJsonArray findings(const Run &run);
    static QStringList ids(const Run &run);

    QTemporaryDir m_dir;
};

tst_CliLint::Run tst_CliLint::lint(const QStringList &arguments)
{
    QProcess process;
    // Relative paths, as users pass them: the reports name the file as given.
    process.setWorkingDirectory(QStringLiteral(CORS_TEST_DATA_DIR "/lint"));
    process.start(QStringLiteral(CORS_CLI_PATH), QStringList {u"lint"_s} + arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        return {};
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QString tst_CliLint::writePolicy(const QString &name, const QByteArray &source)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(source);
    return path;
}

QJsonArray tst_CliLint::findings(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object().value(u"findings"_s).toArray();
}

QStringList tst_CliLint::ids(const Run &run)
{
    QStringList out;
    for (const QJsonValue &f : findings(run))
        out.append(f.toObject().value(u"id"_s).toString());
    return out;
}

void tst_CliLint::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(CORS_CLI_PATH)), CORS_CLI_PATH);
}

void tst_CliLint::jsonIsTheDocumentedForm()
{
    const Run run = lint({u"risky_settings.py"_s, u"--format"_s, u"json"_s});
    QCOMPARE(run.exitCode, 1);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().keys(), QStringList {u"findings"_s});

    // {"findings": [{"id", "severity", "setting", "entry", "message", "fix", "attacker_origin"}]}:
    // exactly those keys, in that order, in every finding.
    static const QRegularExpression object(
            uR"re(\{"id":"[^"]+","severity":"(error|warning|info)","setting":"(CORS|CSRF)_[A-Z_]+",)re"
            uR"re("entry":(null|"(\\.|[^"\\])*"),"message":"(\\.|[^"\\])+","fix":"(\\.|[^"\\])+",)re"
            uR"re("attacker_origin":(null|"[^"]+")\})re"_s);
    const QString text = QString::fromUtf8(run.out);
    const QJsonArray array = findings(run);
    QVERIFY(array.size() >= 10);
    qsizetype objects = 0;
    for (auto it = object.globalMatch(text); it.hasNext(); it.next())
        ++objects;
    QCOMPARE(objects, array.size());

    // The examples of the reference catalogue (peers-and-pitfalls §2): L06's unescaped dot and
    // L03's trusted null, with the origins it names.
    bool dot = false;
    bool null = false;
    for (const QJsonValue &value : array) {
        const QJsonObject f = value.toObject();
        if (f.value(u"id"_s) == u"regex-unescaped-dot"_s) {
            dot = true;
            QCOMPARE(f.value(u"severity"_s).toString(), u"error"_s);
            QCOMPARE(f.value(u"setting"_s).toString(), u"CORS_ALLOWED_ORIGIN_REGEXES"_s);
            QCOMPARE(f.value(u"entry"_s).toString(), uR"(^https://api.example.com$)"_s);
            QCOMPARE(f.value(u"attacker_origin"_s).toString(), u"https://apixexample.com"_s);
        }
        if (f.value(u"id"_s) == u"origin-null"_s) {
            null = true;
            QCOMPARE(f.value(u"entry"_s).toString(), u"null"_s);
            QCOMPARE(f.value(u"attacker_origin"_s).toString(), u"null"_s);
        }
        if (f.value(u"id"_s) == u"max-age-above-cap"_s) {
            QVERIFY(f.value(u"entry"_s).isNull());
            QVERIFY(f.value(u"attacker_origin"_s).isNull());
        }
    }
    QVERIFY(dot);
    QVERIFY(null);
    for (const QString &id :
         {u"regex-unanchored-end"_s, u"regex-public-suffix-wildcard"_s, u"origin-insecure-scheme"_s,
          u"origin-local-network"_s, u"wildcard-with-credentials"_s, u"header-forbidden"_s,
          u"max-age-above-cap"_s, u"urls-regex-unanchored"_s})
        QVERIFY2(ids(run).contains(id), qPrintable(id));
}

void tst_CliLint::exitCodeFollowsErrors()
{
    // Warnings and infos only: 0.
    const QString warnings = writePolicy(u"warnings.py"_s,
                                         "CORS_ALLOWED_ORIGINS = ['https://a.example']\n"
                                         "CORS_ALLOW_METHODS = ['GET', 'TRACE']\n"
                                         "CORS_PREFLIGHT_MAX_AGE = 0\n");
    Run run = lint({warnings, u"--format"_s, u"json"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(ids(run).contains(u"method-forbidden"_s));
    QVERIFY(ids(run).contains(u"method-unneeded"_s));
    QVERIFY(ids(run).contains(u"max-age-zero"_s));
    for (const QJsonValue &f : findings(run))
        QVERIFY(f.toObject().value(u"severity"_s).toString() != u"error"_s);

    // One error among them: 1, whatever the format.
    const QString error = writePolicy(u"error.py"_s,
                                      "CORS_ALLOWED_ORIGINS = ['https://a.example']\n"
                                      "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://b\\.example']\n"
                                      "CORS_ALLOW_METHODS = ['GET', 'TRACE']\n");
    for (const QString &format : {u"text"_s, u"json"_s, u"sarif"_s})
        QCOMPARE(lint({error, u"--format"_s, format}).exitCode, 1);

    run = lint({u"clean_settings.py"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("No findings.\n"));
    run = lint({u"clean_settings.py"_s, u"--format"_s, u"json"_s});
    QCOMPARE(run.out, QByteArray("{\"findings\":[]}\n"));

    // A CORS Studio document (with saved scenarios) is linted like a settings module.
    run = lint({QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example.cors.yaml"),
                u"--format"_s, u"json"_s});
    QVERIFY(run.exitCode == 0 || run.exitCode == 1);
    QVERIFY(!findings(run).isEmpty());
}

void tst_CliLint::profileDecides()
{
    // Django 4.0+ refuses a CSRF_TRUSTED_ORIGINS entry without scheme (4_0.E001); Django 3.2,
    // which Debian's django-cors-headers 3.14 runs on, wants host names.
    const QString policy
            = writePolicy(u"csrf.py"_s, "CSRF_TRUSTED_ORIGINS = ['app.example.com']\n");
    Run run = lint({policy, u"--format"_s, u"json"_s});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(ids(run), QStringList {u"csrf-trusted-origin-form"_s});
    run = lint({policy, u"--profile"_s, u"3.14"_s, u"--format"_s, u"json"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(ids(run).isEmpty());
}

void tst_CliLint::sarifNamesFileAndLine()
{
    const Run run = lint({u"risky_settings.py"_s, u"--format"_s, u"sarif"_s});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject log = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(log.value(u"version"_s).toString(), u"2.1.0"_s);
    const QJsonObject sarifRun = log.value(u"runs"_s).toArray().first().toObject();
    const QJsonArray rules = sarifRun.value(u"tool"_s)
                                     .toObject()
                                     .value(u"driver"_s)
                                     .toObject()
                                     .value(u"rules"_s)
                                     .toArray();
    const QJsonArray results = sarifRun.value(u"results"_s).toArray();
    QCOMPARE(results.size(),
             findings(lint({u"risky_settings.py"_s, u"--format"_s, u"json"_s})).size());
    bool lineSeen = false;
    for (const QJsonValue &value : results) {
        const QJsonObject result = value.toObject();
        QCOMPARE(rules.at(result.value(u"ruleIndex"_s).toInt()).toObject().value(u"id"_s),
                 result.value(u"ruleId"_s));
        const QJsonObject physical = result.value(u"locations"_s)
                                             .toArray()
                                             .first()
                                             .toObject()
                                             .value(u"physicalLocation"_s)
                                             .toObject();
        QCOMPARE(physical.value(u"artifactLocation"_s).toObject().value(u"uri"_s).toString(),
                 u"risky_settings.py"_s);
        if (result.value(u"ruleId"_s) == u"regex-unanchored-end"_s) {
            // The line of the CORS_ALLOWED_ORIGIN_REGEXES assignment in the file.
            QCOMPARE(physical.value(u"region"_s).toObject().value(u"startLine"_s).toInt(), 12);
            QCOMPARE(result.value(u"properties"_s).toObject().value(u"attackRequest"_s).toString(),
                     u"GET /api"_s);
            lineSeen = true;
        }
    }
    QVERIFY(lineSeen);
}

void tst_CliLint::textReadsLikeACompiler()
{
    const Run run = lint({u"risky_settings.py"_s});
    QCOMPARE(run.exitCode, 1);
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.contains(u"risky_settings.py:12: error: CORS_ALLOWED_ORIGIN_REGEXES[0] "_s),
             qPrintable(text));
    QVERIFY(text.contains(u"[regex-unanchored-end]\n"_s));
    QVERIFY(text.contains(u"    attacker origin: https://apixexample.com (GET /api)\n"_s));
    static const QRegularExpression summary(
            uR"(\n\d+ error\(s\), \d+ warning\(s\), \d+ info\.\n$)"_s);
    QVERIFY(summary.match(text).hasMatch());
}

void tst_CliLint::sessionCookieSameSite()
{
    const QByteArray base = "CORS_ALLOWED_ORIGINS = ['https://app.example.net']\n"
                            "CSRF_TRUSTED_ORIGINS = ['https://app.example.net']\n"
                            "CORS_ALLOW_CREDENTIALS = True\n";
    // Django's default, Lax: credentialed cross-site requests arrive without the cookie.
    const QString lax = writePolicy(u"lax.py"_s, base);
    QCOMPARE(ids(lint({lax, u"--format"_s, u"json"_s})),
             QStringList {u"session-cookie-samesite"_s});
    const QString none = writePolicy(u"none.py"_s, base + "SESSION_COOKIE_SAMESITE = 'None'\n");
    QVERIFY(ids(lint({none, u"--format"_s, u"json"_s})).isEmpty());
    // The option overrides what the module says.
    QCOMPARE(ids(lint({none, u"--format"_s, u"json"_s, u"--session-cookie-samesite"_s,
                       u"Strict"_s})),
             QStringList {u"session-cookie-samesite"_s});
    QVERIFY(ids(lint({lax, u"--format"_s, u"json"_s, u"--session-cookie-samesite"_s, u"None"_s}))
                    .isEmpty());
}

void tst_CliLint::usageErrors()
{
    QCOMPARE(lint({u"clean_settings.py"_s, u"--format"_s, u"yaml"_s}).exitCode, 2);
    QCOMPARE(lint({u"does_not_exist.py"_s}).exitCode, 2);
    QCOMPARE(lint({}).exitCode, 2);
    const Run run = lint({u"clean_settings.py"_s, u"--session-cookie-samesite"_s, u"Maybe"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("Maybe"));
}

QTEST_APPLESS_MAIN(tst_CliLint)
#include "tst_clilint.moc"
