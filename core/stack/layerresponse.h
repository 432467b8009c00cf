// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QString>

#include <optional>

namespace Cors {

/** The exceptions Django's response_for_exception tells apart. */
enum class DjangoException {
    Http404,             ///< 404
    PermissionDenied,    ///< 403
    SuspiciousOperation, ///< 400 (DisallowedHost, BadRequest)
    Other,               ///< 500
};

struct Raised
{
    DjangoException kind = DjangoException::Other;
    /** "RuntimeError: boom", "DisallowedHost: Invalid HTTP_HOST header: ..." */
    QString text;
};

/** A response inside the chain, or the exception a layer raised instead. */
struct LayerResponse
{
    int status = 200;
    HttpHeaders headers;
    /** Cookies set on the response; WSGI sends them after the other headers. */
    HttpHeaders cookies;
    /** len(response.content) when known; -1 when the body is not modelled. */
    qsizetype bodyLength = -1;
    /** Who made it, for the trace. */
    QString producer;

    static LayerResponse make(int status, const QString &contentType, qsizetype bodyLength,
                              const QString &producer)
    {
        LayerResponse r;
        r.status = status;
        r.headers.append({QStringLiteral("Content-Type"), contentType});
        r.bodyLength = bodyLength;
        r.producer = producer;
        return r;
    }
};

} // namespace Cors
