// SPDX-License-Identifier: MIT
#include "policy/profile.h"

namespace Cors {

QString profileName(Profile profile)
{
    return profile == Profile::V3_14 ? QStringLiteral("3.14") : QStringLiteral("4.x");
}

std::optional<Profile> profileFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("4.x") || n == QLatin1String("4") || n == QLatin1String("4.9")
        || n == QLatin1String("4.9.0"))
        return Profile::V4;
    if (n == QLatin1String("3.14") || n == QLatin1String("3.14.0"))
        return Profile::V3_14;
    return std::nullopt;
}

const QStringList &defaultHeaders(Profile profile)
{
    // 4.0.0 dropped accept-encoding, dnt and origin: browsers forbid scripts to set them.
    static const QStringList v4 = {
            QStringLiteral("accept"),       QStringLiteral("authorization"),
            QStringLiteral("content-type"), QStringLiteral("user-agent"),
            QStringLiteral("x-csrftoken"),  QStringLiteral("x-requested-with"),
    };
    static const QStringList v314 = {
            QStringLiteral("accept"),
            QStringLiteral("accept-encoding"),
            QStringLiteral("authorization"),
            QStringLiteral("content-type"),
            QStringLiteral("dnt"),
            QStringLiteral("origin"),
            QStringLiteral("user-agent"),
            QStringLiteral("x-csrftoken"),
            QStringLiteral("x-requested-with"),
    };
    return profile == Profile::V3_14 ? v314 : v4;
}

const QStringList &defaultMethods(Profile)
{
    static const QStringList methods = {
            QStringLiteral("DELETE"), QStringLiteral("GET"),  QStringLiteral("OPTIONS"),
            QStringLiteral("PATCH"),  QStringLiteral("POST"), QStringLiteral("PUT"),
    };
    return methods;
}

} // namespace Cors
