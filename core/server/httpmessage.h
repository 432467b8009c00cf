// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

struct HttpHeader
{
    QString name;
    QString value;

    friend bool operator==(const HttpHeader &, const HttpHeader &) = default;
};

/**
 * Whether two header names are the same: QString::compare(Qt::CaseInsensitive), without Qt's
 * Unicode case tables for ASCII names.
 */
bool sameHeaderNameOfSameLength(QStringView a, QStringView b);
inline bool sameHeaderName(QStringView a, QStringView b)
{
    // Case folding keeps the length: most names differ there, without a call.
    return a.size() == b.size() && sameHeaderNameOfSameLength(a, b);
}

/** Headers in order; names compare case-insensitively. */
class HttpHeaders : public QList<HttpHeader>
{
public:
    using QList<HttpHeader>::QList;

    /** The value of the last header named @p name (case-insensitive), if any. */
    std::optional<QString> value(QStringView name) const;
    bool contains(QStringView name) const { return indexOf(name) >= 0; }
    /** Index of the first header named @p name, or -1. */
    qsizetype indexOf(QStringView name) const;
    /**
     * Django's `response[name] = value`: replaces the value and the name's casing of an existing
     * header in place, or appends.
     */
    void set(const QString &name, const QString &value);
    void remove(QStringView name);
};

/** A request as it reaches Django: what `cors-studio respond` reads per line. */
struct HttpRequest
{
    /** As sent; Django upper-cases it. */
    QString method = QStringLiteral("GET");
    /**
     * The request target's path as on the wire (percent-encoding allowed; a query string after
     * '?' is ignored). Django's path_info is derived from it.
     */
    QString path = QStringLiteral("/");
    /** Header names are case-insensitive; the last of duplicates wins, as in WSGI's environ. */
    HttpHeaders headers;
    /** request.is_secure() */
    bool secure = false;
};

/** The response the view behind the middleware produces. */
struct EndpointResponse
{
    int status = 200;
    HttpHeaders headers;

    friend bool operator==(const EndpointResponse &, const EndpointResponse &) = default;
};

/**
 * Django's request.path_info for a request path: the part before '?', percent-decoded to bytes
 * (non-ASCII characters count as their UTF-8 bytes), decoded as UTF-8 with undecodable bytes
 * re-percent-encoded; "/" when empty.
 */
QString djangoPathInfo(const QString &requestPath);

} // namespace Cors
