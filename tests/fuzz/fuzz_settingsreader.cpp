// SPDX-License-Identifier: MIT
// The settings.py reader on arbitrary bytes, then everything that consumes what it read: the
// system checks and the engine (which compiles the regexes and parses the allow-list).
#include "fuzzsupport.h"

#include "checks/systemchecks.h"
#include "server/corsengine.h"

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The first byte picks the options, so both profiles and both DEBUG branches get fuzzed.
    SettingsReadOptions options;
    if (size > 0) {
        options.profile = (data[0] & 1) ? Profile::V3_14 : Profile::V4;
        options.debug = (data[0] & 2) != 0;
    }
    const SettingsReadResult read = readDjangoSettings(Fuzz::bytes(data, size), options);
    if (!read.ok)
        return 0;
    runSystemChecks(read.policy);
    const CorsEngine engine(read.policy);
    HttpRequest preflight;
    preflight.method = QStringLiteral("OPTIONS");
    preflight.path = QStringLiteral("/api/items");
    preflight.headers = {{QStringLiteral("Origin"), QStringLiteral("https://app.example.com")},
                         {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("PUT")},
                         {QStringLiteral("Access-Control-Request-Headers"),
                          QStringLiteral("content-type, x-custom")}};
    engine.respond(preflight);
    return 0;
}
