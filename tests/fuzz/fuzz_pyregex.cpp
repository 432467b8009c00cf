// SPDX-License-Identifier: MIT
// Python re patterns: the parser, Python's compile-time checks, the PCRE2 translation and a
// match, and what the origin-regex prefilter assumes of the pattern. Input: one byte of flags,
// the pattern, then optionally NUL and a subject.
#include "fuzzsupport.h"

#include "python/pyregex.h"
#include "python/pyregexliterals.h"

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // re.I 2, re.L 4, re.M 8, re.S 16, re.U 32, re.X 64, re.A 256: the low byte plus re.A.
    int flags = data[0] & 0x7e;
    if (data[0] & 0x80)
        flags |= 256;
    ++data;
    --size;
    size_t patternSize = 0;
    while (patternSize < size && data[patternSize] != 0)
        ++patternSize;
    const QString pattern
            = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(patternSize));
    const QString subject = patternSize < size
            ? Fuzz::text(data + patternSize + 1, size - patternSize - 1)
            : QStringLiteral("https://app.example.com");

    const Py::Regex regex = Py::Regex::compile(pattern, flags);
    if (!regex.isValid() && regex.errorType().isEmpty())
        Fuzz::fail("an invalid pattern has no exception type");
    if (regex.isSupported()) {
        bool stuck = false;
        const auto match = regex.matchAtStart(subject, &stuck);
        if (match && (*match < -1 || *match > subject.size()))
            Fuzz::fail("match length outside the subject");
        // The prefilter skips the pattern when the subject lacks a required text and is short
        // enough: the pattern must then neither match nor get stuck.
        const Py::RequiredTexts required
                = Py::requiredTexts(*regex.syntaxTree(), int(pattern.size()));
        bool lacksText = false;
        for (const QString &text : required.texts)
            lacksText = lacksText || !subject.contains(text);
        if (match.value_or(-1) >= 0 && lacksText)
            Fuzz::fail("a match without a text the prefilter requires");
        if (stuck && lacksText && subject.size() <= required.maxSubjectLength)
            Fuzz::fail("the prefilter would skip a pattern that backtracks past the limit");
    }
    return 0;
}
