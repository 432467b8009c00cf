// SPDX-License-Identifier: MIT
#include "browser/scenario.h"

#include <array>

namespace Cors {

namespace {

template<typename Enum, size_t N>
std::optional<Enum> fromName(const std::array<std::pair<Enum, const char *>, N> &names,
                             const QString &name)
{
    for (const auto &[value, text] : names) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

template<typename Enum, size_t N>
QString toName(const std::array<std::pair<Enum, const char *>, N> &names, Enum value)
{
    for (const auto &[v, text] : names) {
        if (v == value)
            return QString::fromLatin1(text);
    }
    return QString();
}

constexpr std::array<std::pair<CredentialsMode, const char *>, 3> credentialsNames = {{
        {CredentialsMode::Omit, "omit"},
        {CredentialsMode::SameOrigin, "same-origin"},
        {CredentialsMode::Include, "include"},
}};
constexpr std::array<std::pair<RequestMode, const char *>, 3> modeNames = {{
        {RequestMode::Cors, "cors"},
        {RequestMode::NoCors, "no-cors"},
        {RequestMode::SameOrigin, "same-origin"},
}};
constexpr std::array<std::pair<BodyKind, const char *>, 7> bodyNames = {{
        {BodyKind::None, "none"},
        {BodyKind::Text, "text"},
        {BodyKind::UrlSearchParams, "urlsearchparams"},
        {BodyKind::FormData, "formdata"},
        {BodyKind::Blob, "blob"},
        {BodyKind::ArrayBuffer, "arraybuffer"},
        {BodyKind::ReadableStream, "stream"},
}};

} // namespace

QString credentialsModeName(CredentialsMode mode)
{
    return toName(credentialsNames, mode);
}
std::optional<CredentialsMode> credentialsModeFromName(const QString &name)
{
    return fromName(credentialsNames, name);
}
QString requestModeName(RequestMode mode)
{
    return toName(modeNames, mode);
}
std::optional<RequestMode> requestModeFromName(const QString &name)
{
    return fromName(modeNames, name);
}
QString bodyKindName(BodyKind kind)
{
    return toName(bodyNames, kind);
}
std::optional<BodyKind> bodyKindFromName(const QString &name)
{
    return fromName(bodyNames, name);
}

} // namespace Cors
