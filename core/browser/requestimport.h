// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenario.h"

#include <QString>
#include <QStringList>

namespace Cors {

/** A request read from text a developer pastes, with what could not be read. */
struct ImportedRequest
{
    /** Something usable was read; otherwise error says why and scenario is the base. */
    bool ok = false;
    Scenario scenario;
    /** The text named the page's origin (an Origin or Referer header, a fetch referrer). */
    bool pageOriginFound = false;
    /** "fetch", "curl (bash)" or "curl (cmd)". */
    QString format;
    /** One sentence per thing that was left out, guessed or could not be read. */
    QStringList notes;
    QString error;
};

/**
 * Reads a `fetch(url, init)` call: what DevTools' "Copy as fetch" / "Copy as Node.js fetch"
 * write (JSON), and hand-written JavaScript object literals (single quotes, unquoted keys,
 * trailing commas, comments, headers as an object, as [name, value] pairs or new Headers(...),
 * bodies such as JSON.stringify({...}), new URLSearchParams(...), new FormData(), new Blob(...)).
 * Fields the text does not give keep fetch()'s defaults; the page origin and the endpoint's
 * response come from @p base.
 */
ImportedRequest importFetchCall(const QString &text, const Scenario &base = {});

/**
 * Reads a curl command line as DevTools' "Copy as cURL" writes it, for bash ('...', $'...',
 * backslash line continuations) or for cmd (^"...^", ^ escapes and continuations): -X, -H,
 * -b/--cookie, --data-raw and the other -d forms, --json, -F, -I, -u, -e, --url,
 * --compressed. The wire request is turned back into what the script asked for: the Origin (or
 * Referer) header gives the page origin, cookies mean credentials "include", Sec-Fetch-Mode
 * gives the mode, and headers the browser adds itself are left out (named in a note).
 * A copied preflight (OPTIONS with Access-Control-Request-Method) becomes the request it precedes.
 */
ImportedRequest importCurlCommand(const QString &text, const Scenario &base = {});

/** A curl command when the text starts with "curl", otherwise a fetch() call. */
ImportedRequest importRequest(const QString &text, const Scenario &base = {});

} // namespace Cors
