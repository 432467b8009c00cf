// SPDX-License-Identifier: MIT
#pragma once

namespace Cors::Py {

/** One entry of the generated \N{...} table (pyliteralnames.cpp), sorted by name. */
struct UnicodeName
{
    const char *name;
    char32_t codePoint;
};

extern const UnicodeName unicodeNames[];
extern const int unicodeNameCount;

} // namespace Cors::Py
