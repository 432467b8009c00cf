// SPDX-License-Identifier: MIT
#include "python/settingsnames.h"

#include <QStringList>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace Cors::Settings {

namespace {

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> previous(size_t(b.size()) + 1);
    std::vector<int> current(size_t(b.size()) + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[size_t(j)] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[size_t(j - 1)] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1);
            current[size_t(j)]
                    = std::min({previous[size_t(j)] + 1, current[size_t(j - 1)] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[size_t(b.size())];
}

// Words shared with a setting name, for misses an edit distance does not see (CORS_MAX_AGE).
int sharedWords(const QString &a, const QString &b)
{
    const QStringList wa = a.split(u'_', Qt::SkipEmptyParts);
    const QStringList wb = b.split(u'_', Qt::SkipEmptyParts);
    int shared = 0;
    for (const QString &w : wa) {
        if (w != QLatin1String("CORS") && wb.contains(w))
            ++shared;
    }
    return shared;
}

QString closestSetting(const QString &upper)
{
    QString best;
    int bestDistance = 1 << 20;
    for (SettingId id : allSettings()) {
        const QString candidate = settingName(id);
        const int d = editDistance(upper, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    if (bestDistance <= std::max<qsizetype>(3, upper.size() / 4))
        return best;
    // Otherwise the setting sharing most words, if it shares all but one of the name's words.
    const int words = int(upper.split(u'_', Qt::SkipEmptyParts).size()) - 1;
    int bestShared = 0;
    for (SettingId id : allSettings()) {
        const int shared = sharedWords(upper, settingName(id));
        if (shared > bestShared) {
            bestShared = shared;
            best = settingName(id);
        }
    }
    return bestShared >= 2 && bestShared >= words - 1 ? best : QString();
}

} // namespace

std::optional<Lookalike> lookalikeSetting(const QString &name)
{
    if (settingFromName(name))
        return std::nullopt;
    const QString upper = name.toUpper();
    if (settingFromName(upper))
        return Lookalike {upper};
    if (upper.startsWith(QLatin1String("CORS_")))
        return Lookalike {closestSetting(upper)};
    const QString csrf = settingName(SettingId::CsrfTrustedOrigins);
    if (upper.startsWith(QLatin1String("CSRF_TRUST"))
        || (std::abs(upper.size() - csrf.size()) <= 3 && editDistance(upper, csrf) <= 3))
        return Lookalike {csrf};
    return std::nullopt;
}

bool isCorsRelatedName(const QString &name)
{
    // Cheap tests first: this runs for every name a settings file assigns.
    if (name.size() < 5)
        return false;
    const QChar c = name.at(0).toUpper();
    if (c != u'C' && !(std::abs(name.size() - 20) <= 3))
        return false;
    return settingFromName(name).has_value() || lookalikeSetting(name).has_value();
}

} // namespace Cors::Settings
