// SPDX-License-Identifier: MIT
#include "text/asciicase.h"

namespace Cors {

QString lowerCased(const QString &text)
{
    const char16_t *units = reinterpret_cast<const char16_t *>(text.utf16());
    const qsizetype size = text.size();
    bool hasUpper = false;
    for (qsizetype i = 0; i < size; ++i) {
        // Outside ASCII, case mapping is Unicode's (and can change the length): Qt's own.
        if (units[i] >= 0x80)
            return text.toLower();
        hasUpper |= units[i] >= u'A' && units[i] <= u'Z';
    }
    if (!hasUpper)
        return text;
    QString lower(size, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(lower.data());
    for (qsizetype i = 0; i < size; ++i)
        out[i] = units[i] >= u'A' && units[i] <= u'Z' ? char16_t(units[i] | 0x20) : units[i];
    return lower;
}

} // namespace Cors
