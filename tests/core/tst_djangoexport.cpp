// SPDX-License-Identifier: MIT
#include "export/djangoexporter.h"
#include "python/pysemantics.h"
#include "python/settingsreader.h"
#include "pythonoracle.h"

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
    return Py::repr(*v) + (v->dynamicSource().isEmpty() ? QString() : QStringLiteral(" from ") + v->dynamicSource());
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
        return PyValue::integerFromDecimal(QString::number(qint64(rng.generate64() % 2000000) - 1000000));
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
    const ExportResult result = DjangoExporter().run(CorsDocument{ policy, {} }, options);
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
    for (const QString &name : dir.entryList({ QStringLiteral("*.py") }, QDir::Files)) {
        for (Profile profile : { Profile::V4, Profile::V3_14 }) {
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
    policy.setValue(SettingId::UrlsRegex, PyValue::pattern(adversarialStrings().at(4), PyReFlag::IgnoreCase));
    const QString text = exportText(policy);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("exported.py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    file.close();

    // The real Python executes the export: exactly these four names, with exactly our values.
    const QByteArray out = Test::runPython(QStringLiteral(
            "import runpy, sys\n"
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
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        return a.toUcs4() < b.toUcs4();
    });
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
    policy.setValue(SettingId::ExposeHeaders, PyValue::list({ dynamic(QStringLiteral("os.environ.get('X', 'a')")) }));
    QVERIFY(exportText(policy).contains(QLatin1String("CORS_EXPOSE_HEADERS = [os.environ.get('X', 'a')]")));
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
        policy.setValue(SettingId::ExposeHeaders, PyValue::list({ dynamic(source) }));
        const QString text = exportText(policy);
        QVERIFY2(text.contains(QLatin1String("CORS_EXPOSE_HEADERS = ['a']\n")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("SECRET_KEY")) && !text.contains(QLatin1String("system")),
                 qPrintable(text));
    }
}

void tst_DjangoExport::keepsOnlyWhatDiffersFromDefaults()
{
    Policy policy(Profile::V4);
    policy.setValue(SettingId::AllowCredentials, PyValue::boolean(false)); // the default
    policy.setValue(SettingId::AllowHeaders, PyValue::defaultHeaders()); // the default
    policy.setValue(SettingId::PreflightMaxAge, PyValue::integer(600));
    const QString text = exportText(policy);
    QVERIFY(!text.contains(QLatin1String("CORS_ALLOW_CREDENTIALS")));
    QVERIFY(!text.contains(QLatin1String("CORS_ALLOW_HEADERS")));
    QVERIFY(text.contains(QLatin1String("CORS_PREFLIGHT_MAX_AGE = 600\n")));

    ExportOptions all;
    all.allSettings = true;
    const QString full = exportText(policy, all);
    QVERIFY(full.contains(QLatin1String("CORS_ALLOW_HEADERS = default_headers\n")));
    QVERIFY(full.contains(QLatin1String("from corsheaders.defaults import default_headers, default_methods\n")));
    QVERIFY(full.contains(QLatin1String("CORS_URLS_REGEX = '^.*$'\n")));
    QVERIFY(full.contains(QLatin1String("CORS_ALLOW_PRIVATE_NETWORK = False\n")));
    QVERIFY(!full.contains(QLatin1String("CORS_REPLACE_HTTPS_REFERER")));
}

void tst_DjangoExport::legacyNamesOnRequest()
{
    Policy policy(Profile::V3_14);
    policy.setValue(SettingId::OriginWhitelist, PyValue::strList({ QStringLiteral("https://a.example") }));
    QVERIFY(exportText(policy).contains(QLatin1String("CORS_ALLOWED_ORIGINS = ['https://a.example']")));
    ExportOptions legacy;
    legacy.legacyNames = true;
    QVERIFY(exportText(policy, legacy).contains(QLatin1String("CORS_ORIGIN_WHITELIST = ['https://a.example']")));
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
                    PyValue::strList({ QStringLiteral("app.example"), QStringLiteral(".example.org"),
                                       QStringLiteral("https://ok.example") }));
    QVERIFY(exportText(policy).contains(QLatin1String(
            "    'https://app.example',\n    'https://*.example.org',\n    'https://ok.example',\n")));
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

QTEST_APPLESS_MAIN(tst_DjangoExport)
#include "tst_djangoexport.moc"
