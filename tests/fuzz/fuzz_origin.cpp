// SPDX-License-Identifier: MIT
// Origins and URLs as users type them: WebOrigin::parse (the simulator's page origin) and
// Python's urlsplit (django-cors-headers' view of Origin headers and allow-list entries).
#include "fuzzsupport.h"

#include "browser/weborigin.h"
#include "python/urlsplit.h"

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = Fuzz::text(data, size);

    QString error;
    const auto split = Py::urlsplit(input, &error);
    if (!split && error.isEmpty())
        Fuzz::fail("urlsplit rejected a URL without a message");
    if (split) {
        // The netloc is kept verbatim and must be a part of what was given (minus TAB/CR/LF).
        Py::isPythonIPv6Address(split->netloc);
        Py::isPythonIPv4Address(split->netloc);
    }

    if (const auto origin = WebOrigin::parse(input)) {
        const QString serialized = origin->serialize();
        origin->isPotentiallyTrustworthy();
        origin->isSameSite(*origin);
        // An origin's serialisation is itself an origin, and the same one.
        const auto again = WebOrigin::parse(serialized);
        if (!again)
            Fuzz::fail("the serialisation of an origin does not parse");
        if (again->serialize() != serialized)
            Fuzz::fail("parse(serialize()) changed the origin");
    }
    return 0;
}
