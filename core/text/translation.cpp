// SPDX-License-Identifier: MIT
#include "text/translation.h"

#include <QCoreApplication>
#include <QHash>

#include <utility>

namespace Cors {

QString cachedTranslation(const char *context, const char *text)
{
    thread_local QHash<std::pair<const char *, const char *>, QString> cache;
    const std::pair<const char *, const char *> key {context, text};
    const auto found = cache.constFind(key);
    if (found != cache.constEnd())
        return *found;
    return *cache.insert(key, QCoreApplication::translate(context, text));
}

} // namespace Cors
