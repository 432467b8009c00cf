// SPDX-License-Identifier: MIT
// Pasted browser console text (cors-studio explain, core/engines/errorexplainer): any bytes,
// never a crash, and answers that hold together.
#include "fuzzsupport.h"

#include "engines/errorexplainer.h"

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = Fuzz::text(data, size);
    const ErrorExplanation e = explainErrorText(input);
    if (e.recognised) {
        if (e.messages.isEmpty())
            Fuzz::fail("recognised without a message");
        if (!e.engine)
            Fuzz::fail("recognised without an engine");
        if (e.what.isEmpty())
            Fuzz::fail("recognised without saying what failed");
        if (!e.closest.isEmpty())
            Fuzz::fail("closest messages offered for recognised text");
    } else if (!e.messages.isEmpty()) {
        Fuzz::fail("messages read from text that was not recognised");
    }
    return 0;
}
