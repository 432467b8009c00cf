// SPDX-License-Identifier: MIT
#include "engines/preflightlifetime.h"

#include <QCoreApplication>

#include <algorithm>

namespace Cors {

namespace {

constexpr qint64 DefaultSeconds = 5;
constexpr qint64 ChromiumCapSeconds = 7200;
constexpr qint64 FirefoxCapSeconds = 86400;
constexpr qint64 WebKitCapSeconds = 600;

std::optional<qint64> firefoxLifetime(const std::optional<QString> &maxAge)
{
    // nsCORSListenerProxy reads the raw header value: digits only, no trimming.
    const QString value = maxAge.value_or(QString());
    if (value.isEmpty())
        return DefaultSeconds;
    qint64 age = 0;
    for (QChar c : value) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        age = std::min<qint64>(age * 10 + (c.unicode() - u'0'), FirefoxCapSeconds);
    }
    if (age == 0)
        return std::nullopt;
    return age;
}

std::optional<qint64> webkitLifetime(const std::optional<QString> &maxAge)
{
    // WTF::parseInteger<int64_t>: optional leading/trailing whitespace, an optional sign, digits.
    if (!maxAge)
        return DefaultSeconds;
    QString text = maxAge->trimmed();
    if (text.startsWith(u'+'))
        text.remove(0, 1);
    bool ok = !text.isEmpty() && text != QLatin1String("-");
    for (qsizetype i = text.startsWith(u'-') ? 1 : 0; ok && i < text.size(); ++i)
        ok = text.at(i) >= u'0' && text.at(i) <= u'9';
    if (!ok)
        return DefaultSeconds;
    if (text.startsWith(u'-'))
        return 0;
    const qint64 seconds = text.size() > 12 ? WebKitCapSeconds : text.toLongLong();
    return std::min(seconds, WebKitCapSeconds);
}

std::optional<qint64> chromiumLifetime(const std::optional<QString> &maxAge)
{
    if (!maxAge)
        return DefaultSeconds;
    bool ok = false;
    const qint64 seconds = maxAge->trimmed().toLongLong(&ok);
    if (!ok)
        return DefaultSeconds;
    return std::clamp<qint64>(seconds, 0, ChromiumCapSeconds);
}

} // namespace

std::optional<qint64> preflightLifetimeSeconds(BrowserEngine engine,
                                               const std::optional<QString> &maxAge)
{
    switch (engine) {
    case BrowserEngine::Chromium:
        return chromiumLifetime(maxAge);
    case BrowserEngine::Firefox:
        return firefoxLifetime(maxAge);
    case BrowserEngine::Safari:
        return webkitLifetime(maxAge);
    }
    return DefaultSeconds;
}

QString preflightLifetimeRule(BrowserEngine engine)
{
    switch (engine) {
    case BrowserEngine::Chromium:
        return QCoreApplication::translate("Cors", "Chromium: default 5 s, cap 7200 s");
    case BrowserEngine::Firefox:
        return QCoreApplication::translate(
                "Cors", "Firefox: default 5 s, cap 86400 s, 0 or a non-digit: not stored");
    case BrowserEngine::Safari:
        return QCoreApplication::translate("Cors", "WebKit: default 5 s, cap 600 s");
    }
    return QString();
}

bool hasLocalNetworkAccess(BrowserEngine engine)
{
    return engine == BrowserEngine::Chromium;
}

} // namespace Cors
