// SPDX-License-Identifier: MIT
//
// The prober against loopback sockets that misbehave (nothing listening, silence, a redirect,
// a closed connection, plain HTTP where TLS is expected) and against the policy server itself.
#include "live/policyserver.h"
#include "live/prober.h"
#include "policy/policy.h"
#include "python/pyvalue.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Cors;
using namespace Cors::Live;

namespace {

/** A loopback socket server that answers every connection in one fixed way. */
class FakeServer : public QTcpServer
{
public:
    enum class Behaviour { Silent, Redirect, Close, Garbage };

    explicit FakeServer(Behaviour behaviour)
        : m_behaviour(behaviour)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++connections;
                if (m_behaviour == Behaviour::Close) {
                    socket->close();
                    continue;
                }
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    received += socket->readAll();
                    if (!received.contains("\r\n\r\n"))
                        return;
                    if (m_behaviour == Behaviour::Redirect)
                        socket->write(
                                "HTTP/1.1 301 Moved Permanently\r\nLocation: /elsewhere?x=1\r\n"
                                "Content-Length: 0\r\n\r\n");
                    else if (m_behaviour == Behaviour::Garbage)
                        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                });
                if (m_behaviour == Behaviour::Garbage)
                    socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            }
        });
    }

    QUrl url(const QString &path, const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(scheme).arg(serverPort()).arg(path));
    }

    int connections = 0;
    QByteArray received;

private:
    Behaviour m_behaviour;
};

Policy allowAppPolicy()
{
    Policy policy;
    policy.setValue(SettingId::AllowedOrigins,
                    PyValue::strList({QStringLiteral("http://app.test")}));
    policy.setValue(SettingId::AllowHeaders,
                    PyValue::strList({QStringLiteral("content-type"), QStringLiteral("x-custom")}));
    return policy;
}

ProbeReport runProbe(Prober &prober, const Policy &policy, const ProbeRequest &request)
{
    QSignalSpy finished(&prober, &Prober::finished);
    if (!prober.start(policy, request))
        return {};
    if (finished.isEmpty() && !finished.wait(30000))
        return {};
    return finished.first().first().value<ProbeReport>();
}

ProbeRequest getRequest(const QUrl &url)
{
    ProbeRequest r;
    r.url = url;
    r.origin = QStringLiteral("http://app.test");
    r.timeoutMs = 5000;
    return r;
}

} // namespace

class TestProber : public QObject
{
    Q_OBJECT

private slots:
    void refusedConnection()
    {
        QTcpServer placeholder;
        QVERIFY(placeholder.listen(QHostAddress::LocalHost));
        const quint16 port = placeholder.serverPort();
        placeholder.close(); // nothing listens there now

        Prober prober;
        const ProbeReport report
                = runProbe(prober, allowAppPolicy(),
                           getRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/api/x").arg(port))));
        QCOMPARE(report.exchanges.size(), 1);
        const ProbeExchange &e = report.exchanges.first();
        QCOMPARE(e.outcome, ProbeExchange::Outcome::Refused);
        QCOMPARE(e.errorText,
                 QStringLiteral("Connection refused: nothing is listening on 127.0.0.1:%1.")
                         .arg(port));
        QVERIFY(!report.complete());
        QCOMPARE(report.differenceCount(), 0);
        QVERIFY(probeReportToText(report).contains(QStringLiteral("The probe could not complete")));
    }

    void timeoutAgainstSilentSocket()
    {
        FakeServer server(FakeServer::Behaviour::Silent);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        ProbeRequest request = getRequest(server.url(QStringLiteral("/api/x")));
        request.method = QStringLiteral("PUT"); // needs a preflight: the actual request never goes
        request.timeoutMs = 300;
        Prober prober;
        const ProbeReport report = runProbe(prober, allowAppPolicy(), request);
        QVERIFY(report.preflightNeeded);
        QCOMPARE(report.exchanges.size(), 1);
        QCOMPARE(report.exchanges.first().kind, ProbeExchange::Kind::Preflight);
        QCOMPARE(report.exchanges.first().outcome, ProbeExchange::Outcome::Timeout);
        QVERIFY(report.exchanges.first().errorText.startsWith(
                QStringLiteral("No complete answer from 127.0.0.1:%1 within 0.3 s")
                        .arg(server.serverPort())));
        QVERIFY(report.notes.contains(
                QStringLiteral("The actual request was not sent: the preflight got no answer.")));
        QVERIFY(server.received.startsWith("OPTIONS /api/x HTTP/1.1\r\n"));
        QVERIFY(!report.complete());
    }

    void redirectIsReportedNotFollowed()
    {
        FakeServer server(FakeServer::Behaviour::Redirect);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        Prober prober;
        const ProbeReport report = runProbe(prober, allowAppPolicy(),
                                            getRequest(server.url(QStringLiteral("/api/x"))));
        QCOMPARE(report.exchanges.size(), 1);
        const ProbeExchange &e = report.exchanges.first();
        QCOMPARE(e.outcome, ProbeExchange::Outcome::Redirected);
        QCOMPARE(e.status, 301);
        QCOMPARE(e.redirectTarget, server.url(QStringLiteral("/elsewhere?x=1")));
        QVERIFY(e.errorText.contains(QStringLiteral("does not follow redirects")));
        QCOMPARE(report.notes.size(), 1);
        // Only the one request reached the server.
        QCOMPARE(server.received.count("HTTP/1.1\r\n"), 1);
        // The redirect has no CORS headers, the policy would allow the origin: that is a difference.
        QVERIFY(report.differenceCount() > 0);
    }

    void connectionClosedWithoutAnswer()
    {
        FakeServer server(FakeServer::Behaviour::Close);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        Prober prober;
        const ProbeReport report
                = runProbe(prober, allowAppPolicy(), getRequest(server.url(QStringLiteral("/"))));
        QCOMPARE(report.exchanges.size(), 1);
        QCOMPARE(report.exchanges.first().outcome, ProbeExchange::Outcome::Closed);
        QVERIFY(!report.complete());
    }

    void tlsHandshakeFailure()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        FakeServer server(FakeServer::Behaviour::Garbage);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        Prober prober;
        const ProbeReport report
                = runProbe(prober, allowAppPolicy(),
                           getRequest(server.url(QStringLiteral("/"), QStringLiteral("https"))));
        QCOMPARE(report.exchanges.size(), 1);
        const ProbeExchange &e = report.exchanges.first();
        QCOMPARE(e.outcome, ProbeExchange::Outcome::TlsError);
        QVERIFY2(e.errorText.startsWith(QStringLiteral("The TLS handshake with 127.0.0.1:%1 failed")
                                                .arg(server.serverPort())),
                 qPrintable(e.errorText));
        QCOMPARE(probeOutcomeName(e.outcome), QStringLiteral("tls-error"));
    }

    void cancelWhileWaiting()
    {
        FakeServer server(FakeServer::Behaviour::Silent);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        Prober prober;
        QSignalSpy finished(&prober, &Prober::finished);
        QSignalSpy progress(&prober, &Prober::progress);
        QVERIFY(prober.start(allowAppPolicy(), getRequest(server.url(QStringLiteral("/")))));
        QVERIFY(prober.isRunning());
        QVERIFY(!prober.start(allowAppPolicy(), getRequest(server.url(QStringLiteral("/")))));
        QTRY_VERIFY(server.connections > 0 && !server.received.isEmpty());
        prober.cancel();
        QTRY_COMPARE(finished.size(), 1);
        const auto report = finished.first().first().value<ProbeReport>();
        QVERIFY(report.cancelled);
        QCOMPARE(report.exchanges.size(), 1);
        QCOMPARE(report.exchanges.first().outcome, ProbeExchange::Outcome::Cancelled);
        QVERIFY(!prober.isRunning());
        QVERIFY(!progress.isEmpty());
    }

    void requestAFetchWouldRefuse()
    {
        ProbeRequest request = getRequest(QUrl(QStringLiteral("http://127.0.0.1:9/")));
        request.method = QStringLiteral("CONNECT"); // a forbidden method: fetch() throws
        Prober prober;
        const ProbeReport report = runProbe(prober, allowAppPolicy(), request);
        QVERIFY(!report.error.isEmpty());
        QVERIFY(report.exchanges.isEmpty());
    }

    void probeThePolicyServer()
    {
        // The policy server answers as the policy: probing it with the same policy finds nothing,
        // with a policy that allows one header less finds exactly that.
        PolicyServer server;
        server.setPolicy(allowAppPolicy());
        QVERIFY(server.listen(QHostAddress::LocalHost));
        ProbeRequest request
                = getRequest(server.url().resolved(QUrl(QStringLiteral("/api/items"))));
        request.method = QStringLiteral("PUT");
        request.headers = {{QStringLiteral("X-Custom"), QStringLiteral("1")}};
        request.credentials = CredentialsMode::Include;

        Prober prober;
        ProbeReport report = runProbe(prober, allowAppPolicy(), request);
        QVERIFY(report.complete());
        QCOMPARE(report.exchanges.size(), 2);
        QCOMPARE(report.exchanges.at(0).kind, ProbeExchange::Kind::Preflight);
        QCOMPARE(report.exchanges.at(1).kind, ProbeExchange::Kind::Actual);
        QCOMPARE(report.differenceCount(), 0);

        // What the server saw is what the prober says it sent.
        const QList<LiveExchange> seen = server.exchanges();
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen.at(0).wireMethod, QByteArray("OPTIONS"));
        QCOMPARE(seen.at(0).request.headers.value(u"Access-Control-Request-Method"),
                 QStringLiteral("PUT"));
        QCOMPARE(seen.at(0).request.headers.value(u"Access-Control-Request-Headers"),
                 QStringLiteral("x-custom"));
        QCOMPARE(seen.at(1).wireMethod, QByteArray("PUT"));
        QCOMPARE(seen.at(1).request.headers.value(u"X-Custom"), QStringLiteral("1"));
        QCOMPARE(seen.at(1).request.headers.value(u"Origin"), QStringLiteral("http://app.test"));

        Policy narrower = allowAppPolicy();
        narrower.setValue(SettingId::AllowHeaders,
                          PyValue::strList({QStringLiteral("content-type")}));
        report = runProbe(prober, narrower, request);
        QCOMPARE(report.differenceCount(), 1);
        QCOMPARE(report.exchanges.at(0).differences.first().text,
                 QStringLiteral(
                         "The server allows the request header x-custom, your policy does not."));
        QVERIFY(probeReportToJson(report).contains("\"kind\":\"allow-headers\""));
    }
};

QTEST_GUILESS_MAIN(TestProber)
#include "tst_prober.moc"
