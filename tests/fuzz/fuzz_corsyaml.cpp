// SPDX-License-Identifier: MIT
// The *.cors.yaml loader on arbitrary bytes. A document it accepts must survive a save and a
// load unchanged (the format is lossless), and the engine must take its policy.
#include "fuzzsupport.h"

#include "io/corsyaml.h"
#include "server/corsengine.h"

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const CorsYamlResult loaded = loadCorsYaml(Fuzz::bytes(data, size));
    if (loaded.ok != loaded.messages.isEmpty())
        Fuzz::fail("ok must be true exactly when there are no messages");
    if (!loaded.ok)
        return 0;
    const QByteArray saved = saveCorsYaml(loaded.document);
    const CorsYamlResult reloaded = loadCorsYaml(saved);
    if (!reloaded.ok)
        Fuzz::fail("a document that loaded does not load again after saving");
    if (!(reloaded.document == loaded.document))
        Fuzz::fail("save + load changed the document");
    CorsEngine engine(loaded.document.policy);
    engine.respond(HttpRequest {});
    return 0;
}
