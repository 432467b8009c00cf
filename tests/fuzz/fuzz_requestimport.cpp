// SPDX-License-Identifier: MIT
// Pasted requests: DevTools' "Copy as fetch" / "Copy as cURL" (bash and cmd) and hand-written
// variants. Whatever is read must be a scenario the simulator runs and the batch format holds.
#include "fuzzsupport.h"

#include "browser/requestimport.h"
#include "browser/simulation.h"
#include "io/scenariojson.h"

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const CorsEngine engine(Fuzz::examplePolicy());
    const ImportedRequest imported = importRequest(Fuzz::text(data, size));
    if (!imported.ok) {
        if (imported.error.isEmpty())
            Fuzz::fail("an import that failed says nothing");
        return 0;
    }
    BrowserSession session;
    session.run(engine, imported.scenario);
    QString error;
    const auto again = scenarioFromJson(scenarioToJson(imported.scenario), &error);
    if (!again)
        Fuzz::fail("an imported scenario cannot be written as a batch line");
    return 0;
}
