// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregexast.h"

#include <QString>

#include <string_view>

namespace Cors::Py {

/** What re.compile() makes of a str pattern, short of running it. */
struct RegexParseResult
{
    bool ok = false;
    RegexNode root;
    /** Pattern.flags */
    int flags = 0;
    int groupCount = 0;
    /**
     * How deep Python's recursive parser goes for this pattern (two frames per group, one per
     * conditional branch). Python raises RecursionError near its limit of 1000 frames, at a
     * depth that depends on how deep the caller already is.
     */
    int parserFrames = 0;
    /** Offset of the first `\N{...}` escape, whose name is not resolved, or -1. */
    int namedCharacterPosition = -1;

    /** The exception re.compile() raises: "re.error", "OverflowError", "ValueError", ... */
    QString errorType;
    /** Its message without the position suffix, e.g. "nothing to repeat". */
    QString errorMessage;
    /** Code point offset the message refers to, or -1 when Python gives none. */
    int errorPosition = -1;
};

/**
 * Parses @p pattern as Python 3.11's re module does (re/_parser.py), including the checks
 * re/_compiler.py makes (look-behind width, the TEMPLATE flag). Errors come in the order
 * Python finds them, with its messages and positions.
 */
RegexParseResult parseRegex(std::u32string_view pattern, int flags);

/** The frame depth at which parseRegex() stops with RecursionError (Python certainly has). */
constexpr int RegexParserFrameLimit = 1000;

} // namespace Cors::Py
