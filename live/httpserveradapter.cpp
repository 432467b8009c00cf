// SPDX-License-Identifier: MIT
//
// Every Qt HttpServer call of the project is in this file. Written against Qt 6.4's API
// (QHttpServer::setMissingHandler with a QHttpServerResponder&&, QAbstractHttpServer::bind
// returning void). For Qt 6.8+: setMissingHandler takes a context object and a
// QHttpServerResponder&, and bind() returns bool; nothing else here changes.
#include "live/httpserveradapter.h"

#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <deque>
#include <map>

namespace Cors::Live {

namespace {

/**
 * Reads the request line of every request of one connection as the bytes arrive, so that the
 * handler gets the method and target exactly as sent (QHttpServerRequest 6.4 has neither).
 *
 * It sees every byte exactly once: sniff() runs on readyRead before Qt HttpServer reads
 * (it is connected first) and peeks at the new bytes; settle() runs after Qt HttpServer's slot
 * and remembers how many bytes it left unread, which the next sniff() skips. Message framing
 * follows Content-Length and chunked Transfer-Encoding, as Qt's parser does.
 */
class WireTracker : public QObject
{
public:
    struct Line
    {
        QByteArray method;
        QByteArray target;
        QByteArray version;
        bool close = false;
    };

    explicit WireTracker(QTcpSocket *socket)
        : QObject(socket)
        , m_socket(socket)
    { }

    void sniff()
    {
        const qint64 available = m_socket->bytesAvailable();
        if (m_broken || available <= m_leftover) {
            m_leftover = qMin(m_leftover, available);
            return;
        }
        const QByteArray bytes = m_socket->peek(available);
        feed(QByteArrayView(bytes).sliced(m_leftover));
        m_leftover = available;
    }

    void settle() { m_leftover = m_socket->bytesAvailable(); }

    std::optional<Line> take()
    {
        if (m_broken || m_lines.empty())
            return std::nullopt;
        Line line = m_lines.front();
        m_lines.pop_front();
        return line;
    }

    void breakDown()
    {
        m_broken = true;
        m_lines.clear();
    }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, Trailers };

    static constexpr qsizetype maxHead = 1 << 20;

    void feed(QByteArrayView bytes)
    {
        qsizetype i = 0;
        while (i < bytes.size() && !m_broken) {
            switch (m_state) {
            case State::Head: {
                const char c = bytes.at(i);
                if (m_buffer.isEmpty() && (c == '\r' || c == '\n')) {
                    ++i; // empty lines before a request line are ignored
                    break;
                }
                m_buffer.append(c);
                ++i;
                if (m_buffer.endsWith("\n\r\n") || m_buffer.endsWith("\n\n"))
                    headComplete();
                else if (m_buffer.size() > maxHead)
                    breakDown();
                break;
            }
            case State::Body: {
                const qint64 n = qMin<qint64>(m_remaining, bytes.size() - i);
                i += n;
                m_remaining -= n;
                if (m_remaining == 0)
                    m_state = State::Head;
                break;
            }
            case State::ChunkSize:
            case State::Trailers: {
                const char c = bytes.at(i++);
                m_buffer.append(c);
                if (c != '\n') {
                    if (m_buffer.size() > maxHead)
                        breakDown();
                    break;
                }
                const QByteArray line = m_buffer.trimmed();
                m_buffer.clear();
                if (m_state == State::Trailers) {
                    if (line.isEmpty())
                        m_state = State::Head;
                    break;
                }
                bool ok = false;
                const qint64 size = line.left(line.indexOf(';')).trimmed().toLongLong(&ok, 16);
                if (!ok || size < 0) {
                    breakDown();
                    break;
                }
                if (size == 0) {
                    m_state = State::Trailers;
                } else {
                    m_remaining = size + 2; // the data and its CRLF
                    m_state = State::ChunkData;
                }
                break;
            }
            case State::ChunkData: {
                const qint64 n = qMin<qint64>(m_remaining, bytes.size() - i);
                i += n;
                m_remaining -= n;
                if (m_remaining == 0)
                    m_state = State::ChunkSize;
                break;
            }
            }
        }
    }

    void headComplete()
    {
        const QList<QByteArray> lines = m_buffer.split('\n');
        m_buffer.clear();
        const QList<QByteArray> parts = lines.value(0).trimmed().split(' ');
        if (parts.size() != 3) {
            breakDown();
            return;
        }
        Line line {parts.at(0), parts.at(1), parts.at(2), false};
        qint64 contentLength = 0;
        bool chunked = false;
        bool keepAlive = false;
        for (qsizetype k = 1; k < lines.size(); ++k) {
            const QByteArray &header = lines.at(k);
            const qsizetype colon = header.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = header.left(colon).trimmed().toLower();
            const QByteArray value = header.mid(colon + 1).trimmed().toLower();
            if (name == "content-length") {
                contentLength = value.toLongLong();
            } else if (name == "transfer-encoding") {
                chunked = value.endsWith("chunked");
            } else if (name == "connection") {
                for (const QByteArray &token : value.split(',')) {
                    if (token.trimmed() == "close")
                        line.close = true;
                    else if (token.trimmed() == "keep-alive")
                        keepAlive = true;
                }
            }
        }
        if (line.version == "HTTP/1.0" && !keepAlive)
            line.close = true;
        m_lines.push_back(line);
        if (chunked) {
            m_state = State::ChunkSize;
        } else if (contentLength > 0) {
            m_remaining = contentLength;
            m_state = State::Body;
        } else {
            m_state = State::Head;
        }
    }

    QTcpSocket *m_socket;
    qint64 m_leftover = 0;
    bool m_broken = false;
    State m_state = State::Head;
    QByteArray m_buffer;
    qint64 m_remaining = 0;
    std::deque<Line> m_lines;
};

/**
 * The socket's tracker. Not findChild(): WireTracker has no meta-object of its own, so
 * findChild<WireTracker *>() would match any child Qt HttpServer gives the socket.
 */
WireTracker *trackerOf(const QObject *socket)
{
    for (QObject *child : socket->children()) {
        if (auto *tracker = dynamic_cast<WireTracker *>(child))
            return tracker;
    }
    return nullptr;
}

/** A QTcpServer whose sockets carry a WireTracker connected ahead of Qt HttpServer. */
class SniffingTcpServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

    /** Called after Qt HttpServer took the new connections: connect the after-read slots. */
    void connectLateSlots()
    {
        for (const QPointer<QTcpSocket> &socket : std::as_const(m_fresh)) {
            if (!socket)
                continue;
            WireTracker *tracker = trackerOf(socket);
            if (tracker)
                connect(socket, &QTcpSocket::readyRead, tracker, [tracker] { tracker->settle(); });
        }
        m_fresh.clear();
    }

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        auto *tracker = new WireTracker(socket);
        connect(socket, &QTcpSocket::readyRead, tracker, [tracker] { tracker->sniff(); });
        m_fresh.append(socket);
        addPendingConnection(socket);
    }

private:
    QList<QPointer<QTcpSocket>> m_fresh;
};

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return QByteArray();
    }
}

} // namespace

struct HttpServerAdapter::Private
{
    Handler handler;
    std::unique_ptr<QHttpServer> server;
    QPointer<SniffingTcpServer> tcp;
    QString error;

    void respond(const QHttpServerRequest &request, QHttpServerResponder &&responder);
};

void HttpServerAdapter::Private::respond(const QHttpServerRequest &request,
                                         QHttpServerResponder &&responder)
{
    QTcpSocket *socket = responder.socket();
    RawHttpRequest raw;
    raw.headers = request.headers();
    raw.body = request.body();
    raw.peerAddress = socket->peerAddress();
    raw.peerPort = socket->peerPort();

    WireTracker *tracker = trackerOf(socket);
    std::optional<WireTracker::Line> line = tracker ? tracker->take() : std::nullopt;
    const QByteArray known = methodName(request.method());
    if (line && !known.isEmpty() && line->method.toUpper() != known) {
        // The tracker lost the message boundaries: trust Qt from now on for this connection.
        tracker->breakDown();
        line.reset();
    }
    if (line) {
        raw.method = line->method;
        raw.target = line->target;
        raw.version = line->version;
    } else {
        raw.exact = false;
        raw.method = known.isEmpty() ? QByteArray("UNKNOWN") : known;
        raw.target = request.url().path(QUrl::FullyEncoded).toUtf8();
        if (raw.target.isEmpty())
            raw.target = "/";
        if (request.url().hasQuery())
            raw.target += '?' + request.url().query(QUrl::FullyEncoded).toUtf8();
        raw.version = "HTTP/1.1";
    }

    RawHttpResponse response;
    if (handler) {
        response = handler(raw);
    } else {
        response.status = 503;
        response.headers = {{"Content-Length", "0"}};
    }

    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
            + (response.reason.isEmpty() ? reasonPhrase(response.status) : response.reason)
            + "\r\n";
    for (const auto &header : std::as_const(response.headers))
        out += header.first + ": " + header.second + "\r\n";
    out += "\r\n";
    if (response.sendBody)
        out += response.body;
    // Written straight to the socket: QHttpServerResponder::writeStatusLine() drops the reason
    // phrase of statuses Qt does not know, and its write() overloads add Content-Length.
    socket->write(out);
    if (line && line->close)
        socket->disconnectFromHost();
}

HttpServerAdapter::HttpServerAdapter(QObject *parent)
    : QObject(parent)
    , d(new Private)
{ }

HttpServerAdapter::~HttpServerAdapter()
{
    close();
}

void HttpServerAdapter::setHandler(Handler handler)
{
    d->handler = std::move(handler);
}

bool HttpServerAdapter::listen(const QHostAddress &address, quint16 port)
{
    close();
    auto *tcp = new SniffingTcpServer;
    if (!tcp->listen(address, port)) {
        d->error = tcp->errorString();
        delete tcp;
        return false;
    }
    d->error.clear();
    d->server = std::make_unique<QHttpServer>();
    Private *p = d.get();
    d->server->setMissingHandler(
            [p](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                p->respond(request, std::move(responder));
            });
    d->server->bind(tcp); // takes ownership; connects its newConnection slot first
    QObject::connect(tcp, &QTcpServer::newConnection, tcp, [tcp] { tcp->connectLateSlots(); });
    d->tcp = tcp;
    return true;
}

void HttpServerAdapter::close()
{
    if (d->tcp)
        d->tcp->close();
    d->server.reset(); // deletes the QTcpServer and, with it, its connections
    d->tcp = nullptr;
}

bool HttpServerAdapter::isListening() const
{
    return d->tcp && d->tcp->isListening();
}

QHostAddress HttpServerAdapter::serverAddress() const
{
    return d->tcp ? d->tcp->serverAddress() : QHostAddress();
}

quint16 HttpServerAdapter::serverPort() const
{
    return d->tcp ? d->tcp->serverPort() : 0;
}

QString HttpServerAdapter::errorString() const
{
    return d->error;
}

QByteArray HttpServerAdapter::reasonPhrase(int status)
{
    // Python 3.11's http.client.responses, which Django's reason_phrase uses.
    static const std::map<int, const char *> phrases = {
            {100, "Continue"},
            {101, "Switching Protocols"},
            {102, "Processing"},
            {103, "Early Hints"},
            {200, "OK"},
            {201, "Created"},
            {202, "Accepted"},
            {203, "Non-Authoritative Information"},
            {204, "No Content"},
            {205, "Reset Content"},
            {206, "Partial Content"},
            {207, "Multi-Status"},
            {208, "Already Reported"},
            {226, "IM Used"},
            {300, "Multiple Choices"},
            {301, "Moved Permanently"},
            {302, "Found"},
            {303, "See Other"},
            {304, "Not Modified"},
            {305, "Use Proxy"},
            {307, "Temporary Redirect"},
            {308, "Permanent Redirect"},
            {400, "Bad Request"},
            {401, "Unauthorized"},
            {402, "Payment Required"},
            {403, "Forbidden"},
            {404, "Not Found"},
            {405, "Method Not Allowed"},
            {406, "Not Acceptable"},
            {407, "Proxy Authentication Required"},
            {408, "Request Timeout"},
            {409, "Conflict"},
            {410, "Gone"},
            {411, "Length Required"},
            {412, "Precondition Failed"},
            {413, "Request Entity Too Large"},
            {414, "Request-URI Too Long"},
            {415, "Unsupported Media Type"},
            {416, "Requested Range Not Satisfiable"},
            {417, "Expectation Failed"},
            {418, "I'm a Teapot"},
            {421, "Misdirected Request"},
            {422, "Unprocessable Entity"},
            {423, "Locked"},
            {424, "Failed Dependency"},
            {425, "Too Early"},
            {426, "Upgrade Required"},
            {428, "Precondition Required"},
            {429, "Too Many Requests"},
            {431, "Request Header Fields Too Large"},
            {451, "Unavailable For Legal Reasons"},
            {500, "Internal Server Error"},
            {501, "Not Implemented"},
            {502, "Bad Gateway"},
            {503, "Service Unavailable"},
            {504, "Gateway Timeout"},
            {505, "HTTP Version Not Supported"},
            {506, "Variant Also Negotiates"},
            {507, "Insufficient Storage"},
            {508, "Loop Detected"},
            {510, "Not Extended"},
            {511, "Network Authentication Required"},
    };
    const auto it = phrases.find(status);
    return it == phrases.end() ? QByteArray("Unknown Status Code") : QByteArray(it->second);
}

} // namespace Cors::Live
