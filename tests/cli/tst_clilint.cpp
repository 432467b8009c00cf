// SPDX-License-Identifier: MIT
// `cors-studio lint` as a user or a CI job runs it: the three formats, the JSON form of the
// findings, exit codes (1 exactly when a finding is an error), profiles and options.
// The attacker origins themselves are checked against the real django-cors-headers by ctest
// lint/django_attackers, the SARIF form against the SARIF 2.1.0 schema by lint/sarif_schema.

#include "clirunner.h"

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
    void unreadSettingIsNeverClean();
    void checkReportsUnreadSettings();
    void variantsAreEachLinted();
    void proxyFindingsInEveryFormat();
    void proxyFindingsUnderANarrowUrlsRegex();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run lint(const QStringList &arguments);
    Run run(const QString &command, const QStringList &arguments);
    QString writePolicy(const QString &name, const QByteArray &source);
    static QJsonArray findings(const Run &run);
    static QStringList ids(const Run &run);

    QTemporaryDir m_dir;
};

tst_CliLint::Run tst_CliLint::run(const QString &command, const QStringList &arguments)
{
    const CliTest::Run r = CliTest::runCli(QStringList {command} + arguments);
    return {r.exitCode, r.out, r.err};
}

tst_CliLint::Run tst_CliLint::lint(const QStringList &arguments)
{
    // Relative paths, as users pass them: the reports name the file as given.
    const CliTest::Run r = CliTest::runCli(QStringList {u"lint"_s} + arguments, {},
                                           QStringLiteral(CORS_TEST_DATA_DIR "/lint"));
    return {r.exitCode, r.out, r.err};
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

// A setting the reader cannot read is an error of its own: the report is never clean by
// omission, whatever the format (issue 16).
void tst_CliLint::unreadSettingIsNeverClean()
{
    const QString path = writePolicy(u"unread_settings.py"_s,
                                     "import os\n"
                                     "CORS_ALLOWED_ORIGINS = ['https://app.example.com']\n"
                                     "CORS_ALLOW_ALL_ORIGINS = os.environ['CORS_ALL'] == '1'\n");
    const Run text = lint({path});
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.out.contains("CORS_ALLOW_ALL_ORIGINS on line 3 could not be read: the findings "
                               "do not cover it"),
             text.out.constData());
    QVERIFY(text.out.contains(":3: error: "));
    QVERIFY(text.out.contains("[setting-unread]"));

    const Run json = lint({u"--format"_s, u"json"_s, path});
    QCOMPARE(json.exitCode, 1);
    QVERIFY2(ids(json).contains(u"setting-unread"_s), json.out.constData());
    for (const QJsonValue &f : findings(json)) {
        if (f.toObject().value(u"id"_s).toString() == u"setting-unread"_s) {
            QCOMPARE(f.toObject().value(u"setting"_s).toString(), u"CORS_ALLOW_ALL_ORIGINS"_s);
            QCOMPARE(f.toObject().value(u"severity"_s).toString(), u"error"_s);
        }
    }

    const Run sarif = lint({u"--format"_s, u"sarif"_s, path});
    QCOMPARE(sarif.exitCode, 1);
    const QJsonArray results = QJsonDocument::fromJson(sarif.out)
                                       .object()
                                       .value(u"runs"_s)
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(u"results"_s)
                                       .toArray();
    bool found = false;
    for (const QJsonValue &r : results) {
        const QJsonObject o = r.toObject();
        if (o.value(u"ruleId"_s).toString() != u"setting-unread"_s)
            continue;
        found = true;
        QCOMPARE(o.value(u"level"_s).toString(), u"error"_s);
        const QJsonObject region = o.value(u"locations"_s)
                                           .toArray()
                                           .first()
                                           .toObject()
                                           .value(u"physicalLocation"_s)
                                           .toObject()
                                           .value(u"region"_s)
                                           .toObject();
        QCOMPARE(region.value(u"startLine"_s).toInt(), 3);
    }
    QVERIFY2(found, sarif.out.constData());

    // The same policy written so that the reader reads it is clean.
    const QString readable = writePolicy(u"read_settings.py"_s,
                                         "CORS_ALLOWED_ORIGINS = ['https://app.example.com']\n"
                                         "CORS_ALLOW_ALL_ORIGINS = False\n");
    const Run clean = lint({readable});
    QCOMPARE(clean.exitCode, 0);
    QVERIFY(!clean.out.contains("could not be read"));
}

void tst_CliLint::checkReportsUnreadSettings()
{
    const QString path
            = writePolicy(u"unread_check.py"_s,
                          "import os\nCORS_ALLOWED_ORIGINS = os.environ['ORIGINS'].split(',')\n");
    const Run text = run(u"check"_s, {path});
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.out.contains("System check identified no issues"), text.out.constData());
    QVERIFY2(text.out.contains("CORS_ALLOWED_ORIGINS on line 2 could not be read: the findings do "
                               "not cover it"),
             text.out.constData());
    const Run json = run(u"check"_s, {u"--format"_s, u"json"_s, path});
    QCOMPARE(json.exitCode, 1);
    const QJsonArray unread
            = QJsonDocument::fromJson(json.out).object().value(u"unread"_s).toArray();
    QCOMPARE(unread.size(), 1);
    QCOMPARE(unread.first().toObject().value(u"setting"_s).toString(), u"CORS_ALLOWED_ORIGINS"_s);
    QCOMPARE(unread.first().toObject().value(u"line"_s).toInt(), 2);
}

// A policy that depends on DEBUG is linted and checked in each variant, named in every format;
// --variant picks one.
void tst_CliLint::variantsAreEachLinted()
{
    const QString path = writePolicy(u"variants.py"_s,
                                     "import os\n"
                                     "DEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'\n"
                                     "CORS_ALLOW_CREDENTIALS = True\n"
                                     "if DEBUG:\n"
                                     "    CORS_ALLOW_ALL_ORIGINS = True\n"
                                     "else:\n"
                                     "    CORS_ALLOWED_ORIGINS = ['https://app.example.com']\n");
    const Run text = lint({path});
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.out.contains("Variants: \"DEBUG on\", \"DEBUG off\"; the chosen one (for "
                               "export) is \"DEBUG off\""),
             text.out.constData());
    QVERIFY2(text.out.contains("error: [DEBUG on] CORS_ALLOW_ALL_ORIGINS"), text.out.constData());
    QVERIFY(text.out.contains("[allow-all-with-credentials]"));

    const Run json = lint({u"--format"_s, u"json"_s, path});
    const QJsonObject o = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(o.value(u"chosen_variant"_s).toString(), u"DEBUG off"_s);
    QCOMPARE(o.value(u"variants"_s).toArray().size(), 2);
    bool debugOnError = false;
    for (const QJsonValue &f : findings(json)) {
        debugOnError = debugOnError
                || (f.toObject().value(u"variant"_s).toString() == u"DEBUG on"_s
                    && f.toObject().value(u"id"_s).toString() == u"allow-all-with-credentials"_s);
    }
    QVERIFY2(debugOnError, json.out.constData());

    // Only the production variant: no error.
    const Run off = lint({u"--variant"_s, u"DEBUG off"_s, path});
    QCOMPARE(off.exitCode, 0);
    QVERIFY2(off.err.contains("this run uses \"DEBUG off\""), off.err.constData());
    const Run on = lint({u"--variant"_s, u"debug ON"_s, path});
    QCOMPARE(on.exitCode, 1);
    const Run unknown = lint({u"--variant"_s, u"staging"_s, path});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("its variants are \"DEBUG on\", \"DEBUG off\""),
             unknown.err.constData());

    // check: each variant, by name.
    const Run check = run(u"check"_s, {path});
    QCOMPARE(check.exitCode, 0);
    QVERIFY2(check.out.contains("Variant \"DEBUG on\":")
                     && check.out.contains("Variant \"DEBUG off\":"),
             check.out.constData());
}

// A policy whose CORS_URLS_REGEX leaves "/" out: the nginx rules probe the saved scenarios'
// paths (and the routes' sample paths), so the duplicate header and the bare preflight show.
void tst_CliLint::proxyFindingsUnderANarrowUrlsRegex()
{
    const QString policy = QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example.cors.yaml");
    QVERIFY(QFile::exists(policy));
    const Run duplicate = lint({policy, u"--proxy"_s, u"../nginx/duplicate-allow-origin.conf"_s});
    QVERIFY2(duplicate.out.contains("[nginx-duplicate-allow-origin]"), duplicate.out.constData());
    QVERIFY(duplicate.out.contains("/api/items/42 with Origin: https://app.example.com"));
    const Run preflight = lint({policy, u"--proxy"_s, u"../nginx/preflight-answered.conf"_s});
    QVERIFY2(preflight.out.contains("[nginx-preflight-missing-headers]"),
             preflight.out.constData());
}

// --proxy: the layered-stack findings in text, JSON ("nginx_findings") and SARIF (results in
// the nginx file), each at the file, line and column of the directive. The duplicate header
// itself is checked on the real nginx + Django by ctest nginx/proxy_differential and in real
// Chromium by nginx/chromium_agreement (the same nginx file).
void tst_CliLint::proxyFindingsInEveryFormat()
{
    const QString conf = u"../nginx/duplicate-allow-origin.conf"_s;
    // Where the add_header is, read from the file.
    QFile file(QStringLiteral(CORS_TEST_DATA_DIR "/nginx/duplicate-allow-origin.conf"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    int line = 0;
    int column = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).contains("add_header Access-Control-Allow-Origin")) {
            line = int(i + 1);
            column = int(lines.at(i).indexOf("add_header") + 1);
        }
    }
    QVERIFY(line > 0);
    const QString policy = writePolicy(u"layered.py"_s,
                                       "CORS_ALLOWED_ORIGINS = [\"http://app.test\"]\n"
                                       "CORS_ALLOW_CREDENTIALS = True\n");

    const Run text = lint({policy, u"--proxy"_s, conf});
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.out.contains(QStringLiteral("%1:%2: error: ").arg(conf).arg(line).toUtf8()),
             text.out.constData());
    QVERIFY(text.out.contains("[nginx-duplicate-allow-origin]"));

    const Run json = lint({policy, u"--proxy"_s, conf, u"--format"_s, u"json"_s});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(json.out).object();
    QVERIFY2(report.contains(u"findings"_s), json.out.constData());
    bool seen = false;
    for (const QJsonValue &v : report.value(u"nginx_findings"_s).toArray()) {
        const QJsonObject f = v.toObject();
        if (f.value(u"id"_s).toString() != u"nginx-duplicate-allow-origin"_s)
            continue;
        seen = true;
        QCOMPARE(f.value(u"severity"_s).toString(), u"error"_s);
        QCOMPARE(f.value(u"file"_s).toString(), conf);
        QCOMPARE(f.value(u"line"_s).toInt(), line);
        QCOMPARE(f.value(u"column"_s).toInt(), column);
        QVERIFY(!f.value(u"request"_s).toString().isEmpty());
        QVERIFY(!f.value(u"fix"_s).toString().isEmpty());
    }
    QVERIFY2(seen, json.out.constData());

    const Run sarif = lint({policy, u"--proxy"_s, conf, u"--format"_s, u"sarif"_s});
    QCOMPARE(sarif.exitCode, 1);
    const QJsonObject sarifRun = QJsonDocument::fromJson(sarif.out)
                                         .object()
                                         .value(u"runs"_s)
                                         .toArray()
                                         .first()
                                         .toObject();
    const QJsonArray rules = sarifRun.value(u"tool"_s)
                                     .toObject()
                                     .value(u"driver"_s)
                                     .toObject()
                                     .value(u"rules"_s)
                                     .toArray();
    seen = false;
    for (const QJsonValue &v : sarifRun.value(u"results"_s).toArray()) {
        const QJsonObject result = v.toObject();
        QCOMPARE(rules.at(result.value(u"ruleIndex"_s).toInt()).toObject().value(u"id"_s),
                 result.value(u"ruleId"_s));
        if (result.value(u"ruleId"_s).toString() != u"nginx-duplicate-allow-origin"_s)
            continue;
        seen = true;
        QCOMPARE(result.value(u"level"_s).toString(), u"error"_s);
        const QJsonObject physical = result.value(u"locations"_s)
                                             .toArray()
                                             .first()
                                             .toObject()
                                             .value(u"physicalLocation"_s)
                                             .toObject();
        QCOMPARE(physical.value(u"artifactLocation"_s).toObject().value(u"uri"_s).toString(), conf);
        const QJsonObject region = physical.value(u"region"_s).toObject();
        QCOMPARE(region.value(u"startLine"_s).toInt(), line);
        QCOMPARE(region.value(u"startColumn"_s).toInt(), column);
    }
    QVERIFY2(seen, sarif.out.constData());
}

QTEST_APPLESS_MAIN(tst_CliLint)
#include "tst_clilint.moc"
