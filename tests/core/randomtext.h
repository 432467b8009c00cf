// SPDX-License-Identifier: MIT
// Generated texts for the tests that compare a fast path with its definition.
#pragma once

#include <QRandomGenerator>
#include <QString>

#include <cstddef>

namespace Test {

/** Up to @p maxLength units drawn from @p alphabet (a string literal; its terminator excluded). */
template<std::size_t N>
QString randomText(QRandomGenerator &random, const char16_t (&alphabet)[N], int maxLength)
{
    const int length = int(random.bounded(maxLength + 1));
    QString text;
    for (int i = 0; i < length; ++i)
        text += QChar(alphabet[random.bounded(int(N) - 1)]);
    return text;
}

} // namespace Test
