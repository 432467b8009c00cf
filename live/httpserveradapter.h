// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <functional>
#include <memory>

namespace Cors::Live {

using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

/** One HTTP request as it came off the wire. */
struct RawHttpRequest
{
    /** The method token as sent: "patch" stays "patch", "PURGE" stays "PURGE". */
    QByteArray method;
    /** The request target as sent: the path with its query ("/%61pi/x?q=1"), or "*". */
    QByteArray target;
    /** "HTTP/1.1" or "HTTP/1.0". */
    QByteArray version;
    /** In the order sent, names in their casing; values without surrounding spaces and tabs. */
    RawHeaders headers;
    QByteArray body;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    /**
     * True when method, target and version were read off the wire. False when the adapter fell
     * back to what the HTTP library reports (the method upper-cased and known to it, the target
     * re-encoded from a parsed URL); this has not been seen with Qt 6.4.
     */
    bool exact = true;
};

/** The response to write: sent exactly as given, nothing added, nothing reordered. */
struct RawHttpResponse
{
    int status = 200;
    /** Empty: Python's http.client phrase for the status (what Django sends). */
    QByteArray reason;
    RawHeaders headers;
    QByteArray body;
    /** False for HEAD: the headers are sent as for GET, the body bytes are not. */
    bool sendBody = true;
};

/**
 * The only place that talks to Qt HttpServer (a technology preview in Qt 6.4 whose API changes
 * in 6.8). It listens on one address and port and hands every request, whatever its method and
 * path, to one synchronous handler; the handler's status line, headers and body are written to
 * the connection byte for byte.
 *
 * What the HTTP stack itself does (observed with Qt 6.4.2; the exact request line, keep-alive,
 * HTTP/1.0 and HEAD are checked by tests/live/tst_policyserver):
 * - requests are parsed by Qt (http_parser): a request line the parser rejects (a raw space in
 *   the target, for instance) closes the connection without an answer; header values arrive
 *   without surrounding whitespace; repeated header lines arrive separately, in order;
 * - method, target and version are read off the wire by the adapter itself (Qt 6.4 maps unknown
 *   or lower-case methods to "Unknown" and re-encodes the path);
 * - nothing is added to the response: no Date, Server, Connection or Content-Length unless the
 *   handler sets them; the status line is always "HTTP/1.1 <status> <reason>";
 * - connections stay open between requests (keep-alive) unless the request says
 *   "Connection: close" or is HTTP/1.0 without "Connection: keep-alive": the adapter then closes
 *   the connection once the response is written;
 * - "Expect: 100-continue" gets no interim 100 response (clients send the body after a delay).
 *
 * Everything runs in the thread the adapter lives in; the handler is called there.
 */
class HttpServerAdapter : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<RawHttpResponse(const RawHttpRequest &request)>;

    explicit HttpServerAdapter(QObject *parent = nullptr);
    ~HttpServerAdapter() override;

    /** The handler for every request; without one, requests get a bare 503. */
    void setHandler(Handler handler);

    /**
     * Starts listening on @p address and @p port (0: any free port). Stops listening first if
     * already listening. Returns false, with errorString() set, when the port cannot be bound.
     */
    bool listen(const QHostAddress &address, quint16 port = 0);
    /** Stops listening and drops every open connection. */
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QString errorString() const;

    /** Python's http.client phrase for @p status ("Unknown Status Code" otherwise, as Django). */
    static QByteArray reasonPhrase(int status);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Cors::Live
