// SPDX-License-Identifier: MIT
// The nginx reader (nginxconfig) and the site checks (nginxsite) on arbitrary bytes, then what
// nginx does with a GET and a preflight under the configuration (nginxfront), with an upstream
// that answers 200 with a CORS header. No file is read: every include is an error here.
#include "fuzzsupport.h"

#include "nginx/nginxfront.h"
#include "nginx/nginxsite.h"

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NginxReadOptions options;
    options.maxIncludeDepth = 0;
    const NginxSite site(
            parseNginxConfig(Fuzz::bytes(data, size), QStringLiteral("fuzz.conf"), options));
    // Every error names the file and a line and column in it.
    for (const NginxError &e : site.errors()) {
        if (e.message.isEmpty())
            Fuzz::fail("an nginx error without a message");
        if (e.where.file != QLatin1String("fuzz.conf") || e.where.line < 1 || e.where.column < 1)
            Fuzz::fail("an nginx error without file, line and column");
    }
    if (!site.errors().isEmpty())
        return 0;
    const NginxUpstream upstream = [](const HttpRequest &) {
        NginxUpstreamResponse r;
        r.headers = {{QStringLiteral("Access-Control-Allow-Origin"),
                      QStringLiteral("https://app.example.com")},
                     {QStringLiteral("Vary"), QStringLiteral("Origin")}};
        return r;
    };
    NginxClientRequest get;
    get.target = QStringLiteral("/api/items/?page=2");
    get.headers = {{QStringLiteral("Host"), QStringLiteral("api.example.com")},
                   {QStringLiteral("Origin"), QStringLiteral("https://app.example.com")}};
    nginxRespond(site, get, upstream);
    NginxClientRequest preflight = get;
    preflight.method = QStringLiteral("OPTIONS");
    preflight.target = QStringLiteral("/api/../api/items");
    preflight.headers.append(
            HttpHeader {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("PUT")});
    nginxRespond(site, preflight, upstream);
    return 0;
}
