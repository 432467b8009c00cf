// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyvalue.h"

#include <QString>

namespace Cors {

/** What a Python literal needs from the module around it. */
struct PythonImports
{
    bool re = false;             ///< import re
    bool os = false;             ///< import os
    bool defaultHeaders = false; ///< from corsheaders.defaults import default_headers
    bool defaultMethods = false; ///< ... default_methods
};

/**
 * Python source for @p value that evaluates to exactly that value. Strings are written with
 * Python's own repr() escaping (so quotes, newlines, NUL or any code point can neither break nor
 * extend the file); @p regexes prefers raw strings r"..." where they say the same thing.
 * Sequences with more than one item, or that would be long, go one item per line, indented by
 * @p indent spaces. Dynamic values are written as their environment read when @p dynamicOk
 * accepts the source, otherwise as the literal.
 */
QString pythonLiteral(const PyValue &value, PythonImports &imports, bool regexes = false,
                      int indent = 0);

/** r"..." / r'...' for @p text when a raw string says exactly that; empty otherwise. */
QString pythonRawString(const QString &text);

} // namespace Cors
