// SPDX-License-Identifier: MIT
// Request import from pasted text. The samples (tests/data/requestimport) are in the exact formats
// Chrome DevTools' Network panel writes ("Copy as cURL (bash)", "Copy as cURL (cmd)" with the
// Windows clipboard's CRLF line ends, "Copy as fetch", "Copy as Node.js fetch"): they were
// produced by DevTools' own escaping rules (devtools-frontend
// NetworkLogView.generateCurlCommand / generateFetchCall: cookies as -b, ANSI-C $'...' quoting for
// values with ' ! or control characters, ^ escapes on cmd, URL glob characters escaped) applied
// to the browser requests described next to each test, which give the expected values.

#include "browser/requestimport.h"

#include <QFile>
#include <QTest>

using namespace Cors;

namespace {

QString sample(const char *name)
{
    QFile file(QStringLiteral(CORS_TEST_DATA_DIR "/requestimport/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read sample %s", name);
    return QString::fromUtf8(file.readAll());
}

QStringList headerNames(const Scenario &s)
{
    QStringList names;
    for (const HttpHeader &h : s.headers)
        names.append(h.name);
    return names;
}

bool notesMention(const ImportedRequest &r, const QString &text)
{
    for (const QString &note : r.notes) {
        if (note.contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

class tst_RequestImport : public QObject
{
    Q_OBJECT

private slots:
    void curlPutWithCookies_data();
    void curlPutWithCookies();
    void curlAnsiCQuotingAndGlobEscapes_data();
    void curlAnsiCQuotingAndGlobEscapes();
    void curlRefererGivesThePageWithoutOrigin();
    void curlPreflightBecomesTheActualRequest();
    void fetchFromDevTools();
    void nodeFetchFromDevTools();
    void fetchWithoutCredentialsOrCookies();
    void handWrittenFetch();
    void handWrittenFetchBodies();
    void handWrittenCurl();
    void badInputSaysWhy_data();
    void badInputSaysWhy();
    void baseKeepsPageAndEndpoint();
};

// Browser request: PUT https://api.example.com/api/items/42 from https://app.example.com with
// cookies, Content-Type: application/json, X-Request-Id: 7f3a and a JSON body (Chrome 131 UA).
void tst_RequestImport::curlPutWithCookies_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("format");
    QTest::newRow("bash") << sample("put.bash.txt") << QStringLiteral("curl (bash)");
    QTest::newRow("cmd") << sample("put.cmd.txt") << QStringLiteral("curl (cmd)");
}

void tst_RequestImport::curlPutWithCookies()
{
    QFETCH(QString, text);
    QFETCH(QString, format);
    const ImportedRequest r = importRequest(text);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.format, format);
    const Scenario &s = r.scenario;
    QCOMPARE(s.url, QStringLiteral("https://api.example.com/api/items/42"));
    QCOMPARE(s.method, QStringLiteral("PUT"));
    QVERIFY(r.pageOriginFound);
    QCOMPARE(s.pageOrigin, QStringLiteral("https://app.example.com"));
    QCOMPARE(s.cookies, QStringLiteral("sessionid=abc123; csrftoken=xyz"));
    QCOMPARE(s.credentials, CredentialsMode::Include);
    QCOMPARE(s.mode, RequestMode::Cors);
    // What the script set; accept: */* is fetch()'s default, the rest the browser adds.
    QCOMPARE(headerNames(s),
             (QStringList {QStringLiteral("accept-language"), QStringLiteral("content-type"),
                           QStringLiteral("x-request-id")}));
    QCOMPARE(s.headers.value(u"Content-Type"), QStringLiteral("application/json"));
    QCOMPARE(s.headers.value(u"X-Request-Id"), QStringLiteral("7f3a"));
    QCOMPARE(s.body, BodyKind::Text);
    QCOMPARE(s.bodyText, QStringLiteral("{\"name\":\"Widget\",\"price\":3}"));
    QVERIFY(notesMention(r, QStringLiteral("user-agent")));
    QVERIFY(notesMention(r, QStringLiteral("sec-ch-ua-platform")));
    QVERIFY(notesMention(r, QStringLiteral("priority")));
}

// Browser request: POST https://api.example.com/api/notes?tags=[a] from http://localhost:5173,
// no cookies, body {"text":"it's 100% done!<newline>next"}.
void tst_RequestImport::curlAnsiCQuotingAndGlobEscapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("bash") << sample("post.bash.txt");
    QTest::newRow("cmd") << sample("post.cmd.txt");
}

void tst_RequestImport::curlAnsiCQuotingAndGlobEscapes()
{
    QFETCH(QString, text);
    const ImportedRequest r = importCurlCommand(text);
    QVERIFY2(r.ok, qPrintable(r.error));
    const Scenario &s = r.scenario;
    QCOMPARE(s.url, QStringLiteral("https://api.example.com/api/notes?tags=[a]"));
    QCOMPARE(s.method, QStringLiteral("POST"));
    QCOMPARE(s.pageOrigin, QStringLiteral("http://localhost:5173"));
    QCOMPARE(s.bodyText, QStringLiteral("{\"text\":\"it's 100% done!\nnext\"}"));
    QCOMPARE(headerNames(s),
             (QStringList {QStringLiteral("accept"), QStringLiteral("content-type")}));
    QCOMPARE(s.headers.value(u"accept"), QStringLiteral("application/json"));
    QVERIFY(s.cookies.isEmpty());
    QCOMPARE(s.credentials, CredentialsMode::SameOrigin);
    QVERIFY(notesMention(r, QStringLiteral("No cookies")));
}

// Browser request: GET https://api.example.com/api/items with Authorization from a page whose
// referrer policy sent only the origin https://evil.example/ as Referer, and no Origin header
// is in the copy.
void tst_RequestImport::curlRefererGivesThePageWithoutOrigin()
{
    for (const QString &text : {sample("get.bash.txt"), sample("get.cmd.txt")}) {
        const ImportedRequest r = importCurlCommand(text);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.scenario.pageOrigin, QStringLiteral("https://evil.example"));
        QVERIFY(r.pageOriginFound);
        QCOMPARE(r.scenario.method, QStringLiteral("GET"));
        QCOMPARE(r.scenario.body, BodyKind::None);
        QCOMPARE(headerNames(r.scenario), QStringList {QStringLiteral("authorization")});
        QCOMPARE(r.scenario.headers.value(u"Authorization"), QStringLiteral("Bearer t0k"));
    }
}

// Browser request: the preflight Chrome sent from https://admin.example.com before
// DELETE https://api.example.com/api/items/7 with Content-Type and X-Request-Id.
void tst_RequestImport::curlPreflightBecomesTheActualRequest()
{
    for (const QString &text : {sample("preflight.bash.txt"), sample("preflight.cmd.txt")}) {
        const ImportedRequest r = importCurlCommand(text);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.scenario.method, QStringLiteral("DELETE"));
        QCOMPARE(r.scenario.pageOrigin, QStringLiteral("https://admin.example.com"));
        QCOMPARE(headerNames(r.scenario),
                 (QStringList {QStringLiteral("content-type"), QStringLiteral("x-request-id")}));
        QVERIFY(notesMention(r, QStringLiteral("preflight")));
    }
}

void tst_RequestImport::fetchFromDevTools()
{
    const ImportedRequest r = importRequest(sample("put.fetch.js"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.format, QStringLiteral("fetch"));
    const Scenario &s = r.scenario;
    QCOMPARE(s.url, QStringLiteral("https://api.example.com/api/items/42"));
    QCOMPARE(s.method, QStringLiteral("PUT"));
    QCOMPARE(s.pageOrigin, QStringLiteral("https://app.example.com")); // from "referrer"
    QCOMPARE(s.credentials, CredentialsMode::Include);
    QCOMPARE(s.mode, RequestMode::Cors);
    QCOMPARE(headerNames(s),
             (QStringList {QStringLiteral("accept-language"), QStringLiteral("content-type"),
                           QStringLiteral("x-request-id")}));
    QCOMPARE(s.body, BodyKind::Text);
    QCOMPARE(s.bodyText, QStringLiteral("{\"name\":\"Widget\",\"price\":3}"));

    const ImportedRequest post = importFetchCall(sample("post.fetch.js"));
    QVERIFY2(post.ok, qPrintable(post.error));
    QCOMPARE(post.scenario.url, QStringLiteral("https://api.example.com/api/notes?tags=[a]"));
    QCOMPARE(post.scenario.bodyText, QStringLiteral("{\"text\":\"it's 100% done!\nnext\"}"));
    QCOMPARE(post.scenario.credentials, CredentialsMode::Omit);
    QCOMPARE(post.scenario.pageOrigin, QStringLiteral("http://localhost:5173"));

    const ImportedRequest get = importFetchCall(sample("get.fetch.js"));
    QVERIFY2(get.ok, qPrintable(get.error));
    QCOMPARE(get.scenario.body, BodyKind::None); // "body": null
    QCOMPARE(get.scenario.method, QStringLiteral("GET"));
    QCOMPARE(get.scenario.credentials, CredentialsMode::Include);
}

void tst_RequestImport::nodeFetchFromDevTools()
{
    const ImportedRequest r = importFetchCall(sample("put.node-fetch.js"));
    QVERIFY2(r.ok, qPrintable(r.error));
    const Scenario &s = r.scenario;
    QCOMPARE(s.method, QStringLiteral("PUT"));
    QCOMPARE(s.cookies, QStringLiteral("sessionid=abc123; csrftoken=xyz"));
    QCOMPARE(s.credentials, CredentialsMode::Include);
    QCOMPARE(s.pageOrigin, QStringLiteral("https://app.example.com")); // from the Referer header
    QVERIFY(!s.headers.contains(u"Referrer-Policy"));
    QVERIFY(!s.headers.contains(u"cookie"));
    QVERIFY(notesMention(r, QStringLiteral("Referrer-Policy")));
}

void tst_RequestImport::fetchWithoutCredentialsOrCookies()
{
    const ImportedRequest r = importFetchCall(sample("preflight.fetch.js"));
    QVERIFY2(r.ok, qPrintable(r.error));
    // DevTools copies a preflight as a fetch of OPTIONS (the ACR* headers are forbidden, so they
    // are not in the copy): there is nothing to say what it preceded.
    QCOMPARE(r.scenario.method, QStringLiteral("OPTIONS"));
    QCOMPARE(r.scenario.credentials, CredentialsMode::Omit);
    QVERIFY(!r.pageOriginFound);
    QVERIFY(notesMention(r, QStringLiteral("page origin stays")));
}

void tst_RequestImport::handWrittenFetch()
{
    const QString text = QStringLiteral(
            "        // save the item\n"
            "        const res = await fetch('https://api.example.com/api/items/9', {\n"
            "          method: 'PATCH',\n"
            "          credentials: 'include',\n"
            "          headers: [['Content-Type', 'application/json'], ['X-CSRFToken', "
            "csrfToken]],\n"
            "          body: JSON.stringify({ done: true, tags: [\"a\", 'b'], }),\n"
            "          signal: controller.signal,\n"
            "          cache: `no-store`,\n"
            "          retries: 3,\n"
            "        }).then((r) => r.json());\n");
    const ImportedRequest r = importFetchCall(text);
    QVERIFY2(r.ok, qPrintable(r.error));
    const Scenario &s = r.scenario;
    QCOMPARE(s.url, QStringLiteral("https://api.example.com/api/items/9"));
    QCOMPARE(s.method, QStringLiteral("PATCH"));
    QCOMPARE(s.credentials, CredentialsMode::Include);
    QCOMPARE(s.cacheMode, CacheMode::NoStore);
    QCOMPARE(headerNames(s), QStringList {QStringLiteral("Content-Type")});
    QVERIFY(notesMention(r, QStringLiteral("csrfToken")));
    QCOMPARE(s.body, BodyKind::Text);
    QCOMPARE(s.bodyText, QStringLiteral("{\"done\":true,\"tags\":[\"a\",\"b\"]}"));
    QVERIFY(notesMention(r, QStringLiteral("\"retries\"")));
}

void tst_RequestImport::handWrittenFetchBodies()
{
    auto body = [](const QString &init) {
        return importFetchCall(
                QStringLiteral("fetch(\"https://api.example/x\", { method: \"POST\", ") + init
                + QStringLiteral(" })"));
    };
    ImportedRequest r = body(QStringLiteral("body: new URLSearchParams({ q: 'a b', n: 1 })"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.scenario.body, BodyKind::UrlSearchParams);
    QCOMPARE(r.scenario.bodyText, QStringLiteral("q=a+b&n=1"));
    r = body(QStringLiteral("body: new FormData(form)"));
    QCOMPARE(r.scenario.body, BodyKind::FormData);
    r = body(QStringLiteral("body: new Blob(['{}'], { type: 'application/json' })"));
    QCOMPARE(r.scenario.body, BodyKind::Blob);
    QCOMPARE(r.scenario.blobType, QStringLiteral("application/json"));
    r = body(QStringLiteral("body: stream, duplex: 'half'"));
    QCOMPARE(r.scenario.body, BodyKind::Text);
    QVERIFY(notesMention(r, QStringLiteral("stream")));
    r = body(QStringLiteral("body: new ReadableStream(), duplex: 'half'"));
    QCOMPARE(r.scenario.body, BodyKind::ReadableStream);
    QVERIFY(r.scenario.duplexHalf);
    r = body(QStringLiteral("headers: new Headers({ 'X-A': '1' }), mode: 'no-cors'"));
    QCOMPARE(r.scenario.headers, (HttpHeaders {{QStringLiteral("X-A"), QStringLiteral("1")}}));
    QCOMPARE(r.scenario.mode, RequestMode::NoCors);
    r = body(QStringLiteral("mode: 'navigate'"));
    QCOMPARE(r.scenario.mode, RequestMode::Cors);
    QVERIFY(notesMention(r, QStringLiteral("navigate")));
}

void tst_RequestImport::handWrittenCurl()
{
    const ImportedRequest r = importCurlCommand(QStringLiteral(
            "curl -sS -XDELETE \"https://api.example.com/api/items/3\" -H \"Origin: "
            "https://app.example.com\" "
            "-H 'X-Token: a\"b' --cookie 'id=1' --frobnicate -u alice:pw; echo done"));
    QVERIFY2(r.ok, qPrintable(r.error));
    const Scenario &s = r.scenario;
    QCOMPARE(s.method, QStringLiteral("DELETE"));
    QCOMPARE(s.url, QStringLiteral("https://api.example.com/api/items/3"));
    QCOMPARE(s.pageOrigin, QStringLiteral("https://app.example.com"));
    QCOMPARE(s.cookies, QStringLiteral("id=1"));
    QCOMPARE(s.headers.value(u"X-Token"), QStringLiteral("a\"b"));
    QCOMPARE(s.headers.value(u"Authorization"), QStringLiteral("Basic YWxpY2U6cHc="));
    QVERIFY(notesMention(r, QStringLiteral("--frobnicate")));
    QVERIFY(notesMention(r, QStringLiteral("first command")));

    const ImportedRequest form = importCurlCommand(
            QStringLiteral("curl -d 'a=1' -d 'b=2' https://api.example/f -H 'Origin: null'"));
    QVERIFY2(form.ok, qPrintable(form.error));
    QCOMPARE(form.scenario.method, QStringLiteral("POST"));
    QCOMPARE(form.scenario.bodyText, QStringLiteral("a=1&b=2"));
    QCOMPARE(form.scenario.pageOrigin, QStringLiteral("null"));
    QCOMPARE(form.scenario.headers.value(u"Content-Type"),
             QStringLiteral("application/x-www-form-urlencoded"));

    const ImportedRequest json
            = importCurlCommand(QStringLiteral("curl --json '{\"a\":1}' api.example/j"));
    QVERIFY2(json.ok, qPrintable(json.error));
    QCOMPARE(json.scenario.url, QStringLiteral("http://api.example/j"));
    QCOMPARE(json.scenario.headers.value(u"Content-Type"), QStringLiteral("application/json"));
    QCOMPARE(json.scenario.headers.value(u"Accept"), QStringLiteral("application/json"));
}

void tst_RequestImport::badInputSaysWhy_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << QStringLiteral("No fetch(...) call");
    QTest::newRow("not curl") << QStringLiteral("wget https://x")
                              << QStringLiteral("No fetch(...) call");
    QTest::newRow("curl no url") << QStringLiteral("curl -H 'a: b'") << QStringLiteral("no URL");
    QTest::newRow("unterminated") << QStringLiteral("curl 'https://x' \\\n  -H 'a: b")
                                  << QStringLiteral("line 2, column 6");
    QTest::newRow("dangling option")
            << QStringLiteral("curl https://x -H") << QStringLiteral("-H needs a value");
    QTest::newRow("variable url") << QStringLiteral("fetch(url, {})")
                                  << QStringLiteral("url is not a string literal");
    QTest::newRow("broken object") << QStringLiteral("fetch('https://x', { method: 'GET' ")
                                   << QStringLiteral("line 1, column");
    QTest::newRow("unterminated string")
            << QStringLiteral("fetch('https://x)")
            << QStringLiteral("unterminated string at line 1, column 7");
}

void tst_RequestImport::badInputSaysWhy()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    const ImportedRequest r = importRequest(text);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(error), qPrintable(r.error));
}

void tst_RequestImport::baseKeepsPageAndEndpoint()
{
    Scenario base;
    base.pageOrigin = QStringLiteral("https://shop.example");
    base.endpoint.status = 201;
    base.endpoint.headers = {{QStringLiteral("X-Total-Count"), QStringLiteral("3")}};
    base.method = QStringLiteral("DELETE");
    base.headers = {{QStringLiteral("X-Old"), QStringLiteral("1")}};
    const ImportedRequest r
            = importFetchCall(QStringLiteral("fetch('https://api.example/a')"), base);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.scenario.pageOrigin, base.pageOrigin);
    QCOMPARE(r.scenario.endpoint, base.endpoint);
    QCOMPARE(r.scenario.method, QStringLiteral("GET"));
    QVERIFY(r.scenario.headers.isEmpty());
    QCOMPARE(r.scenario.credentials, CredentialsMode::SameOrigin);
}

QTEST_GUILESS_MAIN(tst_RequestImport)
#include "tst_requestimport.moc"
