// SPDX-License-Identifier: MIT
#include "export/djangoexporter.h"
#include "io/policyfile.h"
#include "python/pysemantics.h"
#include "python/settingsreader.h"
#include "pythonoracle.h"
#include "stack/middlewareorder.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Cors;

class tst_DjangoExport : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsRandomPolicies();
    void roundTripsTheSettingsCorpus();
    void adversarialValuesCannotInject();
    void environmentReadsAreWrittenBackOnlyWhenHarmless();
    void keepsOnlyWhatDiffersFromDefaults();
    void legacyNamesOnRequest();
    void csrfTrustedOriginsFollowTheDjangoVersion();
    void profileSpecificSettings();
    void workingMiddlewareRule_data();
    void workingMiddlewareRule();
    void deploymentWritesWorkingMiddleware();
    void deploymentSettingsOnlyWhenNotDefault();
    void deploymentRoundTripsThroughImport_data();
    void deploymentRoundTripsThroughImport();
    void deploymentValuesCannotInject();

private:
    static QString exportText(const Policy &policy, const ExportOptions &options = {});
    static SettingsReadResult readBack(const QString &text, Profile profile);
};

namespace {

const QStringList &adversarialStrings()
{
    static const QStringList strings = {
            QStringLiteral("https://a.example"),
            QStringLiteral("it's \"quoted\""),
            QStringLiteral("'''triple'''"),
            QStringLiteral("\"\"\"triple\"\"\""),
            QStringLiteral("x\"\nimport os; os.system('echo pwned')\n#"),
            QStringLiteral("back\\slash\\"),
            QStringLiteral("\\"),
            QString::fromUtf16(u"nul\0byte", 8),
            QStringLiteral("tab\tcr\rlf\n"),
            QStringLiteral("{brace}; $dollar #hash"),
            QStringLiteral("]) ; CORS_ALLOW_ALL_ORIGINS = True ; ([ "),
            QString::fromUtf8("unicode \u00e9\u20ac\u2028\u200b \U0001F600"),
            QStringLiteral("\x01\x1f\x7f"),
            QStringLiteral("^https://\\w+\\.example\\.com$"),
            QStringLiteral("r\"raw\""),
            QString(),
    };
    return strings;
}

QString describe(const PyValue *v)
{
    if (!v)
        return QStringLiteral("(unset)");
    return Py::repr(*v)
            + (v->dynamicSource().isEmpty() ? QString()
                                            : QStringLiteral(" from ") + v->dynamicSource());
}

void reportDifferences(const Policy &actual, const Policy &expected)
{
    for (SettingId id : allSettings()) {
        const PyValue *a = actual.value(id);
        const PyValue *b = expected.value(id);
        if ((a == nullptr) != (b == nullptr) || (a && *a != *b))
            qWarning("%s: read back %s, expected %s", qPrintable(settingName(id)),
                     qPrintable(describe(a)), qPrintable(describe(b)));
    }
}

PyValue randomStr(QRandomGenerator &rng)
{
    const QStringList &pool = adversarialStrings();
    return PyValue::str(pool.at(rng.bounded(int(pool.size()))));
}

PyValue randomValue(QRandomGenerator &rng, int depth = 0)
{
    switch (rng.bounded(depth > 1 ? 7 : 11)) {
    case 0:
        return PyValue::none();
    case 1:
        return PyValue::boolean(rng.bounded(2));
    case 2:
        return PyValue::integerFromDecimal(
                QString::number(qint64(rng.generate64() % 2000000) - 1000000));
    case 3:
        return PyValue::floating(double(rng.bounded(10000)) / 8.0);
    case 4:
    case 5:
        return randomStr(rng);
    case 6:
        return PyValue::pattern(randomStr(rng).text(), rng.bounded(2) ? PyReFlag::IgnoreCase : 0);
    default: {
        QList<PyValue> items;
        const int n = rng.bounded(4);
        for (int i = 0; i < n; ++i)
            items.append(rng.bounded(3) ? randomStr(rng) : randomValue(rng, depth + 1));
        if (rng.bounded(5) == 0) {
            PyValue splat = rng.bounded(2) ? PyValue::defaultHeaders() : PyValue::defaultMethods();
            splat.setStarred(true);
            items.prepend(splat);
        }
        switch (rng.bounded(3)) {
        case 0:
            return PyValue::list(items);
        case 1:
            return PyValue::tuple(items);
        default: {
            // Sets hold hashable, distinct items only: strings de-duplicated.
            QList<PyValue> unique;
            for (const PyValue &item : std::as_const(items)) {
                if (item.isStr() && !unique.contains(item))
                    unique.append(item);
            }
            return PyValue::set(unique);
        }
        }
    }
    }
}

} // namespace

QString tst_DjangoExport::exportText(const Policy &policy, const ExportOptions &options)
{
    const ExportResult result = DjangoExporter().run(CorsDocument {policy, {}}, options);
    return result.ok ? result.text : QString();
}

SettingsReadResult tst_DjangoExport::readBack(const QString &text, Profile profile)
{
    SettingsReadOptions options;
    options.profile = profile;
    return readDjangoSettings(text.toUtf8(), options);
}

void tst_DjangoExport::roundTripsRandomPolicies()
{
    QRandomGenerator rng(20261120);
    for (int n = 0; n < 1500; ++n) {
        Policy policy(rng.bounded(2) ? Profile::V4 : Profile::V3_14);
        for (SettingId id : allSettings()) {
            if (rng.bounded(3) == 0)
                policy.setValue(id, randomValue(rng));
        }
        ExportOptions options;
        options.allSettings = rng.bounded(4) == 0;
        options.legacyNames = rng.bounded(2);
        const QString text = exportText(policy, options);
        const SettingsReadResult back = readBack(text, policy.profile());
        QVERIFY2(back.ok, qPrintable(text));
        const Policy expected = DjangoExporter::exportedPolicy(policy, options);
        if (back.policy != expected) {
            reportDifferences(back.policy, expected);
            QFAIL(qPrintable(text));
        }
        // Nothing but the settings the export means: no statement smuggled in by a value.
        QCOMPARE(back.policy.definedSettings(), expected.definedSettings());
    }
}

void tst_DjangoExport::roundTripsTheSettingsCorpus()
{
    const QDir dir(QStringLiteral(CORS_TEST_DATA_DIR "/settings"));
    int compared = 0;
    for (const QString &name : dir.entryList({QStringLiteral("*.py")}, QDir::Files)) {
        for (Profile profile : {Profile::V4, Profile::V3_14}) {
            SettingsReadOptions options;
            options.profile = profile;
            const SettingsReadResult read = readDjangoSettingsFile(dir.filePath(name), options);
            if (!read.ok)
                continue;
            const QString text = exportText(read.policy);
            const SettingsReadResult back = readBack(text, profile);
            QVERIFY2(back.ok, qPrintable(name + u'\n' + text));
            const Policy expected = DjangoExporter::exportedPolicy(read.policy, {});
            if (back.policy != expected) {
                reportDifferences(back.policy, expected);
                QFAIL(qPrintable(name + u'\n' + text));
            }
            ++compared;
        }
    }
    QVERIFY(compared > 50);
}

void tst_DjangoExport::adversarialValuesCannotInject()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    Policy policy(Profile::V4);
    QList<PyValue> origins;
    for (const QString &s : adversarialStrings())
        origins.append(PyValue::str(s));
    policy.setValue(SettingId::AllowedOrigins, PyValue::list(origins));
    policy.setValue(SettingId::AllowedOriginRegexes, PyValue::tuple(origins));
    policy.setValue(SettingId::ExposeHeaders, PyValue::set(origins));
    policy.setValue(SettingId::UrlsRegex,
                    PyValue::pattern(adversarialStrings().at(4), PyReFlag::IgnoreCase));
    const QString text = exportText(policy);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("exported.py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    file.close();

    // The real Python executes the export: exactly these four names, with exactly our values.
    const QByteArray out = Test::runPython(
            QStringLiteral("import runpy, sys\n"
                           "ns = runpy.run_path(sys.argv[1] if len(sys.argv) > 1 else %1)\n"
                           "names = sorted(k for k in ns if k.isupper())\n"
                           "print(names)\n"
                           "for k in names:\n"
                           "    v = ns[k]\n"
                           "    print(repr(sorted(v) if isinstance(v, set) else v))\n")
                    .arg(Py::reprString(path)));
    const QList<QByteArray> lines = out.split('\n');
    QCOMPARE(QString::fromUtf8(lines.value(0)),
             QStringLiteral("['CORS_ALLOWED_ORIGINS', 'CORS_ALLOWED_ORIGIN_REGEXES', "
                            "'CORS_EXPOSE_HEADERS', 'CORS_URLS_REGEX']"));
    QStringList sorted = adversarialStrings();
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.toUcs4() < b.toUcs4(); });
    QList<PyValue> sortedValues;
    for (const QString &s : std::as_const(sorted))
        sortedValues.append(PyValue::str(s));
    QCOMPARE(QString::fromUtf8(lines.value(1)), Py::repr(PyValue::list(origins)));
    QCOMPARE(QString::fromUtf8(lines.value(2)), Py::repr(PyValue::tuple(origins)));
    QCOMPARE(QString::fromUtf8(lines.value(3)), Py::repr(PyValue::list(sortedValues)));
    QCOMPARE(QString::fromUtf8(lines.value(4)), Py::repr(*policy.value(SettingId::UrlsRegex)));
}

void tst_DjangoExport::environmentReadsAreWrittenBackOnlyWhenHarmless()
{
    auto dynamic = [](const QString &source) {
        PyValue v = PyValue::str(QStringLiteral("a"));
        v.setDynamicSource(source);
        return v;
    };
    Policy policy(Profile::V4);
    policy.setValue(SettingId::ExposeHeaders,
                    PyValue::list({dynamic(QStringLiteral("os.environ.get('X', 'a')"))}));
    QVERIFY(exportText(policy).contains(
            QLatin1String("CORS_EXPOSE_HEADERS = [os.environ.get('X', 'a')]")));
    QVERIFY(exportText(policy).contains(QLatin1String("import os\n")));

    // A document could carry any text as the source of an environment read: only a lone,
    // re-readable read is written back, anything else becomes the literal.
    const QStringList hostile = {
            QStringLiteral("os.environ.get('X', 'a'); SECRET_KEY = 'x'"),
            QStringLiteral("os.environ.get('X', (SECRET_KEY := 'a'))"),
            QStringLiteral("os.environ.get('X', 'a')\nSECRET_KEY = 'x'"),
            QStringLiteral("os.environ.get('X', 'b')"), // reads back as another value
            QStringLiteral("os.system('touch /tmp/pwned') or 'a'"),
    };
    for (const QString &source : hostile) {
        policy.setValue(SettingId::ExposeHeaders, PyValue::list({dynamic(source)}));
        const QString text = exportText(policy);
        QVERIFY2(text.contains(QLatin1String("CORS_EXPOSE_HEADERS = ['a']\n")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("SECRET_KEY"))
                         && !text.contains(QLatin1String("system")),
                 qPrintable(text));
    }
}

void tst_DjangoExport::keepsOnlyWhatDiffersFromDefaults()
{
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowCredentials, PyValue::boolean(false)); // the default
    policy.setValue(SettingId::AllowHeaders, PyValue::defaultHeaders());   // the default
    policy.setValue(SettingId::PreflightMaxAge, PyValue::integer(600));
    const QString text = exportText(policy);
    QVERIFY(!text.contains(QLatin1String("CORS_ALLOW_CREDENTIALS")));
    QVERIFY(!text.contains(QLatin1String("CORS_ALLOW_HEADERS")));
    QVERIFY(text.contains(QLatin1String("CORS_PREFLIGHT_MAX_AGE = 600\n")));

    ExportOptions all;
    all.allSettings = true;
    const QString full = exportText(policy, all);
    QVERIFY(full.contains(QLatin1String("CORS_ALLOW_HEADERS = default_headers\n")));
    QVERIFY(full.contains(
            QLatin1String("from corsheaders.defaults import default_headers, default_methods\n")));
    QVERIFY(full.contains(QLatin1String("CORS_URLS_REGEX = '^.*$'\n")));
    QVERIFY(full.contains(QLatin1String("CORS_ALLOW_PRIVATE_NETWORK = False\n")));
    QVERIFY(!full.contains(QLatin1String("CORS_REPLACE_HTTPS_REFERER")));
}

void tst_DjangoExport::legacyNamesOnRequest()
{
    Policy policy(Profile::V3_14);
    policy.setValue(SettingId::OriginWhitelist,
                    PyValue::strList({QStringLiteral("https://a.example")}));
    QVERIFY(exportText(policy).contains(
            QLatin1String("CORS_ALLOWED_ORIGINS = ['https://a.example']")));
    ExportOptions legacy;
    legacy.legacyNames = true;
    QVERIFY(exportText(policy, legacy)
                    .contains(QLatin1String("CORS_ORIGIN_WHITELIST = ['https://a.example']")));
    // A defined current name wins even when empty: the shadowed legacy value is not exported.
    policy.setValue(SettingId::AllowedOrigins, PyValue::list());
    QList<ExportNote> notes;
    const Policy exported = DjangoExporter::exportedPolicy(policy, legacy, &notes);
    QVERIFY(!exported.isSet(SettingId::OriginWhitelist));
    QCOMPARE(notes.size(), 1);
}

void tst_DjangoExport::csrfTrustedOriginsFollowTheDjangoVersion()
{
    Policy policy(Profile::V4);
    policy.setValue(SettingId::CsrfTrustedOrigins,
                    PyValue::strList({QStringLiteral("app.example"), QStringLiteral(".example.org"),
                                      QStringLiteral("https://ok.example")}));
    QVERIFY(exportText(policy).contains(
            QLatin1String("    'https://app.example',\n    'https://*.example.org',\n    "
                          "'https://ok.example',\n")));
    policy.setProfile(Profile::V3_14);
    QVERIFY(exportText(policy).contains(
            QLatin1String("    'app.example',\n    '.example.org',\n    'ok.example',\n")));
}

void tst_DjangoExport::profileSpecificSettings()
{
    Policy policy(Profile::V4);
    policy.setValue(SettingId::ReplaceHttpsReferer, PyValue::boolean(true));
    policy.setValue(SettingId::Model, PyValue::none());
    QList<ExportNote> notes;
    const Policy exported = DjangoExporter::exportedPolicy(policy, {}, &notes);
    QVERIFY(exported.definedSettings().isEmpty());
    QCOMPARE(notes.size(), 2);

    policy = Policy(Profile::V3_14);
    policy.setValue(SettingId::ReplaceHttpsReferer, PyValue::boolean(true));
    policy.setValue(SettingId::AllowPrivateNetwork, PyValue::boolean(true));
    const QString text = exportText(policy);
    QVERIFY(text.contains(QLatin1String("CORS_REPLACE_HTTPS_REFERER = True")));
    QVERIFY(text.contains(QLatin1String("corsheaders.middleware.CorsPostCsrfMiddleware")));
    QVERIFY(!text.contains(QLatin1String("CORS_ALLOW_PRIVATE_NETWORK")));
}

namespace {

const QString Security = QStringLiteral("django.middleware.security.SecurityMiddleware");
const QString Session = QStringLiteral("django.contrib.sessions.middleware.SessionMiddleware");
const QString Common = QStringLiteral("django.middleware.common.CommonMiddleware");
const QString Csrf = QStringLiteral("django.middleware.csrf.CsrfViewMiddleware");
const QString Auth = QStringLiteral("django.contrib.auth.middleware.AuthenticationMiddleware");
const QString Messages = QStringLiteral("django.contrib.messages.middleware.MessageMiddleware");
const QString XFrame = QStringLiteral("django.middleware.clickjacking.XFrameOptionsMiddleware");
const QString CorsMw = QStringLiteral("corsheaders.middleware.CorsMiddleware");
const QString PostCsrf = QStringLiteral("corsheaders.middleware.CorsPostCsrfMiddleware");
const QString WhiteNoise = QStringLiteral("whitenoise.middleware.WhiteNoiseMiddleware");
const QString Audit = QStringLiteral("myapp.middleware.Audit");

CorsDocument documentWith(const Deployment &deployment, Profile profile)
{
    Policy policy(profile);
    policy.setValue(SettingId::AllowedOrigins,
                    PyValue::strList({QStringLiteral("https://app.example")}));
    CorsDocument document {policy, {}};
    document.deployment = deployment;
    return document;
}

/** Every stack setting away from its default, with values that need quoting. */
StackSettings unusualSettings()
{
    StackSettings s;
    s.middleware = {Security, Session, Common, CorsMw, Csrf, Auth, Messages, XFrame};
    s.debug = true;
    s.allowedHosts = {QStringLiteral("api.example"), QStringLiteral(".example.org")};
    s.appendSlash = false;
    s.prependWww = true;
    s.secureSslRedirect = true;
    s.secureSslHost = QStringLiteral("secure.example");
    s.secureRedirectExempt = {QStringLiteral("^health/$"), QStringLiteral("it's \"quoted\"")};
    s.secureProxySslHeader
            = std::make_pair(QStringLiteral("HTTP_X_FORWARDED_PROTO"), QStringLiteral("https"));
    s.useXForwardedHost = true;
    s.loginUrl = QStringLiteral("/login/");
    s.csrfCookieName = QStringLiteral("xcsrf");
    s.csrfHeaderName = QStringLiteral("HTTP_X_XSRF_TOKEN");
    s.csrfCookieDomain = QStringLiteral(".example");
    s.csrfUseSessions = true;
    s.sessionCookieName = QStringLiteral("sid");
    s.sessionCookieDomain = QStringLiteral(".example");
    s.drfAuthenticationClasses
            = {QStringLiteral("rest_framework.authentication.TokenAuthentication")};
    s.drfPermissionClasses = {QStringLiteral("rest_framework.permissions.IsAuthenticated")};
    s.drfRendererCount = 1;
    return s;
}

} // namespace

void tst_DjangoExport::workingMiddlewareRule_data()
{
    QTest::addColumn<int>("profile");
    QTest::addColumn<QStringList>("middleware");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("changes");
    QTest::addColumn<bool>("sslRedirect");
    const int v4 = int(Profile::V4), v314 = int(Profile::V3_14);
    const QStringList startproject
            = {Security, Session, CorsMw, Common, Csrf, Auth, Messages, XFrame};
    QTest::newRow("already-working") << v4 << startproject << startproject << 0 << false;
    QTest::newRow("below-common") << v314 << QStringList {Session, Common, CorsMw, Csrf}
                                  << QStringList {Session, CorsMw, Common, Csrf} << 1 << false;
    QTest::newRow("below-security-and-common")
            << v4 << QStringList {Security, Session, Common, Csrf, CorsMw, XFrame}
            << QStringList {Security, Session, CorsMw, Common, Csrf, XFrame} << 1 << false;
    QTest::newRow("below-security-ssl-redirect")
            << v4 << QStringList {Security, Session, Common, Csrf, CorsMw, XFrame}
            << QStringList {CorsMw, Security, Session, Common, Csrf, XFrame} << 1 << true;
    QTest::newRow("startproject-ssl-redirect")
            << v314 << startproject
            << QStringList {CorsMw, Security, Session, Common, Csrf, Auth, Messages, XFrame} << 1
            << true;
    QTest::newRow("below-whitenoise") << v4 << QStringList {WhiteNoise, CorsMw}
                                      << QStringList {CorsMw, WhiteNoise} << 1 << false;
    // CSRF's 403 is made in process_view and passes through CorsMiddleware wherever it is.
    QTest::newRow("below-csrf-kept") << v4 << QStringList {CorsMw, Common, Csrf}
                                     << QStringList {CorsMw, Common, Csrf} << 0 << false;
    QTest::newRow("csrf-above-kept")
            << v4 << QStringList {Session, Csrf, Auth, CorsMw, Common}
            << QStringList {Session, Csrf, Auth, CorsMw, Common} << 0 << false;
    // Without SessionMiddleware above them they raise (500) before CorsMiddleware is reached.
    QTest::newRow("auth-without-session")
            << v314 << QStringList {Auth, Session, CorsMw, Common}
            << QStringList {CorsMw, Auth, Session, Common} << 1 << false;
    QTest::newRow("messages-without-session")
            << v4 << QStringList {Security, Messages, CorsMw, Common}
            << QStringList {Security, CorsMw, Messages, Common} << 1 << false;
    // Not modelled: not assumed to answer (the linter's stack-not-modelled says so).
    QTest::newRow("unknown-above-kept")
            << v4 << QStringList {Audit, CorsMw} << QStringList {Audit, CorsMw} << 0 << false;
    QTest::newRow("missing-added-above-common")
            << v4 << QStringList {Session, Common, Csrf}
            << QStringList {Session, CorsMw, Common, Csrf} << 1 << false;
    QTest::newRow("missing-added-at-top") << v4 << QStringList {Session, Csrf}
                                          << QStringList {CorsMw, Session, Csrf} << 1 << false;
    QTest::newRow("empty") << v4 << QStringList {} << QStringList {CorsMw} << 1 << false;
    QTest::newRow("postcsrf-dropped-4x") << v4 << QStringList {CorsMw, Common, Csrf, PostCsrf}
                                         << QStringList {CorsMw, Common, Csrf} << 1 << false;
    QTest::newRow("postcsrf-kept-3.14")
            << v314 << QStringList {CorsMw, Common, Csrf, PostCsrf}
            << QStringList {CorsMw, Common, Csrf, PostCsrf} << 0 << false;
    QTest::newRow("postcsrf-dropped-and-moved")
            << v4 << QStringList {Common, Csrf, PostCsrf, CorsMw}
            << QStringList {CorsMw, Common, Csrf} << 2 << false;
}

void tst_DjangoExport::workingMiddlewareRule()
{
    QFETCH(int, profile);
    QFETCH(QStringList, middleware);
    QFETCH(QStringList, expected);
    QFETCH(int, changes);
    QFETCH(bool, sslRedirect);
    StackSettings settings;
    settings.middleware = middleware;
    settings.secureSslRedirect = sslRedirect;
    QStringList said;
    QCOMPARE(workingMiddleware(settings, Profile(profile), &said), expected);
    QCOMPARE(said.size(), changes);
    for (const QString &change : std::as_const(said))
        QVERIFY(!change.isEmpty());
    // The rule is idempotent: a working MIDDLEWARE stays as it is.
    QStringList again;
    settings.middleware = expected;
    QCOMPARE(workingMiddleware(settings, Profile(profile), &again), expected);
    QVERIFY2(again.isEmpty(), qPrintable(again.join(u'\n')));
}

void tst_DjangoExport::deploymentWritesWorkingMiddleware()
{
    Deployment d;
    d.settings.middleware = {Session, Common, CorsMw, Csrf, PostCsrf};
    d.routes.append({QStringLiteral("api/items/"), ViewKind::Ok, {}, {}});
    const ExportResult result = DjangoExporter().run(documentWith(d, Profile::V4), {});
    QVERIFY(result.ok);
    const QString &text = result.text;
    QVERIFY2(text.contains(
                     QLatin1String("MIDDLEWARE = [\n"
                                   "    'django.contrib.sessions.middleware.SessionMiddleware',\n"
                                   "    'corsheaders.middleware.CorsMiddleware',\n"
                                   "    'django.middleware.common.CommonMiddleware',\n"
                                   "    'django.middleware.csrf.CsrfViewMiddleware',\n"
                                   "]\n")),
             qPrintable(text));
    // Each change is a comment saying what moved and why, and an export note.
    QVERIFY2(
            text.contains(QLatin1String("# MIDDLEWARE: moved corsheaders.middleware.CorsMiddleware "
                                        "up, above CommonMiddleware")),
            qPrintable(text));
    QVERIFY2(text.contains(QLatin1String(
                     "# MIDDLEWARE: removed corsheaders.middleware.CorsPostCsrfMiddleware")),
             qPrintable(text));
    QCOMPARE(std::count_if(result.notes.cbegin(), result.notes.cend(),
                           [](const ExportNote &n) { return n.text.startsWith(u"MIDDLEWARE: "); }),
             2);
    // Routes are not settings: only a comment says where they live.
    QVERIFY(!text.contains(QLatin1String("api/items/")));
    QVERIFY(text.contains(
            QLatin1String("# The deployment's routes and identities are not settings")));
    // The advice comment is replaced by the real list.
    QVERIFY(!text.contains(QLatin1String("# MIDDLEWARE = [")));

    // 3.14 keeps CorsPostCsrfMiddleware; a working order gives no comment.
    d.settings.middleware = {CorsMw, Common, Csrf, PostCsrf};
    d.routes.clear();
    const QString v314 = DjangoExporter().run(documentWith(d, Profile::V3_14), {}).text;
    QVERIFY(v314.contains(
            QLatin1String("    'corsheaders.middleware.CorsPostCsrfMiddleware',\n]\n")));
    QVERIFY(!v314.contains(QLatin1String("# MIDDLEWARE:")));
    QVERIFY(!v314.contains(QLatin1String("routes and identities")));

    // Without a deployment the export is what it always was.
    CorsDocument plain = documentWith(d, Profile::V4);
    plain.deployment.reset();
    const QString before = DjangoExporter().run(plain, {}).text;
    QVERIFY(before.contains(QLatin1String("# MIDDLEWARE = [\n")));
    QVERIFY(!before.contains(QLatin1String("\nMIDDLEWARE = ")));
}

void tst_DjangoExport::deploymentSettingsOnlyWhenNotDefault()
{
    Deployment d;
    d.settings.middleware = {CorsMw, Common};
    QString text = DjangoExporter().run(documentWith(d, Profile::V4), {}).text;
    for (const QString &name : stackSettingNames()) {
        if (name != QLatin1String("MIDDLEWARE"))
            QVERIFY2(!text.contains(u'\n' + name + QStringLiteral(" = ")),
                     qPrintable(name + u'\n' + text));
    }
    d.settings = unusualSettings();
    text = DjangoExporter().run(documentWith(d, Profile::V4), {}).text;
    for (const QString &name : stackSettingNames())
        QVERIFY2(text.contains(u'\n' + name + QStringLiteral(" = ")),
                 qPrintable(name + u'\n' + text));
    QVERIFY(text.contains(QLatin1String("DEBUG = True\n")));
    QVERIFY(text.contains(QLatin1String(
            "SECURE_PROXY_SSL_HEADER = (\n    'HTTP_X_FORWARDED_PROTO',\n    'https',\n)\n")));
    QVERIFY(text.contains(QLatin1String(
            "'DEFAULT_RENDERER_CLASSES': ['rest_framework.renderers.JSONRenderer']")));
}

void tst_DjangoExport::deploymentRoundTripsThroughImport_data()
{
    QTest::addColumn<int>("profile");
    QTest::addColumn<bool>("unusual");
    QTest::newRow("4.x-defaults") << int(Profile::V4) << false;
    QTest::newRow("4.x-every-setting") << int(Profile::V4) << true;
    QTest::newRow("3.14-defaults") << int(Profile::V3_14) << false;
    QTest::newRow("3.14-every-setting") << int(Profile::V3_14) << true;
}

void tst_DjangoExport::deploymentRoundTripsThroughImport()
{
    QFETCH(int, profile);
    QFETCH(bool, unusual);
    Deployment d;
    if (unusual)
        d.settings = unusualSettings();
    // CorsMiddleware below CommonMiddleware: the export moves it, the import reads it moved.
    d.settings.middleware
            = {Security, Session, Common, CorsMw, Csrf, PostCsrf, Auth, Messages, XFrame};
    d.routes.append({QStringLiteral("api/items/"), ViewKind::LoginRequired, {}, {}});
    d.identities.sessions = {QStringLiteral("abcdefgh12345678")};
    const CorsDocument document = documentWith(d, Profile(profile));
    const ExportResult exported = DjangoExporter().run(document, {});
    QVERIFY(exported.ok);

    // `cors-studio import` reads a settings module with loadPolicyFile().
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(exported.text.toUtf8());
    file.close();
    PolicyFileOptions options;
    options.profile = Profile(profile);
    const PolicyFileResult back = loadPolicyFile(path, options);
    QVERIFY2(back.ok, qPrintable(back.errorString));
    QVERIFY2(back.deploymentProblems.isEmpty(), qPrintable(back.deploymentProblems.join(u'\n')));
    QVERIFY(back.document.deployment);

    Deployment expected = d;
    expected.settings.middleware = workingMiddleware(d.settings, Profile(profile));
    // Not settings: the routes and identities stay in the document.
    expected.routes.clear();
    expected.identities = {};
    Deployment actual = *back.document.deployment;
    actual.settings.lines.clear(); // where in the file, not what
    QCOMPARE(actual.settings.middleware, expected.settings.middleware);
    QVERIFY(actual == expected);
    QCOMPARE(back.document.policy, DjangoExporter::exportedPolicy(document.policy, {}));

    // Exported again, the imported document gives the same bytes.
    CorsDocument again = back.document;
    again.policy.setProfile(Profile(profile));
    again.deployment->settings.lines.clear();
    again.deployment->routes = d.routes;
    again.deployment->identities = d.identities;
    QString first = exported.text;
    QString second = DjangoExporter().run(again, {}).text;
    // The first export's comments say what it changed; the second has nothing left to change.
    auto withoutChangeComments = [](QString text) {
        QStringList lines = text.split(u'\n');
        QStringList kept;
        bool inChange = false;
        for (const QString &line : std::as_const(lines)) {
            if (line.startsWith(QLatin1String("# MIDDLEWARE: ")))
                inChange = true;
            else if (!line.startsWith(QLatin1String("#   ")))
                inChange = false;
            if (!inChange && line != QLatin1String("#")
                && !line.contains(QLatin1String("setting(s) differ")))
                kept.append(line);
        }
        return kept.join(u'\n');
    };
    QCOMPARE(withoutChangeComments(second), withoutChangeComments(first));
}

void tst_DjangoExport::deploymentValuesCannotInject()
{
    CORS_REQUIRE_SYSTEM_PYTHON();
    Deployment d;
    d.settings.middleware
            = {Common, CorsMw, QStringLiteral("x'\nimport os; os.system('echo pwned')\n#")};
    for (const QString &s : adversarialStrings())
        d.settings.allowedHosts.append(s);
    d.settings.loginUrl = adversarialStrings().at(4);
    d.settings.secureProxySslHeader
            = std::make_pair(adversarialStrings().at(2), adversarialStrings().at(3));
    d.routes.append({adversarialStrings().at(4), ViewKind::Ok, {}, {}});
    const QString text = DjangoExporter().run(documentWith(d, Profile::V4), {}).text;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("exported.py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    file.close();
    const QByteArray out
            = Test::runPython(QStringLiteral("import runpy\n"
                                             "ns = runpy.run_path(%1)\n"
                                             "print(sorted(k for k in ns if k.isupper()))\n"
                                             "print(repr(ns['ALLOWED_HOSTS']))\n"
                                             "print(repr(ns['MIDDLEWARE']))\n")
                                      .arg(Py::reprString(path)));
    const QList<QByteArray> lines = out.split('\n');
    QCOMPARE(QString::fromUtf8(lines.value(0)),
             QStringLiteral("['ALLOWED_HOSTS', 'CORS_ALLOWED_ORIGINS', 'LOGIN_URL', 'MIDDLEWARE', "
                            "'SECURE_PROXY_SSL_HEADER']"));
    QCOMPARE(QString::fromUtf8(lines.value(1)),
             Py::repr(PyValue::strList(d.settings.allowedHosts)));
    QCOMPARE(QString::fromUtf8(lines.value(2)),
             Py::repr(PyValue::strList(workingMiddleware(d.settings, Profile::V4))));
}

QTEST_APPLESS_MAIN(tst_DjangoExport)
#include "tst_djangoexport.moc"
