// SPDX-License-Identifier: MIT
#include "checks/systemchecks.h"

#include "python/pysemantics.h"
#include "python/urlsplit.h"

#include <functional>

namespace Cors {

namespace {

/**
 * corsheaders.checks.is_sequence: an abc.Sequence whose items all pass @p itemOk. The 4.x line
 * (after 4.9.0) also refuses a bare str, which 3.14 accepts character by character.
 */
bool isSequenceOf(const PyValue &value, Profile profile,
                  const std::function<bool(const PyValue &)> &itemOk)
{
    if (!Py::isSequence(value))
        return false;
    if (value.isStr())
        return profile == Profile::V3_14; // each character is a str
    for (const PyValue &item : value.items()) {
        if (!itemOk(item))
            return false;
    }
    return true;
}

bool isStrItem(const PyValue &item)
{
    return item.isStr();
}

bool isStrOrPattern(const PyValue &item)
{
    return item.isStr() || item.kind() == PyValue::Kind::Pattern;
}

CheckMessage error(const char *id, const QString &message, std::optional<SettingId> setting,
                   int entry = -1, const QString &hint = QString())
{
    return {QString::fromLatin1(id), message, hint, setting, entry};
}

// E006, or the per-entry E013/E014 errors when the list is a sequence of strings. Returns false
// when urlsplit raises: the whole check function then crashes.
bool checkAllowedOrigins(const Policy &policy, SystemCheckResult &result)
{
    const QString alias = policy.checkName(SettingId::AllowedOrigins);
    const std::optional<SettingId> source = policy.effectiveSource(SettingId::AllowedOrigins);
    const SettingId setting = source.value_or(SettingId::AllowedOrigins);
    const PyValue origins = policy.effective(SettingId::AllowedOrigins);
    if (!isSequenceOf(origins, policy.profile(), isStrItem)) {
        result.errors.append(error("corsheaders.E006",
                                   alias + QStringLiteral(" should be a sequence of strings."),
                                   setting));
        return true;
    }
    const QList<PyValue> items = *Py::iterate(origins, nullptr);
    for (int i = 0; i < items.size(); ++i) {
        const QString origin = items.at(i).text();
        if (origin == QLatin1String("null") || origin == QLatin1String("file://"))
            continue;
        QString parseError;
        const auto parsed = Py::urlsplit(origin, &parseError);
        if (!parsed) {
            result.crash = error("", QStringLiteral("ValueError: ") + parseError, setting, i);
            return false;
        }
        const QString repr = Py::reprString(origin);
        if (parsed->scheme.isEmpty() || parsed->netloc.isEmpty()) {
            result.errors.append(error(
                    "corsheaders.E013",
                    QStringLiteral("Origin %1 in %2 is missing scheme or netloc").arg(repr, alias),
                    setting, i,
                    QStringLiteral("Add a scheme (e.g. https://) or netloc (e.g. example.com).")));
            continue;
        }
        const std::pair<const char *, const QString *> parts[] = {
                {"path", &parsed->path},
                {"query", &parsed->query},
                {"fragment", &parsed->fragment},
        };
        for (const auto &[part, value] : parts) {
            if (!value->isEmpty())
                result.errors.append(error("corsheaders.E014",
                                           QStringLiteral("Origin %1 in %2 should not have %3")
                                                   .arg(repr, alias, QString::fromLatin1(part)),
                                           setting, i));
        }
    }
    return true;
}

} // namespace

SystemCheckResult runSystemChecks(const Policy &policy)
{
    SystemCheckResult result;
    const Profile profile = policy.profile();
    const bool v4 = profile == Profile::V4;
    auto sourceOf = [&](SettingId id) { return policy.effectiveSource(id).value_or(id); };

    if (!isSequenceOf(policy.effective(SettingId::AllowHeaders), profile, isStrItem))
        result.errors.append(
                error("corsheaders.E001",
                      QStringLiteral("CORS_ALLOW_HEADERS should be a sequence of strings."),
                      SettingId::AllowHeaders));
    if (!isSequenceOf(policy.effective(SettingId::AllowMethods), profile, isStrItem))
        result.errors.append(
                error("corsheaders.E002",
                      QStringLiteral("CORS_ALLOW_METHODS should be a sequence of strings."),
                      SettingId::AllowMethods));
    if (!policy.effective(SettingId::AllowCredentials).isBool())
        result.errors.append(error("corsheaders.E003",
                                   QStringLiteral("CORS_ALLOW_CREDENTIALS should be a bool."),
                                   SettingId::AllowCredentials));
    if (v4 && !policy.effective(SettingId::AllowPrivateNetwork).isBool())
        result.errors.append(error("corsheaders.E015",
                                   QStringLiteral("CORS_ALLOW_PRIVATE_NETWORK should be a bool."),
                                   SettingId::AllowPrivateNetwork));

    const PyValue maxAge = policy.effective(SettingId::PreflightMaxAge);
    if (!Py::isInt(maxAge) || maxAge.intText().startsWith(u'-'))
        result.errors.append(error("corsheaders.E004",
                                   QStringLiteral("CORS_PREFLIGHT_MAX_AGE should be an integer "
                                                  "greater than or equal to zero."),
                                   SettingId::PreflightMaxAge));

    if (!policy.effective(SettingId::AllowAllOrigins).isBool())
        result.errors.append(error("corsheaders.E005",
                                   policy.checkName(SettingId::AllowAllOrigins)
                                           + QStringLiteral(" should be a bool."),
                                   sourceOf(SettingId::AllowAllOrigins)));

    if (!checkAllowedOrigins(policy, result)) {
        result.errors.clear();
        return result;
    }

    if (!isSequenceOf(policy.effective(SettingId::AllowedOriginRegexes), profile, isStrOrPattern))
        result.errors.append(error("corsheaders.E007",
                                   policy.checkName(SettingId::AllowedOriginRegexes)
                                           + QStringLiteral(" should be a sequence of strings "
                                                            "and/or compiled regexes."),
                                   sourceOf(SettingId::AllowedOriginRegexes)));
    if (!isSequenceOf(policy.effective(SettingId::ExposeHeaders), profile, isStrItem))
        result.errors.append(error("corsheaders.E008",
                                   QStringLiteral("CORS_EXPOSE_HEADERS should be a sequence."),
                                   SettingId::ExposeHeaders));
    if (!isStrOrPattern(policy.effective(SettingId::UrlsRegex)))
        result.errors.append(error("corsheaders.E009",
                                   QStringLiteral("CORS_URLS_REGEX should be a string or regex."),
                                   SettingId::UrlsRegex));
    if (!v4 && !policy.effective(SettingId::ReplaceHttpsReferer).isBool())
        result.errors.append(error("corsheaders.E011",
                                   QStringLiteral("CORS_REPLACE_HTTPS_REFERER should be a bool."),
                                   SettingId::ReplaceHttpsReferer));
    if (policy.isSet(SettingId::Model))
        result.errors.append(error("corsheaders.E012",
                                   QStringLiteral("The CORS_MODEL setting has been removed - see "
                                                  "django-cors-headers' HISTORY."),
                                   SettingId::Model));
    if (v4 && policy.isSet(SettingId::ReplaceHttpsReferer))
        result.errors.append(error("corsheaders.E013",
                                   QStringLiteral("The CORS_REPLACE_HTTPS_REFERER setting has been "
                                                  "removed - see django-cors-headers' CHANGELOG."),
                                   SettingId::ReplaceHttpsReferer));
    return result;
}

QString formatCheckMessage(const CheckMessage &message)
{
    QString text = QStringLiteral("?: (") + message.id + QStringLiteral(") ") + message.message;
    if (!message.hint.isEmpty())
        text += QStringLiteral("\n\tHINT: ") + message.hint;
    return text;
}

} // namespace Cors
