// SPDX-License-Identifier: MIT
//
// The policy server on loopback, driven with raw bytes over a socket: what the adapter promises
// about the wire (exact method and target, keep-alive, HTTP/1.0, HEAD) and what the server adds
// to the engine's answer. CORS expectations come from ../shared/reference/django-cors-headers.md
// §7.1 (P41, P48, P55, P65).
#include "live/policyserver.h"
#include "policy/policy.h"
#include "python/pyvalue.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Cors;
using namespace Cors::Live;

namespace {

struct WireResponse
{
    QByteArray statusLine;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return QByteArray();
    }
    bool has(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

/**
 * Waits for bytes while running the event loop: the server lives in this thread, so a blocking
 * waitForReadyRead() would starve it.
 */
bool waitForBytes(QTcpSocket &socket)
{
    QDeadlineTimer deadline(60000); // a deadline for a loaded machine, not a wait
    while (socket.bytesAvailable() == 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (socket.bytesAvailable() == 0)
            QTest::qWait(5);
    }
    return socket.bytesAvailable() > 0;
}

/** Writes @p request and reads one response (framed by Content-Length; none for HEAD). */
std::optional<WireResponse> exchange(QTcpSocket &socket, const QByteArray &request,
                                     bool head = false)
{
    socket.write(request);
    QByteArray buffer;
    qsizetype headEnd = -1;
    while ((headEnd = buffer.indexOf("\r\n\r\n")) < 0) {
        if (!waitForBytes(socket))
            return std::nullopt;
        buffer += socket.readAll();
    }
    WireResponse out;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    out.statusLine = lines.first().trimmed();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        out.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    const qsizetype length = head ? 0 : out.header("Content-Length").toLongLong();
    out.body = buffer.mid(headEnd + 4);
    while (out.body.size() < length) {
        if (!waitForBytes(socket))
            return std::nullopt;
        out.body += socket.readAll();
    }
    return out;
}

Policy allowAllPolicy()
{
    Policy policy;
    policy.setValue(SettingId::AllowAllOrigins, PyValue::boolean(true));
    return policy;
}

} // namespace

class TestPolicyServer : public QObject
{
    Q_OBJECT

private slots:
    void exactMethodAndTarget()
    {
        PolicyServer server;
        Policy policy = allowAllPolicy();
        policy.setValue(SettingId::UrlsRegex, PyValue::str(QStringLiteral("^/api/")));
        server.setPolicy(policy);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket.waitForConnected(60000));

        // P55: path_info is decoded, so /%61pi/ matches ^/api/.
        auto r = exchange(socket,
                          "patch /%61pi/x?q=%2F HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\n"
                          "Content-Length: 3\r\n\r\nabc");
        QVERIFY(r);
        QCOMPARE(r->statusLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(r->header("access-control-allow-origin"), QByteArray("*"));
        QCOMPARE(r->header("Vary"), QByteArray("origin"));

        // Same connection (keep-alive), after a body: the second request line is read exactly too.
        // P48: a path outside CORS_URLS_REGEX gets no CORS headers and no Vary at all.
        r = exchange(socket,
                     "GET /other/a%0Ab/ HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\n\r\n");
        QVERIFY(r);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

        const QList<LiveExchange> log = server.exchanges();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).wireMethod, QByteArray("patch"));
        QCOMPARE(log.at(0).wireTarget, QByteArray("/%61pi/x?q=%2F"));
        QCOMPARE(log.at(0).request.method, QStringLiteral("patch"));
        QCOMPARE(log.at(1).wireTarget, QByteArray("/other/a%0Ab/"));
        QVERIFY(!r->has("Vary"));
        QVERIFY(!r->has("access-control-allow-origin"));
    }

    void framingHeadersAndHead()
    {
        PolicyServer server;
        Policy policy = allowAllPolicy();
        policy.setValue(SettingId::UrlsRegex, PyValue::str(QStringLiteral("("))); // P65: re.error
        server.setPolicy(policy);
        server.setServerName("test-server");
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket.waitForConnected(60000));

        auto r = exchange(socket, "GET / HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\n\r\n");
        QVERIFY(r);
        QCOMPARE(r->statusLine, QByteArray("HTTP/1.1 500 Internal Server Error"));
        QCOMPARE(r->body, QByteArray("<h1>Server Error (500)</h1>"));
        QCOMPARE(r->header("Content-Length"), QByteArray::number(r->body.size()));
        QCOMPARE(r->header("Server"), QByteArray("test-server"));
        QVERIFY(r->has("Date"));
        QVERIFY(!r->has("access-control-allow-origin"));

        // HEAD: the headers of GET, no body; the connection stays usable.
        r = exchange(socket, "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", true);
        QVERIFY(r);
        QCOMPARE(r->header("Content-Length"), QByteArray("27"));
        QVERIFY(r->body.isEmpty());

        // The policy is swapped for the next request.
        server.setPolicy(allowAllPolicy());
        r = exchange(socket, "GET / HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\n\r\n");
        QVERIFY(r);
        QCOMPARE(r->statusLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(r->header("access-control-allow-origin"), QByteArray("*"));
        QCOMPARE(r->header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(r->header("Content-Length"), QByteArray("0"));
    }

    void http10ClosesTheConnection()
    {
        PolicyServer server;
        server.setPolicy(allowAllPolicy());
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket.waitForConnected(60000));
        const auto r = exchange(socket, "GET / HTTP/1.0\r\nOrigin: https://x.test\r\n\r\n");
        QVERIFY(r);
        QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(server.exchanges().first().wireVersion, QByteArray("HTTP/1.0"));
    }

    void endpointResponseAndBinding()
    {
        PolicyServer server;
        server.setPolicy(allowAllPolicy());
        EndpointResponse endpoint;
        endpoint.status = 404;
        endpoint.headers = {{QStringLiteral("Vary"), QStringLiteral("Cookie")},
                            {QStringLiteral("Content-Length"), QStringLiteral("99")}};
        QStringList dropped;
        QCOMPARE(PolicyServer::sanitizedEndpoint(endpoint, &dropped).headers.size(), 1);
        QCOMPARE(dropped, QStringList({QStringLiteral("Content-Length")}));
        server.setEndpoint(endpoint);
        QCOMPARE(server.endpoint().headers.size(), 1);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QSignalSpy logged(&server, &PolicyServer::exchangeLogged);

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket.waitForConnected(60000));
        auto r = exchange(socket, "GET /x HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\n\r\n");
        QVERIFY(r);
        QCOMPARE(r->statusLine, QByteArray("HTTP/1.1 404 Not Found"));
        QCOMPARE(r->header("Vary"), QByteArray("Cookie, origin")); // P41
        QCOMPARE(r->header("Content-Length"), QByteArray("0"));
        QCOMPARE(logged.size(), 1);

        WireRequest predicted;
        predicted.method = QStringLiteral("GET");
        server.bind({QStringLiteral("s1"), EndpointResponse {201, {}}, std::nullopt, {predicted}});
        QCOMPARE(server.currentBinding(), QStringLiteral("s1"));
        r = exchange(socket, "GET /x HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\n\r\n");
        QVERIFY(r);
        QCOMPARE(r->statusLine, QByteArray("HTTP/1.1 201 Created"));
        server.unbind();
        const QList<LiveExchange> bound = server.exchanges(QStringLiteral("s1"));
        QCOMPARE(bound.size(), 1);
        QCOMPARE(bound.first().bindingIndex, 0);
        QVERIFY(bound.first().predicted);
        QCOMPARE(server.requestCount(), 2);
    }

    void refusesABusyPort()
    {
        PolicyServer first;
        QVERIFY(first.listen(QHostAddress::LocalHost));
        PolicyServer second;
        QVERIFY(!second.listen(QHostAddress::LocalHost, first.port()));
        QVERIFY(!second.errorString().isEmpty());
        QVERIFY(!second.isListening());
        QVERIFY(second.url().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPolicyServer)
#include "tst_policyserver.moc"
