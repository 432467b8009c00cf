// SPDX-License-Identifier: MIT
#pragma once

// Policies and request mixes shared by the benchmarks. Everything is deterministic so that runs
// on different machines (and before/after an optimisation) measure the same work.

#include "policy/policy.h"
#include "python/pyvalue.h"
#include "server/httpmessage.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace Cors::Bench {

/** A small deterministic generator (64-bit LCG); std:: distributions differ between libraries. */
class Rng
{
public:
    explicit Rng(std::uint64_t seed)
        : m_state(seed * 0x9E3779B97F4A7C15ull + 1)
    { }
    std::uint32_t next()
    {
        m_state = m_state * 6364136223846793005ull + 1442695040888963407ull;
        return std::uint32_t(m_state >> 33);
    }
    int below(int n) { return int(next() % std::uint32_t(n)); }

private:
    std::uint64_t m_state;
};

inline QString exactOrigin(int i)
{
    return QStringLiteral("https://app%1.customer.example.com").arg(i);
}

inline QString regexOrigin(int i)
{
    return QStringLiteral("https://build-%1.team%2.preview.example.org").arg(i * 7 % 1000).arg(i);
}

/** The regex that regexOrigin(i) matches (and no other regexOrigin). */
inline QString originRegex(int i)
{
    return QStringLiteral("^https://[a-z0-9-]+\\.team%1\\.preview\\.example\\.org$").arg(i);
}

/** Credentials on, the default URL regex, @p count exact origins. */
inline Policy exactOriginsPolicy(int count)
{
    Policy policy(Profile::V4);
    QStringList origins;
    origins.reserve(count);
    for (int i = 0; i < count; ++i)
        origins.append(exactOrigin(i));
    policy.setValue(SettingId::AllowedOrigins, PyValue::strList(origins));
    policy.setValue(SettingId::AllowCredentials, PyValue::boolean(true));
    policy.setValue(SettingId::ExposeHeaders, PyValue::strList({QStringLiteral("x-total-count")}));
    return policy;
}

/** Credentials on, no exact origins, @p count origin regexes. */
inline Policy regexPolicy(int count)
{
    Policy policy(Profile::V4);
    QStringList regexes;
    regexes.reserve(count);
    for (int i = 0; i < count; ++i)
        regexes.append(originRegex(i));
    policy.setValue(SettingId::AllowedOriginRegexes, PyValue::strList(regexes));
    policy.setValue(SettingId::AllowCredentials, PyValue::boolean(true));
    return policy;
}

inline HttpRequest request(const QString &method, const QString &path, const QString &origin,
                           bool preflight = false)
{
    HttpRequest r;
    r.method = method;
    r.path = path;
    if (!origin.isEmpty())
        r.headers.append({QStringLiteral("Origin"), origin});
    if (preflight) {
        r.headers.append({QStringLiteral("Access-Control-Request-Method"), QStringLiteral("PUT")});
        r.headers.append({QStringLiteral("Access-Control-Request-Headers"),
                          QStringLiteral("content-type, x-request-id")});
    }
    r.headers.append({QStringLiteral("User-Agent"), QStringLiteral("bench")});
    return r;
}

/**
 * @p count requests against origins 0..@p listed-1 (hits) and beyond (misses), half and half,
 * a third of them preflights: what a server with that allow-list sees.
 */
inline QList<HttpRequest> exactOriginRequests(int listed, int count, std::uint64_t seed = 1)
{
    Rng rng(seed);
    QList<HttpRequest> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        const bool hit = rng.below(2) == 0;
        const int index = hit ? rng.below(listed) : listed + rng.below(1000000);
        const bool preflight = rng.below(3) == 0;
        out.append(request(preflight ? QStringLiteral("OPTIONS") : QStringLiteral("GET"),
                           QStringLiteral("/api/items/%1").arg(i), exactOrigin(index), preflight));
    }
    return out;
}

/** Half hits on a random regex, half origins no regex admits (every regex is tried). */
inline QList<HttpRequest> regexRequests(int listed, int count, std::uint64_t seed = 2)
{
    Rng rng(seed);
    QList<HttpRequest> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        const bool hit = rng.below(2) == 0;
        const QString origin = hit ? regexOrigin(rng.below(listed))
                                   : QStringLiteral("https://build-1.team%1.preview.example.org")
                                             .arg(listed + rng.below(1000000));
        out.append(request(QStringLiteral("GET"), QStringLiteral("/api/items"), origin));
    }
    return out;
}

/**
 * The example policy's traffic (resources/examples/example_settings.py): the same mix the
 * Django comparison uses (tests/bench/respond_vs_django.py).
 */
inline QList<HttpRequest> exampleRequests(int count, std::uint64_t seed = 3)
{
    const QStringList allowed = {QStringLiteral("https://app.example.com"),
                                 QStringLiteral("https://admin.example.com"),
                                 QStringLiteral("http://localhost:5173")};
    const QStringList refused
            = {QStringLiteral("https://evil.example.net"), QStringLiteral("http://app.example.com"),
               QStringLiteral("https://app.example.com:8443")};
    Rng rng(seed);
    QList<HttpRequest> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        const int kind = rng.below(20);
        if (kind < 8)
            out.append(request(QStringLiteral("GET"), QStringLiteral("/api/orders/%1").arg(i),
                               allowed.at(rng.below(3))));
        else if (kind < 12)
            out.append(request(QStringLiteral("OPTIONS"), QStringLiteral("/api/orders"),
                               allowed.at(rng.below(3)), true));
        else if (kind < 14)
            out.append(request(
                    QStringLiteral("POST"), QStringLiteral("/api/orders"),
                    QStringLiteral("https://pr-%1.preview.example.com").arg(rng.below(500))));
        else if (kind < 17)
            out.append(request(QStringLiteral("GET"), QStringLiteral("/api/orders"),
                               refused.at(rng.below(3))));
        else if (kind < 19)
            out.append(request(QStringLiteral("GET"), QStringLiteral("/api/health"), QString()));
        else
            out.append(request(QStringLiteral("GET"), QStringLiteral("/static/app.js"),
                               allowed.at(0)));
    }
    return out;
}

} // namespace Cors::Bench
