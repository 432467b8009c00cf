// SPDX-License-Identifier: MIT
#include "browser/simulation.h"
#include "export/exporter.h"
#include "export/yamlexporter.h"
#include "io/corsyaml.h"
#include "io/policyfile.h"
#include "python/pysemantics.h"
#include "python/settingsreader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace Cors;

Q_DECLARE_METATYPE(Cors::PyValue)
Q_DECLARE_METATYPE(Cors::SavedScenario)
Q_DECLARE_METATYPE(Cors::Policy)
Q_DECLARE_METATYPE(Cors::Deployment)

class tst_CorsYaml : public QObject
{
    Q_OBJECT

private slots:
    void valuesRoundTrip_data();
    void valuesRoundTrip();
    void scenariosRoundTrip_data();
    void scenariosRoundTrip();
    void randomDocumentsRoundTrip();
    void randomFloatsRoundTrip();
    void savedFormIsStable();
    void plainScalars_data();
    void plainScalars();
    void errorsNameLineAndColumn_data();
    void errorsNameLineAndColumn();
    void everyErrorIsReported();
    void hostileInputsFailInBoundedTime_data();
    void hostileInputsFailInBoundedTime();
    void largestAcceptedDocumentLoads();
    void largestImportableAllowListReadsBack();
    void documentsPastTheLimitsAreNotWritten();
    void mutatedDocumentsNeverCrash();
    void aliasesAreExpanded();
    void exampleFileLoads();
    void documentationExampleLoads();
    void settingsCorpusRoundTrips();
    void policyFileLoadsYaml();
    void exporterParts();
    void policyFormOfTheExample();
    void policyFormNotes_data();
    void policyFormNotes();
    void deploymentRoundTrip_data();
    void deploymentRoundTrip();
    void deploymentSavedForm();
    void deploymentAbsentOrNull();
    void proxyRoundTrip();
    void deploymentErrors_data();
    void deploymentErrors();
    void deploymentExampleLoads();
};

namespace {

QString describe(const CorsYamlResult &result)
{
    QStringList lines;
    for (const CorsYamlMessage &m : result.messages)
        lines.append(QStringLiteral("%1:%2: %3").arg(m.line).arg(m.column).arg(m.text));
    return lines.join(u'\n');
}

/** Empty when @p document survives save -> load -> save unchanged, else what went wrong. */
QString roundTripProblem(const CorsDocument &document)
{
    const QByteArray saved = saveCorsYaml(document);
    const CorsYamlResult loaded = loadCorsYaml(saved);
    if (!loaded.ok)
        return QStringLiteral("does not load:\n%1\n--- text:\n%2")
                .arg(describe(loaded), QString::fromUtf8(saved));
    if (!(loaded.document == document)) {
        QString diff;
        for (SettingId id : allSettings()) {
            const PyValue *a = document.policy.value(id);
            const PyValue *b = loaded.document.policy.value(id);
            if ((a == nullptr) != (b == nullptr) || (a && *a != *b))
                diff += QStringLiteral("%1: wrote %2, read %3\n")
                                .arg(settingName(id), a ? Py::repr(*a) : QStringLiteral("unset"),
                                     b ? Py::repr(*b) : QStringLiteral("unset"));
        }
        if (document.policy.profile() != loaded.document.policy.profile())
            diff += QStringLiteral("profile differs\n");
        if (document.deployment != loaded.document.deployment)
            diff += QStringLiteral("deployment differs; read back as:\n")
                    + QString::fromUtf8(saveCorsYaml(loaded.document));
        if (document.scenarios != loaded.document.scenarios)
            diff += QStringLiteral("scenarios differ; read back as:\n")
                    + QString::fromUtf8(saveCorsYaml(loaded.document));
        return QStringLiteral("reads back differently:\n%1--- text:\n%2")
                .arg(diff, QString::fromUtf8(saved));
    }
    const QByteArray again = saveCorsYaml(loaded.document);
    if (again != saved)
        return QStringLiteral("second save differs:\n%1\n--- first:\n%2")
                .arg(QString::fromUtf8(again), QString::fromUtf8(saved));
    return QString();
}

CorsDocument documentWith(SettingId id, const PyValue &value)
{
    CorsDocument document;
    document.policy.setValue(id, value);
    return document;
}

QString fromUtf16(std::initializer_list<char16_t> units)
{
    return QString(reinterpret_cast<const QChar *>(units.begin()), qsizetype(units.size()));
}

PyValue starred(PyValue value)
{
    value.setStarred(true);
    return value;
}

PyValue dynamic(PyValue value, const QString &source)
{
    value.setDynamicSource(source);
    return value;
}

double fromBits(quint64 bits)
{
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

QString sourcePath(const QString &relative)
{
    return QStringLiteral(CORS_SOURCE_DIR) + u'/' + relative;
}

const QStringList &adversarialStrings()
{
    static const QStringList strings = [] {
        QStringList s = {
                QString(),
                QStringLiteral("plain"),
                QStringLiteral("5"),
                QStringLiteral("-0"),
                QStringLiteral("1e5"),
                QStringLiteral("0x1F"),
                QStringLiteral(".inf"),
                QStringLiteral(".nan"),
                QStringLiteral("true"),
                QStringLiteral("null"),
                QStringLiteral("~"),
                QStringLiteral("yes"),
                QStringLiteral("default_headers"),
                QStringLiteral("- item"),
                QStringLiteral("? key"),
                QStringLiteral(": value"),
                QStringLiteral("key: value"),
                QStringLiteral("#comment"),
                QStringLiteral("a #b"),
                QStringLiteral("[a, b]"),
                QStringLiteral("{a: b}"),
                QStringLiteral("&anchor *alias !tag %directive @ `"),
                QStringLiteral("| > "),
                QStringLiteral("---"),
                QStringLiteral("..."),
                QStringLiteral("'single' \"double\""),
                QStringLiteral("back\\slash\\"),
                QStringLiteral("\\"),
                QStringLiteral("\\u0041 \\x41 \\n"),
                QStringLiteral("tab\there"),
                QStringLiteral("cr\rlf\ncrlf\r\n"),
                QStringLiteral("  leading and trailing  "),
                QStringLiteral("^https://[a-z0-9-]+\\.example\\.com$"),
                QString::fromUtf8("caf\u00e9 \u20ac \u4e2d\u6587"),
                QString::fromUtf8("\U0001F600 \U0001D54F \U0010FFFF \U000E0001"),
                QString::fromUtf8("nbsp\u00a0nel\u0085ls\u2028ps\u2029bom\ufeffzw\u200b"),
                QString::fromUtf8("rtl\u202eoverride\u2066isolate"),
                fromUtf16({u'n', u'u', u'l', 0, u'b', u'y', u't', u'e'}),
                fromUtf16({0xfffe, 0xffff, 0xfffd}),
                fromUtf16({0xd800}),
                fromUtf16({0xdc00}),
                fromUtf16({u'a', 0xdc00, 0xd800, u'b'}),
                fromUtf16({u'x', 0xd83d}),
                fromUtf16({0xd83d, 0xde00, 0xd83d}),
                QString(3000, u'x'),
        };
        QString controls;
        for (char16_t c = 0; c < 0x20; ++c)
            controls += QChar(c);
        controls += QChar(0x7f);
        for (char16_t c = 0x80; c < 0xa0; ++c)
            controls += QChar(c);
        s.append(controls);
        return s;
    }();
    return strings;
}

// ---- Random documents ---------------------------------------------------------------------------

QString randomString(QRandomGenerator &rng)
{
    if (rng.bounded(3) > 0) {
        const QStringList &pool = adversarialStrings();
        return pool.at(rng.bounded(int(pool.size())));
    }
    // Random UTF-16, lone surrogates and controls included.
    QString s;
    const int n = rng.bounded(12);
    for (int i = 0; i < n; ++i) {
        switch (rng.bounded(4)) {
        case 0:
            s += QChar(char16_t(rng.bounded(0x80)));
            break;
        case 1:
            s += QChar(char16_t(rng.bounded(0x10000)));
            break;
        case 2:
            s += QChar(char16_t(0xd800 + rng.bounded(0x800)));
            break;
        default:
            s += QLatin1String("abc:/.-");
            break;
        }
    }
    return s;
}

PyValue randomValue(QRandomGenerator &rng, int depth = 0);

PyValue randomScalar(QRandomGenerator &rng)
{
    switch (rng.bounded(9)) {
    case 0:
        return PyValue::none();
    case 1:
        return PyValue::boolean(rng.bounded(2));
    case 2:
        return PyValue::integer(qint64(rng.generate64()));
    case 3: {
        QString digits = QString::number(rng.bounded(1, 10));
        const int n = rng.bounded(40);
        for (int i = 0; i < n; ++i)
            digits += QString::number(rng.bounded(10));
        return PyValue::integerFromDecimal(rng.bounded(2) ? u'-' + digits : digits);
    }
    case 4:
        return PyValue::floating(rng.bounded(2) ? fromBits(rng.generate64())
                                                : double(rng.bounded(100000)) / 64.0);
    case 5:
        return PyValue::pattern(randomString(rng),
                                rng.bounded(4) ? int(rng.bounded(0x200)) : int(rng.generate()));
    case 6:
        return rng.bounded(2) ? PyValue::defaultHeaders() : PyValue::defaultMethods();
    default:
        return PyValue::str(randomString(rng));
    }
}

PyValue randomValue(QRandomGenerator &rng, int depth)
{
    PyValue value;
    if (depth > 3 || rng.bounded(3) > 0) {
        value = randomScalar(rng);
    } else {
        QList<PyValue> items;
        const int n = rng.bounded(5);
        for (int i = 0; i < n; ++i) {
            PyValue item = randomValue(rng, depth + 1);
            if (rng.bounded(6) == 0)
                item.setStarred(true);
            items.append(item);
        }
        switch (rng.bounded(4)) {
        case 0:
            value = PyValue::list(items);
            break;
        case 1:
            value = PyValue::tuple(items);
            break;
        case 2:
            value = PyValue::set(items);
            break;
        default: {
            QList<std::pair<PyValue, PyValue>> pairs;
            for (const PyValue &item : std::as_const(items))
                pairs.append({item, randomValue(rng, depth + 1)});
            value = PyValue::dict(pairs);
            break;
        }
        }
    }
    if (rng.bounded(8) == 0)
        value.setDynamicSource(QStringLiteral("os.environ.get(%1)").arg(randomString(rng)));
    return value;
}

HttpHeaders randomHeaders(QRandomGenerator &rng)
{
    HttpHeaders headers;
    const int n = rng.bounded(4);
    for (int i = 0; i < n; ++i) {
        const QString name
                = rng.bounded(3) ? QStringLiteral("X-H%1").arg(rng.bounded(3)) : randomString(rng);
        headers.append({name, randomString(rng)});
    }
    return headers;
}

SavedScenario randomScenario(QRandomGenerator &rng)
{
    SavedScenario saved;
    saved.name = randomString(rng);
    if (rng.bounded(3) > 0)
        saved.expectAllowed = rng.bounded(2) == 0;
    if (rng.bounded(2))
        saved.session = randomString(rng);
    switch (rng.bounded(4)) {
    case 0:
        saved.advanceSeconds = rng.bounded(100000);
        break;
    case 1:
        saved.advanceSeconds = double(rng.bounded(1000000)) / 7.0;
        break;
    default:
        break;
    }
    Scenario &s = saved.scenario;
    s.pageOrigin = randomString(rng);
    s.url = randomString(rng);
    if (rng.bounded(2))
        s.method = randomString(rng);
    s.headers = randomHeaders(rng);
    s.credentials = CredentialsMode(rng.bounded(3));
    s.mode = RequestMode(rng.bounded(3));
    s.cacheMode = CacheMode(rng.bounded(4));
    s.body = BodyKind(rng.bounded(7));
    if (rng.bounded(2))
        s.bodyText = randomString(rng);
    if (rng.bounded(3) == 0)
        s.blobType = randomString(rng);
    s.duplexHalf = rng.bounded(4) > 0;
    s.uploadListeners = rng.bounded(4) == 0;
    s.initiator = rng.bounded(2) ? RequestInitiator::Fetch : RequestInitiator::XmlHttpRequest;
    if (rng.bounded(2))
        s.cookies = randomString(rng);
    s.cookieSameSite = CookieSameSite(rng.bounded(3));
    s.endpoint.status = rng.bounded(3) ? 200 : rng.bounded(100, 600);
    s.endpoint.headers = randomHeaders(rng);
    if (rng.bounded(3) == 0)
        s.preflightEndpoint = EndpointResponse {rng.bounded(100, 600), randomHeaders(rng)};
    return saved;
}

QStringList randomStrings(QRandomGenerator &rng)
{
    QStringList out;
    const int n = rng.bounded(4);
    for (int i = 0; i < n; ++i)
        out.append(randomString(rng));
    return out;
}

std::optional<QString> randomOptionalString(QRandomGenerator &rng)
{
    return rng.bounded(2) ? std::optional<QString>(randomString(rng)) : std::nullopt;
}

/** A deployment with every member random (StackSettings::lines stay empty: not saved). */
Deployment randomDeployment(QRandomGenerator &rng)
{
    Deployment d;
    StackSettings &s = d.settings;
    s.middleware = randomStrings(rng);
    auto maybe = [&rng]() { return rng.bounded(3) == 0; };
    if (maybe())
        s.debug = rng.bounded(2);
    if (maybe())
        s.allowedHosts = randomStrings(rng);
    if (maybe())
        s.appendSlash = rng.bounded(2);
    if (maybe())
        s.prependWww = rng.bounded(2);
    if (maybe())
        s.secureSslRedirect = rng.bounded(2);
    if (maybe())
        s.secureSslHost = randomString(rng);
    if (maybe())
        s.secureRedirectExempt = randomStrings(rng);
    if (maybe())
        s.secureProxySslHeader = std::pair {randomString(rng), randomString(rng)};
    if (maybe())
        s.useXForwardedHost = rng.bounded(2);
    if (maybe())
        s.loginUrl = randomString(rng);
    if (maybe())
        s.csrfCookieName = randomString(rng);
    if (maybe())
        s.csrfHeaderName = randomString(rng);
    if (maybe())
        s.csrfCookieDomain = randomOptionalString(rng);
    if (maybe())
        s.csrfUseSessions = rng.bounded(2);
    if (maybe())
        s.sessionCookieName = randomString(rng);
    if (maybe())
        s.sessionCookieDomain = randomOptionalString(rng);
    if (maybe())
        s.drfAuthenticationClasses = randomStrings(rng);
    if (maybe())
        s.drfPermissionClasses = randomStrings(rng);
    if (maybe())
        s.drfRendererCount = rng.bounded(1001);
    static const QStringList schemes
            = {QStringLiteral("session"), QStringLiteral("token"), QStringLiteral("basic")};
    const int routes = rng.bounded(4);
    for (int i = 0; i < routes; ++i) {
        Route route;
        route.path = randomString(rng);
        route.view = ViewKind(rng.bounded(5));
        if (route.view == ViewKind::Drf && rng.bounded(2)) {
            QStringList chosen;
            const int n = rng.bounded(4);
            for (int k = 0; k < n; ++k)
                chosen.append(schemes.at(rng.bounded(3)));
            route.authentication = chosen;
        }
        if (route.view == ViewKind::Drf && rng.bounded(2))
            route.permission = rng.bounded(2) ? QStringLiteral("allow_any")
                                              : QStringLiteral("is_authenticated");
        d.routes.append(route);
    }
    if (maybe()) {
        d.identities.sessions = randomStrings(rng);
        d.identities.tokens = randomStrings(rng);
        d.identities.basic = randomStrings(rng);
    }
    return d;
}

CorsDocument randomDocument(QRandomGenerator &rng)
{
    CorsDocument document;
    document.policy.setProfile(rng.bounded(2) ? Profile::V4 : Profile::V3_14);
    for (SettingId id : allSettings()) {
        if (rng.bounded(3) == 0)
            document.policy.setValue(id, randomValue(rng));
    }
    const int n = rng.bounded(4);
    for (int i = 0; i < n; ++i)
        document.scenarios.append(randomScenario(rng));
    if (rng.bounded(3) == 0)
        document.deployment = randomDeployment(rng);
    return document;
}

QByteArray aliasBomb(int levels, const QByteArray &context)
{
    QByteArray text
            = "cors-studio: 1\nx0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", "
              "\"lol\", \"lol\", \"lol\"]\n";
    for (int i = 1; i < levels; ++i) {
        const QByteArray prev = "*a" + QByteArray::number(i - 1);
        text += "x" + QByteArray::number(i) + ": &a" + QByteArray::number(i) + " [" + prev;
        for (int k = 1; k < 9; ++k)
            text += ", " + prev;
        text += "]\n";
    }
    return text + context;
}

} // namespace

// ---- Values -------------------------------------------------------------------------------------

void tst_CorsYaml::valuesRoundTrip_data()
{
    QTest::addColumn<PyValue>("value");
    QTest::newRow("None") << PyValue::none();
    QTest::newRow("True") << PyValue::boolean(true);
    QTest::newRow("False") << PyValue::boolean(false);
    QTest::newRow("0") << PyValue::integer(0);
    QTest::newRow("-1") << PyValue::integer(-1);
    QTest::newRow("int64 max") << PyValue::integer(std::numeric_limits<qint64>::max());
    QTest::newRow("int64 min") << PyValue::integer(std::numeric_limits<qint64>::min());
    QTest::newRow("big int") << PyValue::integerFromDecimal(
            QStringLiteral("123456789012345678901234567890123"));
    QTest::newRow("big negative int")
            << PyValue::integerFromDecimal(QStringLiteral("-99999999999999999999999999999"));
    QTest::newRow("0.0") << PyValue::floating(0.0);
    QTest::newRow("-0.0") << PyValue::floating(-0.0);
    QTest::newRow("1.0") << PyValue::floating(1.0);
    QTest::newRow("0.1") << PyValue::floating(0.1);
    QTest::newRow("1e300") << PyValue::floating(1e300);
    QTest::newRow("1e-300") << PyValue::floating(-1e-300);
    QTest::newRow("1e22") << PyValue::floating(1e22);
    QTest::newRow("denormal min") << PyValue::floating(std::numeric_limits<double>::denorm_min());
    QTest::newRow("double max") << PyValue::floating(std::numeric_limits<double>::max());
    QTest::newRow("inf") << PyValue::floating(std::numeric_limits<double>::infinity());
    QTest::newRow("-inf") << PyValue::floating(-std::numeric_limits<double>::infinity());
    QTest::newRow("nan") << PyValue::floating(std::numeric_limits<double>::quiet_NaN());
    QTest::newRow("-nan") << PyValue::floating(fromBits(0xfff8000000000000ULL));
    QTest::newRow("nan payload") << PyValue::floating(fromBits(0x7ff0000000000001ULL));
    int i = 0;
    for (const QString &s : adversarialStrings())
        QTest::addRow("str %d", i++) << PyValue::str(s);
    QTest::newRow("empty list") << PyValue::list();
    QTest::newRow("empty tuple") << PyValue::tuple();
    QTest::newRow("empty set") << PyValue::set();
    QTest::newRow("empty dict") << PyValue::dict();
    QTest::newRow("one-tuple") << PyValue::tuple({PyValue::str(QStringLiteral("a"))});
    QTest::newRow("list of everything") << PyValue::list(
            {PyValue::none(), PyValue::boolean(true), PyValue::integer(5), PyValue::floating(5.0),
             PyValue::str(QStringLiteral("5")), PyValue::tuple(), PyValue::list({PyValue::list()}),
             PyValue::pattern(QStringLiteral("^x$"), PyReFlag::IgnoreCase)});
    QTest::newRow("set of strings")
            << PyValue::strTuple({QStringLiteral("a"), QStringLiteral("b")});
    QTest::newRow("dict") << PyValue::dict(
            {{PyValue::str(QStringLiteral("k")), PyValue::integer(1)},
             {PyValue::integer(2), PyValue::tuple({PyValue::none()})},
             {PyValue::tuple({PyValue::integer(1)}), PyValue::dict()},
             {PyValue::none(), PyValue::list()}});
    QTest::newRow("pattern") << PyValue::pattern(QStringLiteral("^https://[a-z]+\\.example$"));
    QTest::newRow("pattern with flags")
            << PyValue::pattern(QStringLiteral("x"), PyReFlag::IgnoreCase | PyReFlag::Verbose);
    QTest::newRow("pattern with every known flag") << PyValue::pattern(QStringLiteral("x"), 0x1ff);
    QTest::newRow("pattern with unknown flag bits")
            << PyValue::pattern(QStringLiteral("x"), 1024 | 2);
    QTest::newRow("pattern with negative flags") << PyValue::pattern(QStringLiteral("x"), -1);
    QTest::newRow("pattern int min flags")
            << PyValue::pattern(QStringLiteral("x"), std::numeric_limits<int>::min());
    QTest::newRow("pattern with lone surrogate") << PyValue::pattern(fromUtf16({0xdfff}));
    QTest::newRow("default_headers") << PyValue::defaultHeaders();
    QTest::newRow("default_methods") << PyValue::defaultMethods();
    QTest::newRow("splat in tuple") << PyValue::tuple(
            {starred(PyValue::defaultHeaders()), PyValue::str(QStringLiteral("x"))});
    QTest::newRow("splat in set") << PyValue::set({starred(PyValue::defaultMethods())});
    QTest::newRow("splat of a list")
            << PyValue::list({starred(PyValue::list({PyValue::integer(1)}))});
    QTest::newRow("splat at the top") << starred(PyValue::defaultHeaders());
    QTest::newRow("splat of a str") << starred(PyValue::str(QStringLiteral("abc")));
    QTest::newRow("dynamic str") << dynamic(
            PyValue::str(QStringLiteral("https://a.example")),
            QStringLiteral("os.environ.get(\"ORIGIN\", \"https://a.example\")"));
    QTest::newRow("dynamic list") << dynamic(
            PyValue::strList({QStringLiteral("a"), QStringLiteral("b")}),
            QStringLiteral("env.list(\"ORIGINS\")"));
    QTest::newRow("dynamic empty list") << dynamic(PyValue::list(), QStringLiteral("env('X')"));
    QTest::newRow("dynamic None") << dynamic(PyValue::none(), QStringLiteral("os.getenv('X')"));
    QTest::newRow("dynamic pattern") << dynamic(PyValue::pattern(QStringLiteral("^x"), 2),
                                                QStringLiteral("re.compile(env('X'))"));
    QTest::newRow("dynamic item") << PyValue::list(
            {dynamic(PyValue::str(QStringLiteral("a")), QStringLiteral("e(\"A\")")),
             PyValue::str(QStringLiteral("b"))});
    QTest::newRow("dynamic splat")
            << PyValue::tuple({starred(dynamic(PyValue::defaultHeaders(), QStringLiteral("h")))});
    QTest::newRow("adversarial source")
            << dynamic(PyValue::integer(1), fromUtf16({u'"', u'\n', 0xd800, u'\\', 0}));
    QTest::newRow("nested dynamics")
            << dynamic(PyValue::list({dynamic(PyValue::integer(1), QStringLiteral("a"))}),
                       QStringLiteral("b"));

    PyValue deep = PyValue::str(QStringLiteral("bottom"));
    for (int level = 0; level < 200; ++level)
        deep = PyValue::tuple({deep});
    QTest::newRow("200 nested tuples (CPython's limit)") << deep;
    PyValue deepDict = PyValue::integer(1);
    for (int level = 0; level < 200; ++level)
        deepDict = PyValue::dict({{PyValue::integer(level), deepDict}});
    QTest::newRow("200 nested dicts") << deepDict;
}

void tst_CorsYaml::valuesRoundTrip()
{
    QFETCH(PyValue, value);
    // As a setting (block style) and nested in every container (flow style).
    const QList<PyValue> contexts = {
            value,
            PyValue::list({value, value}),
            PyValue::tuple({PyValue::tuple({value})}),
            PyValue::set({value}),
            PyValue::dict({{value, value}}),
            dynamic(PyValue::list({value}), QStringLiteral("x")),
    };
    for (const PyValue &v : contexts) {
        const QString problem = roundTripProblem(documentWith(SettingId::AllowedOrigins, v));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

// ---- Scenarios ----------------------------------------------------------------------------------

void tst_CorsYaml::scenariosRoundTrip_data()
{
    QTest::addColumn<SavedScenario>("saved");
    SavedScenario plain;
    plain.name = QStringLiteral("plain");
    QTest::newRow("defaults") << plain;

    SavedScenario full;
    full.name = QStringLiteral("everything set");
    full.expectAllowed = false;
    full.session = QStringLiteral("s1");
    full.advanceSeconds = 0.25;
    Scenario &s = full.scenario;
    s.pageOrigin = QStringLiteral("null");
    s.url = QStringLiteral("http://localhost:8000/api/x?y=1#z");
    s.method = QStringLiteral("patch");
    s.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json")},
                 {QStringLiteral("content-type"), QStringLiteral("text/plain")}};
    s.credentials = CredentialsMode::Omit;
    s.mode = RequestMode::NoCors;
    s.cacheMode = CacheMode::NoStore;
    s.body = BodyKind::Blob;
    s.bodyText = QStringLiteral("{\"a\": 1}");
    s.blobType = QStringLiteral("application/octet-stream");
    s.duplexHalf = false;
    s.uploadListeners = true;
    s.initiator = RequestInitiator::XmlHttpRequest;
    s.cookies = QStringLiteral("sessionid=abc; csrftoken=def");
    s.cookieSameSite = CookieSameSite::None;
    s.endpoint = EndpointResponse {404, {{QStringLiteral("Vary"), QStringLiteral("Cookie")}}};
    s.preflightEndpoint = EndpointResponse {405, {}};
    QTest::newRow("everything") << full;

    SavedScenario repeated = plain;
    repeated.scenario.headers = {{QStringLiteral("X"), QStringLiteral("1")},
                                 {QStringLiteral("X"), QStringLiteral("2")}};
    QTest::newRow("repeated header") << repeated;

    SavedScenario odd = plain;
    odd.scenario.headers = {{fromUtf16({u'X', 0xd800}), QStringLiteral("v")},
                            {QString(300, u'h'), fromUtf16({0xdc00})}};
    odd.scenario.endpoint.headers = {{QString(), QString()}};
    QTest::newRow("odd header names") << odd;

    SavedScenario textWithoutKind = plain;
    textWithoutKind.scenario.bodyText = QStringLiteral("left over");
    QTest::newRow("body text without a body kind") << textWithoutKind;

    SavedScenario textKind = plain;
    textKind.scenario.body = BodyKind::Text;
    QTest::newRow("text body kind without text") << textKind;

    SavedScenario big = plain;
    big.advanceSeconds = MaxClockAdvanceSeconds; // docs/limits.md
    big.expectAllowed = true;
    QTest::newRow("largest advance") << big;

    SavedScenario tiny = plain;
    tiny.advanceSeconds = 5e-324;
    QTest::newRow("tiny advance") << tiny;

    SavedScenario empty = plain;
    empty.name.clear();
    empty.scenario.pageOrigin.clear();
    empty.scenario.url.clear();
    empty.scenario.method.clear();
    QTest::newRow("empty strings") << empty;
}

void tst_CorsYaml::scenariosRoundTrip()
{
    QFETCH(SavedScenario, saved);
    CorsDocument document;
    document.scenarios = {saved, saved};
    const QString problem = roundTripProblem(document);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_CorsYaml::randomDocumentsRoundTrip()
{
    QRandomGenerator rng(20240611);
    for (int i = 0; i < 3000; ++i) {
        const CorsDocument document = randomDocument(rng);
        const QString problem = roundTripProblem(document);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("document %1: %2").arg(i).arg(problem)));
    }
}

void tst_CorsYaml::randomFloatsRoundTrip()
{
    QRandomGenerator rng(7);
    QList<PyValue> floats;
    for (int i = 0; i < 20000; ++i)
        floats.append(PyValue::floating(fromBits(rng.generate64())));
    const QString problem
            = roundTripProblem(documentWith(SettingId::PreflightMaxAge, PyValue::list(floats)));
    QVERIFY2(problem.isEmpty(), qPrintable(problem.left(2000)));
}

void tst_CorsYaml::savedFormIsStable()
{
    CorsDocument document;
    document.policy.setProfile(Profile::V3_14);
    document.policy.setValue(SettingId::OriginWhitelist,
                             PyValue::tuple({PyValue::str(QStringLiteral("https://a.example")),
                                             dynamic(PyValue::str(QStringLiteral("http://b")),
                                                     QStringLiteral("os.environ[\"B\"]"))}));
    document.policy.setValue(
            SettingId::AllowedOriginRegexes,
            PyValue::list({PyValue::pattern(QStringLiteral("^https://\\w+$"), 2)}));
    document.policy.setValue(SettingId::AllowHeaders,
                             PyValue::list({starred(PyValue::defaultHeaders()),
                                            PyValue::str(QStringLiteral("x-a"))}));
    document.policy.setValue(SettingId::AllowMethods, PyValue::defaultMethods());
    document.policy.setValue(SettingId::ExposeHeaders, PyValue::str(QStringLiteral("x-total")));
    document.policy.setValue(SettingId::PreflightMaxAge, PyValue::floating(1.5));
    document.policy.setValue(SettingId::AllowCredentials, PyValue::integer(1));
    document.policy.setValue(
            SettingId::UrlsRegex,
            dynamic(PyValue::str(QStringLiteral("^/api/")), QStringLiteral("env('U')")));
    document.policy.setValue(SettingId::CsrfTrustedOrigins,
                             PyValue::dict({{PyValue::str(QStringLiteral("k")), PyValue::none()}}));
    SavedScenario saved;
    saved.name = QStringLiteral("tab\there");
    saved.expectAllowed = true;
    saved.advanceSeconds = 30;
    saved.scenario.method = QStringLiteral("POST");
    saved.scenario.headers = {{QStringLiteral("X-A"), QStringLiteral("1")}};
    saved.scenario.body = BodyKind::FormData;
    document.scenarios = {saved};

    const QByteArray expected = R"yaml(cors-studio: 1
profile: "3.14"
settings:
  CORS_ALLOWED_ORIGIN_REGEXES:
    - !re {pattern: "^https://\\w+$", flags: [IGNORECASE]}
  CORS_URLS_REGEX: !env
    source: "env('U')"
    value: "^/api/"
  CORS_ALLOW_METHODS: !default default_methods
  CORS_ALLOW_HEADERS:
    - !splat default_headers
    - "x-a"
  CORS_EXPOSE_HEADERS: "x-total"
  CORS_PREFLIGHT_MAX_AGE: 1.5
  CORS_ALLOW_CREDENTIALS: 1
  CSRF_TRUSTED_ORIGINS: !dict
    - ["k", null]
  CORS_ORIGIN_WHITELIST: !tuple
    - "https://a.example"
    - !env {source: "os.environ[\"B\"]", value: "http://b"}
scenarios:
  - name: "tab\there"
    expect: allowed
    advance: 30
    request:
      origin: "https://app.example"
      url: "https://api.example/"
      method: "POST"
      headers:
        "X-A": "1"
      credentials: same-origin
      body_kind: formdata
)yaml";
    QCOMPARE(QString::fromUtf8(saveCorsYaml(document)), QString::fromUtf8(expected));
    const CorsYamlResult loaded = loadCorsYaml(expected);
    QVERIFY2(loaded.ok, qPrintable(describe(loaded)));
    QVERIFY(loaded.document == document);
}

// ---- Reading plain YAML -------------------------------------------------------------------------

void tst_CorsYaml::plainScalars_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<PyValue>("expected"); // None with a non-empty error
    QTest::addColumn<QString>("error");
    const PyValue none;
    QTest::newRow("int") << QByteArray("5") << PyValue::integer(5) << QString();
    QTest::newRow("quoted int is a str")
            << QByteArray("\"5\"") << PyValue::str(QStringLiteral("5")) << QString();
    QTest::newRow("single-quoted")
            << QByteArray("'it''s'") << PyValue::str(QStringLiteral("it's")) << QString();
    QTest::newRow("!!str") << QByteArray("!!str 5") << PyValue::str(QStringLiteral("5"))
                           << QString();
    QTest::newRow("non-specific tag")
            << QByteArray("! 5") << PyValue::str(QStringLiteral("5")) << QString();
    QTest::newRow("every escape")
            << QByteArray("\"\\0\\a\\b\\t\\\t\\n\\v\\f\\r\\e\\ "
                          "\\\"\\/\\\\\\N\\_\\L\\P\\x85\\u00e9\\U0001F600\"")
            << PyValue::str(QStringView::fromArray(
                                    u"\0\a\b\t\t\n\v\f\r\x1b "
                                    u"\"/\\\u0085\u00a0\u2028\u2029\u0085\u00e9\U0001F600")
                                    .chopped(1)
                                    .toString())
            << QString();
    QTest::newRow("+5") << QByteArray("+5") << PyValue::integer(5) << QString();
    QTest::newRow("-0") << QByteArray("-0") << PyValue::integer(0) << QString();
    QTest::newRow("float") << QByteArray("1.5") << PyValue::floating(1.5) << QString();
    QTest::newRow("1.") << QByteArray("1.") << PyValue::floating(1.0) << QString();
    QTest::newRow(".5") << QByteArray(".5") << PyValue::floating(0.5) << QString();
    QTest::newRow("signed exponent")
            << QByteArray("1.0e+3") << PyValue::floating(1000.0) << QString();
    QTest::newRow("-.inf") << QByteArray("-.inf")
                           << PyValue::floating(-std::numeric_limits<double>::infinity())
                           << QString();
    QTest::newRow(".NaN") << QByteArray(".NaN")
                          << PyValue::floating(std::numeric_limits<double>::quiet_NaN())
                          << QString();
    QTest::newRow("True") << QByteArray("True") << PyValue::boolean(true) << QString();
    QTest::newRow("FALSE") << QByteArray("FALSE") << PyValue::boolean(false) << QString();
    QTest::newRow("null") << QByteArray("null") << none << QString();
    QTest::newRow("~") << QByteArray("~") << none << QString();
    QTest::newRow("empty") << QByteArray("") << none << QString();
    QTest::newRow("plain str") << QByteArray("https://a.example")
                               << PyValue::str(QStringLiteral("https://a.example")) << QString();
    QTest::newRow("plain default_headers is a str")
            << QByteArray("default_headers") << PyValue::str(QStringLiteral("default_headers"))
            << QString();
    QTest::newRow("flow list") << QByteArray("[a, 'b', 3]")
                               << PyValue::list({PyValue::str(QStringLiteral("a")),
                                                 PyValue::str(QStringLiteral("b")),
                                                 PyValue::integer(3)})
                               << QString();
    QTest::newRow("!re scalar") << QByteArray("!re '^x'") << PyValue::pattern(QStringLiteral("^x"))
                                << QString();
    QTest::newRow("!re letters and ints")
            << QByteArray("!re {pattern: x, flags: [I, 8, ASCII]}")
            << PyValue::pattern(QStringLiteral("x"), 2 | 8 | 256) << QString();
    QTest::newRow("!re single int") << QByteArray("!re {pattern: x, flags: 2}")
                                    << PyValue::pattern(QStringLiteral("x"), 2) << QString();
    QTest::newRow("!utf16 pair") << QByteArray("!utf16 [\"a\", 0xD83D, 0xDE00]")
                                 << PyValue::str(QString::fromUtf8("a\U0001F600")) << QString();
    QTest::newRow("!env with !splat inside")
            << QByteArray("[!env {source: s, value: !splat default_headers}]")
            << PyValue::list({starred(dynamic(PyValue::defaultHeaders(), QStringLiteral("s")))})
            << QString();
    const QString ambiguous = QStringLiteral("means different things to different YAML readers");
    for (const char *text : {"yes", "No", "on", "OFF", "y", "012", "-007", "0x1F", "0o17", "1_000",
                             "1:30", "1e5", "1.0e5", "127.0.0.1", "1.2.3", ".5.5"})
        QTest::newRow(text) << QByteArray(text) << none << ambiguous;
    QTest::newRow("out of range") << QByteArray("1.0e+999") << none
                                  << QStringLiteral("out of the range");
    QTest::newRow("mapping") << QByteArray("{a: 1}") << none
                             << QStringLiteral("write a dict as !dict");
    QTest::newRow("!default other") << QByteArray("!default x") << none
                                    << QStringLiteral("takes default_headers or default_methods");
    QTest::newRow("!splat two") << QByteArray("!splat [1, 2]") << none
                                << QStringLiteral("!splat takes");
    QTest::newRow("!dict bad pair")
            << QByteArray("!dict [[1]]") << none << QStringLiteral("[key, value] pair");
    QTest::newRow("!nan not a nan")
            << QByteArray("!nan 0x0000000000000000") << none << QStringLiteral("!nan takes");
    QTest::newRow("!utf16 bad unit")
            << QByteArray("!utf16 [0x0041]") << none << QStringLiteral("surrogate code units");
    QTest::newRow("!env empty source") << QByteArray("!env {source: '', value: 1}") << none
                                       << QStringLiteral("must not be empty");
    QTest::newRow("!env without value")
            << QByteArray("!env {source: s}") << none << QStringLiteral("needs both");
    QTest::newRow("!env in !env") << QByteArray(
            "!env {source: s, value: !env {source: t, value: 1}}")
                                  << none << QStringLiteral("inside !env");
    QTest::newRow("!re bad flag") << QByteArray("!re {pattern: x, flags: [NOPE]}") << none
                                  << QStringLiteral("re flag names");
    QTest::newRow("!re unknown key") << QByteArray("!re {pattern: x, flag: 2}") << none
                                     << QStringLiteral("unknown key \"flag\"");
    QTest::newRow("!!int") << QByteArray("!!int 5") << none << QStringLiteral("unknown tag !!int");
    QTest::newRow("!tuple on a scalar")
            << QByteArray("!tuple 5") << none << QStringLiteral("!tuple takes a sequence");
}

void tst_CorsYaml::plainScalars()
{
    QFETCH(QByteArray, yaml);
    QFETCH(PyValue, expected);
    QFETCH(QString, error);
    const CorsYamlResult result
            = loadCorsYaml("cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGINS: " + yaml + '\n');
    if (error.isEmpty()) {
        QVERIFY2(result.ok, qPrintable(describe(result)));
        const PyValue *value = result.document.policy.value(SettingId::AllowedOrigins);
        QVERIFY(value);
        QVERIFY2(*value == expected, qPrintable(Py::repr(*value)));
    } else {
        QVERIFY(!result.ok);
        QVERIFY2(describe(result).contains(error), qPrintable(describe(result)));
        QCOMPARE(result.messages.constFirst().line, 3);
    }
}

// ---- Errors -------------------------------------------------------------------------------------

void tst_CorsYaml::errorsNameLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    QTest::newRow("unknown top-level key")
            << QByteArray("cors-studio: 1\nprofil: \"4.x\"\n") << 2 << 1
            << QStringLiteral("unknown key \"profil\" (expected cors-studio, profile, settings, "
                              "deployment, proxy, cors_layer, scenarios)");
    QTest::newRow("proxy not a string")
            << QByteArray("cors-studio: 1\nproxy: [a]\n") << 2 << 8
            << QStringLiteral("proxy: must be the path of an nginx configuration");
    QTest::newRow("proxy empty") << QByteArray("cors-studio: 1\nproxy: \"\"\n") << 2 << 8
                                 << QStringLiteral("proxy: must be the path of an nginx "
                                                   "configuration, not empty");
    QTest::newRow("unknown setting")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGIN: []\n") << 3 << 3
            << QStringLiteral("settings: unknown setting \"CORS_ALLOWED_ORIGIN\"");
    const QByteArray scenario
            = "cors-studio: 1\nscenarios:\n  - name: \"a\"\n    request:\n"
              "      origin: \"https://a.example\"\n      url: \"https://b.example/\"\n";
    QTest::newRow("unknown request key")
            << scenario + "      orign: \"x\"\n"
            << 7 << 7 << QStringLiteral("scenarios[0].request: unknown key \"orign\"");
    QTest::newRow("unknown scenario key")
            << scenario + "    expected: allowed\n"
            << 7 << 5
            << QStringLiteral(
                       "scenarios[0]: unknown key \"expected\" (expected name, expect, session, "
                       "advance, request)");
    QTest::newRow("advance of the wrong type")
            << scenario + "    advance: \"5\"\n"
            << 7 << 14
            << QStringLiteral(
                       "scenarios[0].advance: must be a number of seconds from 0 to 1000000000");
    QTest::newRow("negative advance")
            << scenario + "    advance: -1\n"
            << 7 << 14 << QStringLiteral("scenarios[0].advance: must be a number of seconds");
    QTest::newRow("bool of the wrong type")
            << scenario + "      upload_listeners: yes\n"
            << 7 << 25
            << QStringLiteral("scenarios[0].request.upload_listeners: must be true or false");
    QTest::newRow("status out of range") << scenario + "      endpoint_status: 600\n"
                                         << 7 << 24
                                         << QStringLiteral("scenarios[0].request.endpoint_status: "
                                                           "must be an HTTP status code (100-599)");
    QTest::newRow("unknown enum value") << scenario + "      cache: never\n"
                                        << 7 << 14
                                        << QStringLiteral("scenarios[0].request.cache: must be one "
                                                          "of default, no-cache, reload, no-store");
    QTest::newRow("bad expect") << scenario + "    expect: maybe\n"
                                << 7 << 13
                                << QStringLiteral(
                                           "scenarios[0].expect: must be allowed or blocked");
    QTest::newRow("headers of the wrong type")
            << scenario + "      headers: 5\n"
            << 7 << 16 << QStringLiteral("scenarios[0].request.headers: must be a mapping");
    QTest::newRow("missing url")
            << QByteArray("cors-studio: 1\nscenarios:\n  - name: a\n    request: {origin: o}\n")
            << 4 << 14
            << QStringLiteral("scenarios[0].request: \"origin\" and \"url\" are required");
    QTest::newRow("settings of the wrong type")
            << QByteArray("cors-studio: 1\nsettings: [1]\n") << 2 << 11
            << QStringLiteral("settings: must be a mapping");
    QTest::newRow("scenarios of the wrong type")
            << QByteArray("cors-studio: 1\nscenarios: {}\n") << 2 << 12
            << QStringLiteral("scenarios: must be a list of scenarios");
    QTest::newRow("bad profile") << QByteArray("cors-studio: 1\nprofile: 5\n") << 2 << 10
                                 << QStringLiteral("profile: must be \"4.x\" or \"3.14\"");
    QTest::newRow("bad tag") << QByteArray(
            "cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGINS: !tupel [1]\n")
                             << 3 << 25
                             << QStringLiteral("settings.CORS_ALLOWED_ORIGINS: unknown tag !tupel");
    QTest::newRow("bad tag deep inside")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGINS:\n    - [1, !x 2]\n")
            << 4 << 11 << QStringLiteral("settings.CORS_ALLOWED_ORIGINS: unknown tag !x");
    QTest::newRow("ambiguous plain scalar")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_ALLOW_CREDENTIALS: yes\n") << 3 << 27
            << QStringLiteral(
                       "settings.CORS_ALLOW_CREDENTIALS: the unquoted value yes means different "
                       "things to different YAML readers");
    QTest::newRow("newer version")
            << QByteArray("cors-studio: 2\nsomething-new: true\n") << 1 << 14
            << QStringLiteral("written by a newer CORS Studio (format 2); this one reads format 1");
    QTest::newRow("much newer version")
            << QByteArray("profile: x\ncors-studio: 99999999999999999999\n") << 2 << 14
            << QStringLiteral("written by a newer CORS Studio (format 99999999999999999999)");
    QTest::newRow("version zero") << QByteArray("cors-studio: 0\n") << 1 << 14
                                  << QStringLiteral("cors-studio must be the format version");
    QTest::newRow("quoted version") << QByteArray("cors-studio: \"1\"\n") << 1 << 14
                                    << QStringLiteral("cors-studio must be the format version");
    QTest::newRow("missing version")
            << QByteArray("profile: \"4.x\"\nsettings: {}\n") << 1 << 1
            << QStringLiteral("not a CORS Studio document: the format version "
                              "\"cors-studio: 1\" is missing");
    QTest::newRow("not a mapping") << QByteArray("- cors-studio: 1\n") << 1 << 1
                                   << QStringLiteral("not a CORS Studio document");
    QTest::newRow("empty") << QByteArray("# nothing\n") << 0 << 0
                           << QStringLiteral("the document is empty");
    QTest::newRow("syntax error")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGINS: [1, 2\n") << 4 << 1
            << QStringLiteral("YAML syntax error: end of sequence flow not found");
    QTest::newRow("bad indentation") << QByteArray("cors-studio: 1\nsettings:\n  A: 1\n B: 2\n")
                                     << 4 << 2 << QStringLiteral("YAML syntax error");
    QTest::newRow("unclosed quote")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_URLS_REGEX: \"^/api\n  X: 1\n") << 3
            << 20 << QStringLiteral("YAML syntax error: a quoted string that is never closed");
    QTest::newRow("duplicate key")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_URLS_REGEX: a\n  CORS_URLS_REGEX: b\n")
            << 4 << 3 << QStringLiteral("settings: duplicate key \"CORS_URLS_REGEX\"");
    QTest::newRow("second document") << QByteArray("cors-studio: 1\n---\ncors-studio: 1\n") << 2
                                     << 1 << QStringLiteral("a second YAML document");
    QTest::newRow("columns count characters") << QByteArray(
            "cors-studio: 1\nscenarios:\n  - {name: \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", "
            "request: {origin: o, url: u}, bogus: 1}\n")
                                              << 3 << 49
                                              << QStringLiteral(
                                                         "scenarios[0]: unknown key \"bogus\"");
    QTest::newRow("invalid UTF-8") << QByteArray("cors-studio: 1\nprofile: \"\xc3\xa9\xff\"\n") << 2
                                   << 12 << QStringLiteral("the text is not valid UTF-8");
    QTest::newRow("control character")
            << QByteArray("cors-studio: 1\r\nname: \"a\x01\"\r\n") << 2 << 9
            << QStringLiteral("the character U+0001 is not allowed in YAML text");
    QTest::newRow("lone CR ends a line") << QByteArray("cors-studio: 1\rx: 1\r") << 2 << 1
                                         << QStringLiteral("unknown key \"x\"");
    QTest::newRow("alias cycle") << QByteArray(
            "cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGINS: &a [*a]\n")
                                 << 3 << 29
                                 << QStringLiteral("an alias inside the node it refers to");
    QTest::newRow("unknown anchor") << QByteArray("cors-studio: 1\nx: *nope\n") << 2 << 4
                                    << QStringLiteral("YAML syntax error");
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf"
                                                   "cors-studio: 1\nbad: 1\n")
                                     << 2 << 1 << QStringLiteral("unknown key \"bad\"");
}

void tst_CorsYaml::errorsNameLineAndColumn()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, text);
    const CorsYamlResult result = loadCorsYaml(yaml);
    QVERIFY(!result.ok);
    QVERIFY(!result.messages.isEmpty());
    const CorsYamlMessage &m = result.messages.constFirst();
    QVERIFY2(m.text.startsWith(text) || m.text.contains(text), qPrintable(describe(result)));
    QCOMPARE(m.line, line);
    QCOMPARE(m.column, column);
}

void tst_CorsYaml::everyErrorIsReported()
{
    const QByteArray yaml = "cors-studio: 1\n"
                            "extra: 1\n"
                            "settings:\n"
                            "  CORS_ALLOWED_ORIGINS: !bad x\n"
                            "  CORS_ALLOW_ALL_ORIGINS: true\n"
                            "  NOT_A_SETTING: 1\n"
                            "scenarios:\n"
                            "  - name: ok\n"
                            "    request: {origin: o, url: u}\n"
                            "  - name: bad\n"
                            "    request: {origin: o, url: u, api: ftp}\n";
    const CorsYamlResult result = loadCorsYaml(yaml);
    QVERIFY(!result.ok);
    QCOMPARE(result.messages.size(), 4);
    QCOMPARE(result.messages.at(0).line, 2);
    QCOMPARE(result.messages.at(1).line, 4);
    QCOMPARE(result.messages.at(2).line, 6);
    QCOMPARE(result.messages.at(3).line, 11);
    QVERIFY(result.messages.at(3).text.startsWith(QLatin1String("scenarios[1].request.api:")));
    QVERIFY(result.document == CorsDocument());

    QByteArray many = "cors-studio: 1\nsettings:\n";
    for (int i = 0; i < 500; ++i)
        many += "  X" + QByteArray::number(i) + ": 1\n";
    const CorsYamlResult capped = loadCorsYaml(many);
    QCOMPARE(capped.messages.size(), CorsYamlLimits::MaxMessages + 1);
    QVERIFY(capped.messages.constLast().text.contains(QLatin1String("too many errors")));
}

// ---- Hostile input ------------------------------------------------------------------------------

void tst_CorsYaml::hostileInputsFailInBoundedTime_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("text");

    QTest::newRow("billion laughs") << aliasBomb(9, "settings:\n  CORS_ALLOWED_ORIGINS: *a8\n")
                                    << QStringLiteral("more than 1000000 YAML values");
    QTest::newRow("billion laughs, unused")
            << aliasBomb(9, QByteArray()) << QStringLiteral("more than 1000000");
    QTest::newRow("alias chain") << QByteArray("cors-studio: 1\na: &a [1, 1]\n") + [] {
        QByteArray chain;
        for (int i = 1; i < 40; ++i)
            chain += "a" + QByteArray::number(i) + ": &a" + QByteArray::number(i) + " [*a"
                    + (i == 1 ? QByteArray() : QByteArray::number(i - 1)) + ", *a"
                    + (i == 1 ? QByteArray() : QByteArray::number(i - 1)) + "]\n";
        return chain;
    }() << QStringLiteral("more than 1000000");
    QTest::newRow("deep alias") << QByteArray("cors-studio: 1\na: &a ") + QByteArray(300, '[')
                    + QByteArray(300, ']') + "\nb: " + QByteArray(300, '[') + "*a"
                    + QByteArray(300, ']')
                    + '\n' << QStringLiteral("collections nested more than 480 deep");
    QTest::newRow("600k nested flow sequences")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGINS: ")
                    + QByteArray(600000, '[') + QByteArray(600000, ']')
            << QStringLiteral("more than 1000000 YAML indicator characters");
    QTest::newRow("100k unclosed flow sequences") << QByteArray("cors-studio: 1\nx: ")
                    + QByteArray(100000, '[') << QStringLiteral("collections nested");
    QTest::newRow("100k nested flow mappings") << QByteArray("cors-studio: 1\nx: ")
                    + QByteArray(100000, '{') << QStringLiteral("collections nested");
    QTest::newRow("100k nested block sequences")
            << QByteArray("cors-studio: 1\nsettings:\n  CORS_ALLOWED_ORIGINS:\n    ")
                    + QByteArray("- ").repeated(100000) + "x\n"
            << QStringLiteral("collections nested more than 480 deep");
    QTest::newRow("100k nested explicit keys")
            << QByteArray("cors-studio: 1\nx:\n  ") + QByteArray("? ").repeated(100000) + "x\n"
            << QStringLiteral("collections nested");
    QByteArray indented = "cors-studio: 1\n";
    for (int i = 0; i < 2000; ++i)
        indented += QByteArray(i, ' ') + "a:\n";
    QTest::newRow("2000 nested block mappings") << indented << QStringLiteral("collections nested");
    QTest::newRow("50 MB") << QByteArray("cors-studio: 1\nsettings:\n  CORS_URLS_REGEX: \"")
                    + QByteArray(50 * 1024 * 1024, 'a') + "\"\n"
                           << QStringLiteral("the file is larger than 8 MiB");
    QTest::newRow("one byte too many") << QByteArray(CorsYamlLimits::MaxBytes + 1, ' ')
                                       << QStringLiteral("the file is larger than 8 MiB");
    QTest::newRow("many indicators")
            << QByteArray("cors-studio: 1\nx: [") + QByteArray("\"\",").repeated(340000) + ']'
            << QStringLiteral("more than 1000000 YAML indicator characters");
    QTest::newRow("many document markers")
            << QByteArray("cors-studio: 1\nx: [\n") + QByteArray("---\n").repeated(1100000)
            << QStringLiteral("more than 1000000 YAML indicator characters");
    QTest::newRow("many nodes") << QByteArray("cors-studio: 1\nx:\n")
                    + QByteArray("- 1\n").repeated(1100000)
                                << QStringLiteral("more than 1000000 YAML values");
    QTest::newRow("overlong UTF-8")
            << QByteArray("cors-studio: 1\nx: \"\xc0\xaf\"\n") << QStringLiteral("not valid UTF-8");
    QTest::newRow("encoded surrogate") << QByteArray("cors-studio: 1\nx: \"\xed\xa0\x80\"\n")
                                       << QStringLiteral("not valid UTF-8");
    QTest::newRow("beyond U+10FFFF") << QByteArray("cors-studio: 1\nx: \"\xf4\x90\x80\x80\"\n")
                                     << QStringLiteral("not valid UTF-8");
    QTest::newRow("truncated UTF-8")
            << QByteArray("cors-studio: 1\nx: \"\xe2\x82") << QStringLiteral("not valid UTF-8");
    QTest::newRow("UTF-16 text") << QByteArray("\xff\xfe"
                                               "c\0o\0r\0s\0",
                                               10)
                                 << QStringLiteral("not valid UTF-8");
    QTest::newRow("NUL") << QByteArray("cors-studio: 1\0", 15)
                         << QStringLiteral("U+0000 is not allowed");
    QTest::newRow("BOM inside") << QByteArray("cors-studio: 1\nx: \"\xef\xbb\xbf\"\n")
                                << QStringLiteral("U+FEFF is not allowed");
    QTest::newRow("C1 control") << QByteArray("cors-studio: 1\nx: \"\xc2\x80\"\n")
                                << QStringLiteral("U+0080");
    QRandomGenerator rng(99);
    QByteArray junk(1024 * 1024, Qt::Uninitialized);
    for (char &c : junk)
        c = char(rng.bounded(256));
    QTest::newRow("binary junk") << junk << QString();
    QTest::newRow("lone comma (yaml-cpp 0.7 loops on it)")
            << QByteArray(",") << QStringLiteral("unexpected \",\"");
    QTest::newRow("comma after a document")
            << QByteArray("cors-studio: 1\n,\n") << QStringLiteral("YAML syntax error");
    QTest::newRow("[:") << QByteArray("[:") << QStringLiteral("YAML syntax error");
    QTest::newRow("{:") << QByteArray("{:") << QStringLiteral("YAML syntax error");
    QTest::newRow("unterminated flow") << QByteArray("cors-studio: 1\nx: [\"a\", {b: [")
                                       << QStringLiteral("YAML syntax error");
    QTest::newRow("stray tag") << QByteArray("- !+(.,.)") << QStringLiteral("YAML syntax error");
}

void tst_CorsYaml::hostileInputsFailInBoundedTime()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, text);
    QElapsedTimer timer;
    timer.start();
    const CorsYamlResult result = loadCorsYaml(yaml);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!result.ok);
    QVERIFY(!result.messages.isEmpty());
    QVERIFY2(text.isEmpty() || describe(result).contains(text), qPrintable(describe(result)));
    // A hang is caught by ctest's timeout; the time is printed, never asserted (no timed tests).
    qDebug("loaded in %lld ms", elapsed);
}

void tst_CorsYaml::largestAcceptedDocumentLoads()
{
    const QByteArray head = "cors-studio: 1\nsettings:\n  CORS_URLS_REGEX: \"";
    const QByteArray tail = "\"\n";
    const QByteArray yaml
            = head + QByteArray(CorsYamlLimits::MaxBytes - head.size() - tail.size(), 'a') + tail;
    QCOMPARE(yaml.size(), CorsYamlLimits::MaxBytes);
    QElapsedTimer timer;
    timer.start();
    const CorsYamlResult result = loadCorsYaml(yaml);
    QVERIFY2(result.ok, qPrintable(describe(result)));
    QCOMPARE(result.document.policy.value(SettingId::UrlsRegex)->text().size(),
             CorsYamlLimits::MaxBytes - head.size() - tail.size());
    qDebug("loaded in %lld ms", timer.elapsed());
}

void tst_CorsYaml::largestImportableAllowListReadsBack()
{
    // A settings.py may give a setting SettingsReadLimits::MaxSettingEntries entries; the
    // document it is imported into, saved, must open again (it did not: 100,000 origins are
    // 300,000 indicators and 100,000 values, past the earlier limits).
    QStringList origins;
    for (int i = 0; i < SettingsReadLimits::MaxSettingEntries; ++i)
        origins.append(QStringLiteral("https://app%1.example.com").arg(i));
    CorsDocument document;
    document.policy.setValue(SettingId::AllowedOrigins, PyValue::strList(origins));
    document.policy.setValue(SettingId::CsrfTrustedOrigins, PyValue::strList(origins));
    const QByteArray yaml = saveCorsYaml(document);
    QVERIFY2(!corsYamlLimitProblem(yaml),
             qPrintable(corsYamlLimitProblem(yaml).value_or(QString())));
    const CorsYamlResult back = loadCorsYaml(yaml);
    QVERIFY2(back.ok, qPrintable(describe(back)));
    QVERIFY(back.document == document);
}

void tst_CorsYaml::documentsPastTheLimitsAreNotWritten()
{
    CorsDocument small;
    small.policy.setValue(SettingId::AllowedOrigins,
                          PyValue::strList({QStringLiteral("https://a.example.com")}));
    QCOMPARE(corsYamlLimitProblem(saveCorsYaml(small)), std::nullopt);

    // Grown in the window past what the reader takes: each problem is what loading would say.
    CorsDocument colons;
    colons.policy.setValue(SettingId::AllowHeaders,
                           PyValue::strList(QStringList(2, QString(600000, u':'))));
    const std::optional<QString> indicators = corsYamlLimitProblem(saveCorsYaml(colons));
    QVERIFY(indicators);
    QVERIFY2(indicators->contains(
                     QLatin1String("would not read back: more than 1000000 YAML indicator")),
             qPrintable(*indicators));
    // export --to yaml and import write no such file either.
    const ExportResult exported = exporterById(QStringLiteral("yaml"))->run(colons, {});
    QVERIFY(!exported.ok);
    QVERIFY(exported.text.isEmpty());
    QVERIFY2(exported.error.startsWith(QLatin1String("The document is not written: line ")),
             qPrintable(exported.error));

    CorsDocument huge;
    huge.policy.setValue(SettingId::UrlsRegex, PyValue::str(QString(9 * 1024 * 1024, u'a')));
    const std::optional<QString> size = corsYamlLimitProblem(saveCorsYaml(huge));
    QVERIFY(size);
    QVERIFY2(
            size->contains(QLatin1String("is 9.0 MiB, more than the 8 MiB CORS Studio reads back")),
            qPrintable(*size));
}

void tst_CorsYaml::mutatedDocumentsNeverCrash()
{
    const QByteArray original
            = readFile(sourcePath(QStringLiteral("resources/examples/example.cors.yaml")));
    QVERIFY(!original.isEmpty());
    static const char alphabet[] = "[]{},:?!&*\"'#%|>-. \n\t\\ax0\xc3\xa9";
    QRandomGenerator rng(4242);
    int loaded = 0;
    for (int i = 0; i < 2000; ++i) {
        QByteArray text = original;
        const int edits = rng.bounded(1, 5);
        for (int e = 0; e < edits; ++e) {
            const int at = rng.bounded(int(text.size()) + 1);
            switch (rng.bounded(4)) {
            case 0:
                text.remove(at, rng.bounded(1, 20));
                break;
            case 1:
                text.insert(at, alphabet[rng.bounded(int(sizeof alphabet) - 1)]);
                break;
            case 2:
                text.insert(at, text.mid(rng.bounded(int(text.size()) + 1), rng.bounded(1, 40)));
                break;
            default:
                if (at < text.size())
                    text[at] = alphabet[rng.bounded(int(sizeof alphabet) - 1)];
                break;
            }
        }
        const CorsYamlResult result = loadCorsYaml(text);
        QCOMPARE(result.ok, result.messages.isEmpty());
        if (result.ok) {
            ++loaded;
            const QString problem = roundTripProblem(result.document);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }
    QVERIFY(loaded > 0);
}

void tst_CorsYaml::aliasesAreExpanded()
{
    const CorsYamlResult result = loadCorsYaml("cors-studio: 1\n"
                                               "settings:\n"
                                               "  CORS_ALLOWED_ORIGINS: &origins\n"
                                               "    - \"https://a.example\"\n"
                                               "  CSRF_TRUSTED_ORIGINS: *origins\n");
    QVERIFY2(result.ok, qPrintable(describe(result)));
    QCOMPARE(*result.document.policy.value(SettingId::CsrfTrustedOrigins),
             *result.document.policy.value(SettingId::AllowedOrigins));
    const CorsYamlResult wrong = loadCorsYaml("cors-studio: 1\n"
                                              "settings:\n"
                                              "  CORS_ALLOWED_ORIGINS: &o {a: 1}\n"
                                              "  CSRF_TRUSTED_ORIGINS: *o\n");
    QVERIFY(!wrong.ok);
    QCOMPARE(wrong.messages.size(), 2);
    QCOMPARE(wrong.messages.at(1).line, 4); // the use of the alias, not the anchor
    QCOMPARE(wrong.messages.at(1).column, 25);
}

// ---- Files --------------------------------------------------------------------------------------

void tst_CorsYaml::exampleFileLoads()
{
    const QByteArray text
            = readFile(sourcePath(QStringLiteral("resources/examples/example.cors.yaml")));
    const CorsYamlResult result = loadCorsYaml(text);
    QVERIFY2(result.ok, qPrintable(describe(result)));
    QCOMPARE(saveCorsYaml(result.document), text);

    const SettingsReadResult read = readDjangoSettingsFile(
            sourcePath(QStringLiteral("resources/examples/example_settings.py")));
    QVERIFY(read.ok);
    QVERIFY(result.document.policy == read.policy);

    QVERIFY(result.document.scenarios.size() >= 2 && result.document.scenarios.size() <= 3);
    bool blocked = false;
    for (const SavedScenario &saved : result.document.scenarios) {
        QVERIFY(saved.expectAllowed.has_value());
        blocked = blocked || !*saved.expectAllowed;
        const SimulationResult simulated = simulate(result.document.policy, saved.scenario);
        QVERIFY2(simulated.allowed == *saved.expectAllowed, qPrintable(saved.name));
    }
    QVERIFY(blocked);
}

void tst_CorsYaml::documentationExampleLoads()
{
    const QString doc
            = QString::fromUtf8(readFile(sourcePath(QStringLiteral("docs/file-format.md"))));
    QVERIFY(!doc.isEmpty());
    // Every ```yaml block that starts with the version line is a complete document.
    static const QRegularExpression block(QStringLiteral("```yaml\\n(cors-studio: 1\\n.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    int documents = 0;
    for (const QRegularExpressionMatch &m : block.globalMatch(doc)) {
        const QByteArray text = m.captured(1).toUtf8();
        const CorsYamlResult result = loadCorsYaml(text);
        QVERIFY2(result.ok, qPrintable(describe(result) + u'\n' + m.captured(1)));
        QCOMPARE(saveCorsYaml(result.document), text);
        for (const SavedScenario &saved : result.document.scenarios) {
            if (saved.expectAllowed && saved.session.isEmpty())
                QCOMPARE(simulate(result.document.policy, saved.scenario).allowed,
                         *saved.expectAllowed);
        }
        ++documents;
    }
    QVERIFY(documents >= 1);
}

void tst_CorsYaml::settingsCorpusRoundTrips()
{
    const QDir dir(QStringLiteral(CORS_TEST_DATA_DIR "/settings"));
    const QStringList files = dir.entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    int read = 0;
    for (const QString &file : files) {
        for (const Profile profile : {Profile::V4, Profile::V3_14}) {
            for (const bool debug : {false, true}) {
                SettingsReadOptions options;
                options.profile = profile;
                options.debug = debug;
                const SettingsReadResult result
                        = readDjangoSettingsFile(dir.filePath(file), options);
                if (!result.ok)
                    continue;
                ++read;
                CorsDocument document;
                document.policy = result.policy;
                document.policy.setProfile(profile);
                const QString problem = roundTripProblem(document);
                QVERIFY2(problem.isEmpty(), qPrintable(file + QStringLiteral(": ") + problem));
            }
        }
    }
    QVERIFY(read > 40);
}

void tst_CorsYaml::policyFileLoadsYaml()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray text
            = readFile(sourcePath(QStringLiteral("resources/examples/example.cors.yaml")));
    const CorsYamlResult expected = loadCorsYaml(text);
    QVERIFY(expected.ok);
    for (const QString &name :
         {QStringLiteral("a.cors.yaml"), QStringLiteral("b.YML"), QStringLiteral("c.yaml")}) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();
        const PolicyFileResult loaded = loadPolicyFile(file.fileName());
        QVERIFY2(loaded.ok, qPrintable(loaded.errorString));
        QVERIFY(loaded.document == expected.document);
        QVERIFY(loaded.policy == expected.document.policy);

        PolicyFileOptions options;
        options.profile = Profile::V3_14;
        const PolicyFileResult overridden = loadPolicyFile(file.fileName(), options);
        QVERIFY(overridden.ok);
        QCOMPARE(overridden.policy.profile(), Profile::V3_14);
        QCOMPARE(overridden.document.policy.profile(), Profile::V3_14);
        QCOMPARE(overridden.document.scenarios, expected.document.scenarios);
    }

    QFile bad(dir.filePath(QStringLiteral("bad.cors.yaml")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("cors-studio: 1\nsettings:\n  CORS_NOPE: 1\n");
    bad.close();
    const PolicyFileResult failed = loadPolicyFile(bad.fileName());
    QVERIFY(!failed.ok);
    QCOMPARE(failed.errorString,
             bad.fileName()
                     + QStringLiteral(":3:3: error: settings: unknown setting \"CORS_NOPE\""));
    QCOMPARE(failed.messages.size(), 1);
    QCOMPARE(failed.messages.constFirst().severity, SettingsMessage::Severity::Error);

    QFile huge(dir.filePath(QStringLiteral("huge.yaml")));
    QVERIFY(huge.open(QIODevice::WriteOnly));
    huge.write(QByteArray(9 * 1024 * 1024, '#'));
    huge.close();
    const PolicyFileResult tooBig = loadPolicyFile(huge.fileName());
    QVERIFY(!tooBig.ok);
    QVERIFY2(tooBig.errorString.contains(QLatin1String("larger than 8 MiB")),
             qPrintable(tooBig.errorString));

    const QString python = sourcePath(QStringLiteral("resources/examples/example_settings.py"));
    const PolicyFileResult settings = loadPolicyFile(python);
    QVERIFY(settings.ok);
    QVERIFY(settings.document.policy == settings.policy);
    QVERIFY(settings.document.scenarios.isEmpty());
    QVERIFY(settings.policy == expected.document.policy);
}

void tst_CorsYaml::exporterParts()
{
    const Exporter *exporter = exporterById(QStringLiteral("yaml"));
    QVERIFY(exporter);
    QCOMPARE(exporter->fileSuffix(), QStringLiteral(".cors.yaml"));
    QCOMPARE(exporter->parts(),
             QStringList({QStringLiteral("document"), QStringLiteral("policy")}));
    const CorsYamlResult example = loadCorsYaml(
            readFile(sourcePath(QStringLiteral("resources/examples/example.cors.yaml"))));
    QVERIFY(example.ok);

    ExportOptions options;
    ExportResult result = exporter->run(example.document, options);
    QVERIFY(result.ok);
    QCOMPARE(result.text.toUtf8(), saveCorsYaml(example.document));
    QVERIFY(result.notes.isEmpty());

    options.part = QStringLiteral("document");
    options.allSettings = true;
    result = exporter->run(example.document, options);
    QVERIFY(result.ok);
    QCOMPARE(result.text.toUtf8(), saveCorsYaml(example.document));
    QCOMPARE(result.notes.size(), 1);

    options.part = QStringLiteral("policy");
    result = exporter->run(example.document, options);
    QVERIFY(result.ok);
    QCOMPARE(result.text.toUtf8(), savePolicyYaml(example.document.policy));
    QVERIFY(result.notes.constLast().text.contains(QLatin1String("scenario")));

    options.part = QStringLiteral("map");
    result = exporter->run(example.document, options);
    QVERIFY(!result.ok);
    QVERIFY(result.text.isEmpty());
    QVERIFY(!result.error.isEmpty());
}

void tst_CorsYaml::policyFormOfTheExample()
{
    const SettingsReadResult read = readDjangoSettingsFile(
            sourcePath(QStringLiteral("resources/examples/example_settings.py")));
    QVERIFY(read.ok);
    QList<ExportNote> notes;
    const QByteArray text = savePolicyYaml(read.policy, &notes);
    const QByteArray golden
            = readFile(QStringLiteral(CORS_TEST_DATA_DIR "/yaml/example.policy.yaml"));
    QCOMPARE(QString::fromUtf8(text), QString::fromUtf8(golden));
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.constFirst().setting, SettingId::CsrfTrustedOrigins);
    // The documentation shows the same text.
    const QByteArray doc = readFile(sourcePath(QStringLiteral("docs/file-format.md")));
    QVERIFY(doc.contains(QByteArray("```yaml\n" + golden + "```")));
}

void tst_CorsYaml::policyFormNotes_data()
{
    QTest::addColumn<Policy>("policy");
    QTest::addColumn<QStringList>("lines"); // lines the output has; "!x" for lines it must not have
    QTest::addColumn<QStringList>("notes");

    auto with = [](SettingId id, const PyValue &value, Profile profile = Profile::V4) {
        Policy policy(profile);
        policy.setValue(id, value);
        return policy;
    };
    QTest::newRow("defaults") << Policy()
                              << QStringList {QStringLiteral("    pathRegex: \"^.*$\""),
                                              QStringLiteral("    allowAll: false"),
                                              QStringLiteral("    exact: []"),
                                              QStringLiteral("    allowNull: false"),
                                              QStringLiteral("  maxAgeSeconds: 86400"),
                                              QStringLiteral("    - \"x-requested-with\""),
                                              QStringLiteral("  exposeHeaders: []")}
                              << QStringList();
    QTest::newRow("3.14 defaults")
            << Policy(Profile::V3_14)
            << QStringList {QStringLiteral("    - \"dnt\""), QStringLiteral("  profile: \"3.14\"")}
            << QStringList();
    QTest::newRow("bare string origins")
            << with(SettingId::AllowedOrigins, PyValue::str(QStringLiteral("https://null.example")))
            << QStringList {QStringLiteral("!    exact:"), QStringLiteral("    allowNull: true")}
            << QStringList {QStringLiteral("CORS_ALLOWED_ORIGINS is a single string"),
                            QStringLiteral("corsheaders.E006")};
    QTest::newRow("non-string header")
            << with(SettingId::AllowHeaders,
                    PyValue::list({PyValue::str(QStringLiteral("x")), PyValue::integer(5)}))
            << QStringList {QStringLiteral("!  requestHeaders:")}
            << QStringList {QStringLiteral("CORS_ALLOW_HEADERS is left out: it holds 5")};
    QTest::newRow("regex flags inline")
            << with(SettingId::AllowedOriginRegexes,
                    PyValue::list(
                            {PyValue::pattern(QStringLiteral("^https://a"), PyReFlag::IgnoreCase)}))
            << QStringList {QStringLiteral("      - \"(?i)^https://a\"")}
            << QStringList {QStringLiteral("written inline as (?i)")};
    QTest::newRow("regex of the wrong type")
            << with(SettingId::AllowedOriginRegexes, PyValue::list({PyValue::integer(1)}))
            << QStringList {QStringLiteral("!    regexes:")}
            << QStringList {QStringLiteral("CORS_ALLOWED_ORIGIN_REGEXES is left out")};
    QTest::newRow("max age as a str")
            << with(SettingId::PreflightMaxAge, PyValue::str(QStringLiteral("600")))
            << QStringList {QStringLiteral("!  maxAgeSeconds:")}
            << QStringList {QStringLiteral("Access-Control-Max-Age: 600")};
    QTest::newRow("max age 0") << with(SettingId::PreflightMaxAge, PyValue::integer(0))
                               << QStringList {QStringLiteral("  maxAgeSeconds: 0")}
                               << QStringList();
    QTest::newRow("origin with a path")
            << with(SettingId::AllowedOrigins,
                    PyValue::strList({QStringLiteral("HTTPS://a.example/x"),
                                      QStringLiteral("https://a.example")}))
            << QStringList {QStringLiteral("      - \"https://a.example\""),
                            QStringLiteral("!      - \"HTTPS://a.example/x\"")}
            << QStringList {QStringLiteral("is written as 'https://a.example'")};
    QTest::newRow("null listed") << with(
            SettingId::AllowedOrigins,
            PyValue::strList({QStringLiteral("null"), QStringLiteral("file://")}))
                                 << QStringList {QStringLiteral("    allowNull: true"),
                                                 QStringLiteral("      - \"file://\"")}
                                 << QStringList();
    QTest::newRow("truthy allow-all") << with(SettingId::OriginAllowAll, PyValue::integer(1))
                                      << QStringList {QStringLiteral("    allowAll: true")}
                                      << QStringList {QStringLiteral("(corsheaders.E005)")};
    QTest::newRow("environment read")
            << with(SettingId::AllowCredentials,
                    dynamic(PyValue::boolean(true), QStringLiteral("env.bool('C')")))
            << QStringList {QStringLiteral("  credentials: true")}
            << QStringList {QStringLiteral("CORS_ALLOW_CREDENTIALS is read from the environment")};
    QTest::newRow("private network in 3.14")
            << with(SettingId::AllowPrivateNetwork, PyValue::boolean(true), Profile::V3_14)
            << QStringList {QStringLiteral("  privateNetwork: false")}
            << QStringList {QStringLiteral("3.14 does not have it")};
    QTest::newRow("urls regex of the wrong type")
            << with(SettingId::UrlsRegex, PyValue::integer(3))
            << QStringList {QStringLiteral("!  scope:")}
            << QStringList {QStringLiteral("CORS_URLS_REGEX is left out")};
    QTest::newRow("hostile strings are quoted")
            << with(SettingId::ExposeHeaders, PyValue::strList({QStringLiteral("a\"\n- b: c")}))
            << QStringList {QStringLiteral("    - \"a\\\"\\n- b: c\"")} << QStringList();
}

void tst_CorsYaml::policyFormNotes()
{
    QFETCH(Policy, policy);
    QFETCH(QStringList, lines);
    QFETCH(QStringList, notes);
    QList<ExportNote> actualNotes;
    const QString text = QString::fromUtf8(savePolicyYaml(policy, &actualNotes));
    const QStringList actualLines = text.split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u'!')) {
            const QString absent = line.mid(1);
            for (const QString &actual : actualLines)
                QVERIFY2(!actual.startsWith(absent), qPrintable(text));
        } else {
            QVERIFY2(actualLines.contains(line), qPrintable(line + QStringLiteral(" in\n") + text));
        }
    }
    QStringList noteTexts;
    for (const ExportNote &n : actualNotes)
        noteTexts.append(n.text);
    for (const QString &note : notes) {
        bool found = false;
        for (const QString &actual : std::as_const(noteTexts))
            found = found || actual.contains(note);
        QVERIFY2(found, qPrintable(note + QStringLiteral(" not in:\n") + noteTexts.join(u'\n')));
    }
    if (notes.isEmpty())
        QVERIFY2(noteTexts.isEmpty(), qPrintable(noteTexts.join(u'\n')));
}

// ---- The deployment -----------------------------------------------------------------------------

namespace {

/** Every StackSettings member away from Django's default. */
Deployment fullDeployment()
{
    Deployment d;
    StackSettings &s = d.settings;
    s.middleware = {QStringLiteral("django.middleware.security.SecurityMiddleware"),
                    QStringLiteral("corsheaders.middleware.CorsMiddleware"),
                    QStringLiteral("django.middleware.common.CommonMiddleware")};
    s.debug = true;
    s.allowedHosts = {QStringLiteral("api.example.com"), QStringLiteral(".example.com")};
    s.appendSlash = false;
    s.prependWww = true;
    s.secureSslRedirect = true;
    s.secureSslHost = QStringLiteral("secure.example.com");
    s.secureRedirectExempt = {QStringLiteral("^health/$")};
    s.secureProxySslHeader
            = std::pair {QStringLiteral("HTTP_X_FORWARDED_PROTO"), QStringLiteral("https")};
    s.useXForwardedHost = true;
    s.loginUrl = QStringLiteral("/login/");
    s.csrfCookieName = QStringLiteral("xsrf");
    s.csrfHeaderName = QStringLiteral("HTTP_X_XSRF_TOKEN");
    s.csrfCookieDomain = QStringLiteral(".example.com");
    s.csrfUseSessions = true;
    s.sessionCookieName = QStringLiteral("sid");
    s.sessionCookieDomain = QString(); // "" is not None
    s.drfAuthenticationClasses
            = {QStringLiteral("rest_framework.authentication.TokenAuthentication")};
    s.drfPermissionClasses = {};
    s.drfRendererCount = 1;
    Route drf;
    drf.path = QStringLiteral("api/items/<int:pk>/");
    drf.view = ViewKind::Drf;
    drf.authentication = QStringList {QStringLiteral("token"), QStringLiteral("session")};
    drf.permission = QStringLiteral("is_authenticated");
    Route bare;
    bare.path = QStringLiteral("api/open/");
    bare.view = ViewKind::Drf;
    bare.authentication = QStringList();
    Route login;
    login.path = QStringLiteral("accounts/profile/");
    login.view = ViewKind::LoginRequired;
    d.routes = {drf, bare, login};
    d.identities.sessions = {QStringLiteral("session-of-alice")};
    d.identities.tokens = {QStringLiteral("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")};
    d.identities.basic = {QStringLiteral("alice:secret")};
    return d;
}

Route routeOf(const QString &path, ViewKind view)
{
    Route r;
    r.path = path;
    r.view = view;
    return r;
}

} // namespace

void tst_CorsYaml::deploymentRoundTrip_data()
{
    QTest::addColumn<Deployment>("deployment");
    QTest::newRow("Django's defaults") << Deployment();
    QTest::newRow("every member") << fullDeployment();
    Deployment odd;
    odd.settings.middleware = {QStringLiteral("my.\"Odd\"\tMiddleware"), QStringLiteral("")};
    odd.settings.secureProxySslHeader = std::pair {QStringLiteral("\u00e9"), QString()};
    odd.settings.csrfCookieDomain = QStringLiteral("\u202e.example");
    odd.settings.loginUrl = QString(QChar(0xd800)) + QStringLiteral("lone");
    odd.routes = {routeOf(QStringLiteral("caf\u00e9/<slug:s>/"), ViewKind::CsrfExempt),
                  routeOf(QString(), ViewKind::Error), routeOf(QStringLiteral("x"), ViewKind::Ok)};
    odd.settings.drfRendererCount = 0;
    QTest::newRow("odd strings") << odd;
    Deployment identitiesOnly;
    identitiesOnly.identities.tokens = {QStringLiteral("t1"), QStringLiteral("t2")};
    QTest::newRow("identities only") << identitiesOnly;
}

void tst_CorsYaml::deploymentRoundTrip()
{
    QFETCH(Deployment, deployment);
    CorsDocument document;
    document.deployment = deployment;
    const QString problem = roundTripProblem(document);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(loadCorsYaml(saveCorsYaml(document)).document.deployment, deployment);
}

// Only the settings that differ from Django's defaults, under their Django names; middleware
// in order; routes and identities as written.
void tst_CorsYaml::deploymentSavedForm()
{
    CorsDocument document;
    Deployment d;
    d.settings.middleware = {QStringLiteral("corsheaders.middleware.CorsMiddleware"),
                             QStringLiteral("django.middleware.common.CommonMiddleware")};
    d.settings.allowedHosts = {QStringLiteral("api.example.com")};
    d.settings.secureProxySslHeader
            = std::pair {QStringLiteral("HTTP_X_FORWARDED_PROTO"), QStringLiteral("https")};
    d.settings.drfPermissionClasses
            = {QStringLiteral("rest_framework.permissions.IsAuthenticated")};
    Route drf = routeOf(QStringLiteral("api/items/"), ViewKind::Drf);
    drf.authentication = QStringList {QStringLiteral("session"), QStringLiteral("token")};
    drf.permission = QStringLiteral("allow_any");
    d.routes = {drf, routeOf(QStringLiteral("health/"), ViewKind::CsrfExempt)};
    d.identities.basic = {QStringLiteral("alice:secret")};
    document.deployment = d;
    const QByteArray expected = "cors-studio: 1\n"
                                "profile: \"4.x\"\n"
                                "settings: {}\n"
                                "deployment:\n"
                                "  middleware:\n"
                                "    - \"corsheaders.middleware.CorsMiddleware\"\n"
                                "    - \"django.middleware.common.CommonMiddleware\"\n"
                                "  settings:\n"
                                "    ALLOWED_HOSTS:\n"
                                "      - \"api.example.com\"\n"
                                "    SECURE_PROXY_SSL_HEADER: [\"HTTP_X_FORWARDED_PROTO\", "
                                "\"https\"]\n"
                                "    REST_FRAMEWORK:\n"
                                "      DEFAULT_PERMISSION_CLASSES:\n"
                                "        - \"rest_framework.permissions.IsAuthenticated\"\n"
                                "  routes:\n"
                                "    - path: \"api/items/\"\n"
                                "      view: drf\n"
                                "      authentication: [session, token]\n"
                                "      permission: allow_any\n"
                                "    - path: \"health/\"\n"
                                "      view: csrf_exempt\n"
                                "  identities:\n"
                                "    basic:\n"
                                "      - \"alice:secret\"\n"
                                "scenarios: []\n";
    QCOMPARE(saveCorsYaml(document), expected);
    const CorsYamlResult loaded = loadCorsYaml(expected);
    QVERIFY2(loaded.ok, qPrintable(describe(loaded)));
    QCOMPARE(loaded.document, document);

    // A deployment of nothing but defaults still says it is there.
    document.deployment = Deployment();
    QVERIFY(saveCorsYaml(document).contains("\ndeployment:\n  middleware: []\nscenarios: []\n"));
}

void tst_CorsYaml::deploymentAbsentOrNull()
{
    CorsYamlResult r = loadCorsYaml("cors-studio: 1\n");
    QVERIFY(r.ok);
    QVERIFY(!r.document.deployment);
    QVERIFY(!saveCorsYaml(r.document).contains("deployment"));
    r = loadCorsYaml("cors-studio: 1\ndeployment:\n");
    QVERIFY2(r.ok, qPrintable(describe(r)));
    QVERIFY(!r.document.deployment);
    r = loadCorsYaml("cors-studio: 1\ndeployment: {}\n");
    QVERIFY2(r.ok, qPrintable(describe(r)));
    QCOMPARE(r.document.deployment, Deployment());
    // Members written as null, and settings given their default explicitly.
    r = loadCorsYaml("cors-studio: 1\ndeployment:\n  middleware: []\n  settings:\n"
                     "    DEBUG: false\n    CSRF_COOKIE_DOMAIN: null\n    SECURE_SSL_HOST: ~\n"
                     "    SECURE_PROXY_SSL_HEADER:\n  routes:\n  identities:\n");
    QVERIFY2(r.ok, qPrintable(describe(r)));
    QCOMPARE(r.document.deployment, Deployment());
}

// `proxy:` names the nginx file in front of the stack, as written (relative to the document):
// kept through load and save, written after the deployment, absent when empty.
void tst_CorsYaml::proxyRoundTrip()
{
    CorsYamlResult r = loadCorsYaml("cors-studio: 1\nproxy: \"nginx/site.conf\"\n"
                                    "scenarios: []\n");
    QVERIFY2(r.ok, qPrintable(describe(r)));
    QCOMPARE(r.document.proxyFile, QStringLiteral("nginx/site.conf"));
    const QByteArray saved = saveCorsYaml(r.document);
    QVERIFY2(saved.contains("\nproxy: \"nginx/site.conf\"\nscenarios: []\n"), saved.constData());
    const CorsYamlResult again = loadCorsYaml(saved);
    QVERIFY2(again.ok, qPrintable(describe(again)));
    QCOMPARE(again.document, r.document);
    QCOMPARE(saveCorsYaml(again.document), saved);

    // After a deployment; a name that needs quoting.
    CorsDocument document;
    document.deployment = Deployment();
    document.proxyFile = QStringLiteral("../nginx: \"prod\".conf");
    const QByteArray withDeployment = saveCorsYaml(document);
    QVERIFY(withDeployment.indexOf("deployment:") < withDeployment.indexOf("proxy:"));
    r = loadCorsYaml(withDeployment);
    QVERIFY2(r.ok, qPrintable(describe(r)));
    QCOMPARE(r.document, document);

    // Absent, null: no proxy, and nothing written.
    r = loadCorsYaml("cors-studio: 1\nproxy:\n");
    QVERIFY2(r.ok, qPrintable(describe(r)));
    QVERIFY(r.document.proxyFile.isEmpty());
    QVERIFY(!saveCorsYaml(r.document).contains("proxy"));

    // Resolved against the document's directory; an absolute path stays.
    CorsDocument named;
    named.proxyFile = QStringLiteral("nginx/site.conf");
    QCOMPARE(proxyFilePath(named, QStringLiteral("/srv/app/api.cors.yaml")),
             QStringLiteral("/srv/app/nginx/site.conf"));
    named.proxyFile = QStringLiteral("/etc/nginx/nginx.conf");
    QCOMPARE(proxyFilePath(named, QStringLiteral("/srv/app/api.cors.yaml")),
             QStringLiteral("/etc/nginx/nginx.conf"));
    QVERIFY(proxyFilePath(CorsDocument(), QStringLiteral("/srv/app/api.cors.yaml")).isEmpty());
}

void tst_CorsYaml::deploymentErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    const QByteArray top = "cors-studio: 1\ndeployment:\n";
    QTest::newRow("not a mapping") << QByteArray("cors-studio: 1\ndeployment: [1]\n") << 2 << 13
                                   << QStringLiteral("deployment: must be a mapping");
    QTest::newRow("unknown member")
            << top + "  middlewares: []\n"
            << 3 << 3
            << QStringLiteral("deployment: unknown key \"middlewares\" (expected middleware, "
                              "settings, routes, identities)");
    QTest::newRow("middleware not a list")
            << top + "  middleware: \"a.B\"\n"
            << 3 << 15 << QStringLiteral("deployment.middleware: must be a list of strings");
    QTest::newRow("middleware entry not a string")
            << top + "  middleware: [a.B, [c]]\n"
            << 3 << 21 << QStringLiteral("deployment.middleware: must be a string");
    QTest::newRow("settings not a mapping")
            << top + "  settings: [DEBUG]\n"
            << 3 << 13
            << QStringLiteral("deployment.settings: must be a mapping (Django setting names to "
                              "values)");
    QTest::newRow("unknown setting")
            << top + "  settings:\n    CORS_ALLOW_ALL_ORIGINS: true\n"
            << 4 << 5
            << QStringLiteral("deployment.settings: unknown key \"CORS_ALLOW_ALL_ORIGINS\" "
                              "(expected DEBUG, ALLOWED_HOSTS, APPEND_SLASH");
    QTest::newRow("duplicate setting")
            << top + "  settings:\n    DEBUG: true\n    DEBUG: false\n"
            << 5 << 5 << QStringLiteral("deployment.settings: duplicate key \"DEBUG\"");
    QTest::newRow("bool setting") << top + "  settings:\n    DEBUG: \"True\"\n"
                                  << 4 << 12
                                  << QStringLiteral(
                                             "deployment.settings.DEBUG: must be true or false");
    QTest::newRow("ambiguous bool")
            << top + "  settings:\n    APPEND_SLASH: no\n"
            << 4 << 19 << QStringLiteral("deployment.settings.APPEND_SLASH: must be true or false");
    QTest::newRow("list setting")
            << top + "  settings:\n    ALLOWED_HOSTS: \"*\"\n"
            << 4 << 20
            << QStringLiteral("deployment.settings.ALLOWED_HOSTS: must be a list of strings");
    QTest::newRow("list setting entry")
            << top + "  settings:\n    SECURE_REDIRECT_EXEMPT: [{a: 1}]\n"
            << 4 << 30
            << QStringLiteral("deployment.settings.SECURE_REDIRECT_EXEMPT: must be a string");
    QTest::newRow("string or null setting")
            << top + "  settings:\n    SECURE_SSL_HOST: [a]\n"
            << 4 << 22
            << QStringLiteral("deployment.settings.SECURE_SSL_HOST: must be a string or null");
    QTest::newRow("proxy header of one value")
            << top + "  settings:\n    SECURE_PROXY_SSL_HEADER: [HTTP_X_FORWARDED_PROTO]\n"
            << 4 << 30
            << QStringLiteral("deployment.settings.SECURE_PROXY_SSL_HEADER: must be null or a "
                              "[header, value] pair");
    QTest::newRow("proxy header a string")
            << top + "  settings:\n    SECURE_PROXY_SSL_HEADER: \"HTTP_X_FORWARDED_PROTO\"\n"
            << 4 << 30
            << QStringLiteral("deployment.settings.SECURE_PROXY_SSL_HEADER: must be null or a "
                              "[header, value] pair");
    QTest::newRow("proxy header value not a string")
            << top + "  settings:\n    SECURE_PROXY_SSL_HEADER: [a, [b]]\n"
            << 4 << 34
            << QStringLiteral("deployment.settings.SECURE_PROXY_SSL_HEADER: must be a string");
    QTest::newRow("string setting")
            << top + "  settings:\n    LOGIN_URL: {a: 1}\n"
            << 4 << 16 << QStringLiteral("deployment.settings.LOGIN_URL: must be a string");
    QTest::newRow("string setting, null")
            << top + "  settings:\n    CSRF_HEADER_NAME: null\n"
            << 4 << 23 << QStringLiteral("deployment.settings.CSRF_HEADER_NAME: must be a string");
    QTest::newRow("cookie domain")
            << top + "  settings:\n    SESSION_COOKIE_DOMAIN: [x]\n"
            << 4 << 28
            << QStringLiteral("deployment.settings.SESSION_COOKIE_DOMAIN: must be a string or "
                              "null");
    QTest::newRow("REST_FRAMEWORK not a mapping")
            << top + "  settings:\n    REST_FRAMEWORK: []\n"
            << 4 << 21
            << QStringLiteral("deployment.settings.REST_FRAMEWORK: must be a mapping "
                              "(REST_FRAMEWORK's settings)");
    QTest::newRow("REST_FRAMEWORK unknown key")
            << top + "  settings:\n    REST_FRAMEWORK:\n      DEFAULT_RENDERER_CLASSES: []\n"
            << 5 << 7
            << QStringLiteral("deployment.settings.REST_FRAMEWORK: unknown key "
                              "\"DEFAULT_RENDERER_CLASSES\" (expected "
                              "DEFAULT_AUTHENTICATION_CLASSES, DEFAULT_PERMISSION_CLASSES, "
                              "DEFAULT_RENDERER_COUNT)");
    QTest::newRow("REST_FRAMEWORK classes")
            << top + "  settings:\n    REST_FRAMEWORK:\n      DEFAULT_PERMISSION_CLASSES: x\n"
            << 5 << 35
            << QStringLiteral("deployment.settings.REST_FRAMEWORK.DEFAULT_PERMISSION_CLASSES: "
                              "must be a list of strings");
    QTest::newRow("REST_FRAMEWORK authentication")
            << top + "  settings:\n    REST_FRAMEWORK: {DEFAULT_AUTHENTICATION_CLASSES: 1}\n"
            << 4 << 54
            << QStringLiteral("deployment.settings.REST_FRAMEWORK.DEFAULT_AUTHENTICATION_CLASSES: "
                              "must be a list of strings");
    QTest::newRow("renderer count")
            << top + "  settings:\n    REST_FRAMEWORK: {DEFAULT_RENDERER_COUNT: -1}\n"
            << 4 << 46
            << QStringLiteral("deployment.settings.REST_FRAMEWORK.DEFAULT_RENDERER_COUNT: must be "
                              "the number of DEFAULT_RENDERER_CLASSES (0-1000)");
    QTest::newRow("routes not a list")
            << top + "  routes: {path: x}\n"
            << 3 << 11 << QStringLiteral("deployment.routes: must be a list of routes");
    QTest::newRow("route not a mapping")
            << top + "  routes: [x]\n"
            << 3 << 12 << QStringLiteral("deployment.routes[0]: must be a mapping (a route)");
    QTest::newRow("route unknown key")
            << top + "  routes:\n    - {path: x, view: ok, name: home}\n"
            << 4 << 27
            << QStringLiteral("deployment.routes[0]: unknown key \"name\" (expected path, view, "
                              "authentication, permission)");
    QTest::newRow("route without view")
            << top + "  routes:\n    - path: x\n"
            << 4 << 7 << QStringLiteral("deployment.routes[0]: a route needs a path and a view");
    QTest::newRow("route without path")
            << top + "  routes:\n    - {path: a, view: ok}\n    - {view: ok}\n"
            << 5 << 7 << QStringLiteral("deployment.routes[1]: a route needs a path and a view");
    QTest::newRow("route path not a string")
            << top + "  routes:\n    - {path: [a], view: ok}\n"
            << 4 << 14 << QStringLiteral("deployment.routes[0].path: must be a string");
    QTest::newRow("unknown view")
            << top + "  routes:\n    - {path: x, view: template}\n"
            << 4 << 23
            << QStringLiteral("deployment.routes[0].view: must be one of ok, csrf_exempt, "
                              "login_required, error, drf");
    QTest::newRow("view not a string")
            << top + "  routes:\n    - {path: x, view: [ok]}\n"
            << 4 << 23 << QStringLiteral("deployment.routes[0].view: must be a view kind");
    QTest::newRow("unknown authentication")
            << top + "  routes:\n    - {path: x, view: drf, authentication: [session, jwt]}\n"
            << 4 << 54
            << QStringLiteral("deployment.routes[0].authentication: must be session, token or "
                              "basic");
    QTest::newRow("authentication not a list")
            << top + "  routes:\n    - {path: x, view: drf, authentication: session}\n"
            << 4 << 44
            << QStringLiteral("deployment.routes[0].authentication: must be a list of strings");
    QTest::newRow("unknown permission")
            << top + "  routes:\n    - {path: x, view: drf, permission: IsAdminUser}\n"
            << 4 << 40
            << QStringLiteral("deployment.routes[0].permission: must be allow_any or "
                              "is_authenticated");
    QTest::newRow("permission on a function view")
            << top + "  routes:\n    - {path: x, view: ok, permission: allow_any}\n"
            << 4 << 7
            << QStringLiteral("deployment.routes[0]: authentication and permission apply to drf "
                              "views only");
    QTest::newRow("identities not a mapping")
            << top + "  identities: [alice]\n"
            << 3 << 15
            << QStringLiteral("deployment.identities: must be a mapping (sessions, tokens and "
                              "basic)");
    QTest::newRow("identities unknown key")
            << top + "  identities:\n    users: []\n"
            << 4 << 5
            << QStringLiteral("deployment.identities: unknown key \"users\" (expected sessions, "
                              "tokens, basic)");
    QTest::newRow("identities not a list")
            << top + "  identities:\n    tokens: abc\n"
            << 4 << 13 << QStringLiteral("deployment.identities.tokens: must be a list of strings");
    QTest::newRow("tagged deployment") << QByteArray("cors-studio: 1\ndeployment: !dict {}\n") << 2
                                       << 13 << QStringLiteral("deployment: must be a mapping");
}

void tst_CorsYaml::deploymentErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, text);
    const CorsYamlResult result = loadCorsYaml(yaml);
    QVERIFY(!result.ok);
    QVERIFY(!result.messages.isEmpty());
    const CorsYamlMessage &m = result.messages.constFirst();
    QVERIFY2(m.text.startsWith(text), qPrintable(describe(result)));
    QCOMPARE(m.line, line);
    QCOMPARE(m.column, column);
    QVERIFY(!result.document.deployment);
}

// tests/data/yaml/deployment.cors.yaml, also the fuzz seed with a deployment section.
void tst_CorsYaml::deploymentExampleLoads()
{
    QFile file(QStringLiteral(CORS_TEST_DATA_DIR "/yaml/deployment.cors.yaml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    const CorsYamlResult result = loadCorsYaml(text);
    QVERIFY2(result.ok, qPrintable(describe(result)));
    QVERIFY(result.document.deployment);
    const Deployment &d = *result.document.deployment;
    QCOMPARE(d.settings.middleware.size(), 6);
    QCOMPARE(d.settings.secureProxySslHeader->second, QStringLiteral("https"));
    QCOMPARE(d.settings.drfRendererCount, 1);
    QCOMPARE(d.routes.size(), 3);
    QCOMPARE(d.routes.first().permission, QStringLiteral("is_authenticated"));
    QCOMPARE(d.identities.basic, QStringList {QStringLiteral("alice:secret")});
    QCOMPARE(saveCorsYaml(result.document), text); // written exactly as CORS Studio writes it
}

QTEST_APPLESS_MAIN(tst_CorsYaml)
#include "tst_corsyaml.moc"
