// SPDX-License-Identifier: MIT
#include "checks/entryvalidation.h"

#include "browser/fetchrules.h"
#include "browser/weborigin.h"
#include "python/pyregex.h"
#include "python/pysemantics.h"
#include "python/urlsplit.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("EntryValidation", text);
}

using Severity = EntryIssue::Severity;

EntryIssue issue(Severity severity, const char *code, const QString &message, int position = -1)
{
    return {-1, severity, QString::fromLatin1(code), message, position};
}

bool isOriginSetting(SettingId id)
{
    return id == SettingId::AllowedOrigins || id == SettingId::OriginWhitelist;
}

bool isRegexSetting(SettingId id)
{
    return id == SettingId::AllowedOriginRegexes || id == SettingId::OriginRegexWhitelist;
}

QString defaultPortOf(const QString &scheme)
{
    if (scheme == QLatin1String("https"))
        return QStringLiteral("443");
    if (scheme == QLatin1String("http"))
        return QStringLiteral("80");
    return QString();
}

bool isAscii(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
}

using OriginSplit = std::optional<Py::SplitResult>;

/** @p split is urlsplit(@p text), nullopt with @p error when it raises. */
QList<EntryIssue> validateOrigin(const QString &text, const OriginSplit &split,
                                 const QString &error)
{
    QList<EntryIssue> out;
    if (text != text.trimmed())
        out.append(issue(Severity::Warning, "whitespace",
                         tr("Leading or trailing whitespace: Django ignores leading spaces when "
                            "comparing, but a trailing one makes the entry match nothing.")));
    if (text == QLatin1String("null")) {
        out.append(issue(Severity::Warning, "null",
                         tr("\"null\" admits the Origin null (sandboxed iframes, file: pages, "
                            "redirected requests) and, through urlsplit, every Origin without a "
                            "scheme, such as \"evil\".")));
        return out;
    }
    if (text == QLatin1String("file://")) {
        out.append(issue(Severity::Warning, "file",
                         tr("\"file://\" admits every Origin with the file scheme.")));
        return out;
    }
    if (!split) {
        out.append(issue(Severity::Error, "unparseable",
                         tr("Python's urlsplit rejects this entry (%1): Django answers every "
                            "request with a server error and manage.py check crashes.")
                                 .arg(error)));
        return out;
    }
    if (split->scheme.isEmpty() || split->netloc.isEmpty()) {
        const QString likely = likelyOriginOf(text);
        out.append(issue(Severity::Error, "missing-scheme",
                         likely.isEmpty()
                                 ? tr("Missing scheme or host (corsheaders.E013): write it as "
                                      "https://host[:port].")
                                 : tr("Missing scheme or host (corsheaders.E013): write it as "
                                      "%1.")
                                           .arg(likely)));
        return out;
    }
    if (split->path == QLatin1String("/") && split->query.isEmpty() && split->fragment.isEmpty()) {
        out.append(issue(Severity::Error, "trailing-slash",
                         tr("Trailing slash (corsheaders.E014): an origin has no path; remove the "
                            "\"/\".")));
    } else {
        if (!split->path.isEmpty())
            out.append(issue(Severity::Error, "path",
                             tr("An origin has no path (corsheaders.E014): remove %1.")
                                     .arg(Py::reprString(split->path))));
        if (!split->query.isEmpty())
            out.append(issue(Severity::Error, "path",
                             tr("An origin has no query (corsheaders.E014).")));
        if (!split->fragment.isEmpty())
            out.append(issue(Severity::Error, "path",
                             tr("An origin has no fragment (corsheaders.E014).")));
    }
    const QString &netloc = split->netloc;
    if (netloc.contains(u'@'))
        out.append(issue(Severity::Warning, "userinfo",
                         tr("User info (user@) is never part of an Origin: this entry matches no "
                            "browser.")));
    if (netloc.contains(u'*'))
        out.append(issue(Severity::Warning, "wildcard",
                         tr("Wildcards are not supported here: \"*\" is compared literally and "
                            "matches no browser. Use CORS_ALLOWED_ORIGIN_REGEXES.")));
    if (netloc != netloc.toLower())
        out.append(issue(Severity::Warning, "uppercase",
                         tr("Upper-case host: browsers send host names in lower case and Django "
                            "compares them case-sensitively, so this entry never matches.")));
    if (!isAscii(netloc))
        out.append(issue(Severity::Warning, "uppercase",
                         tr("Non-ASCII host: browsers send it in Punycode (xn--...), so this entry "
                            "never matches.")));
    const QString port = defaultPortOf(split->scheme);
    if (!port.isEmpty() && netloc.endsWith(u':' + port) && !netloc.endsWith(u']'))
        out.append(
                issue(Severity::Warning, "default-port",
                      tr("Explicit default port :%1: browsers never send it, and Django does not "
                         "fold it, so this entry never matches. Remove \":%1\".")
                              .arg(port)));
    else if (netloc.endsWith(u':'))
        out.append(issue(
                Severity::Warning, "default-port",
                tr("Empty port \":\": browsers never send it, so this entry never matches.")));
    return out;
}

QList<EntryIssue> validateOrigin(const QString &text)
{
    QString error;
    const OriginSplit split = Py::urlsplit(text, &error);
    return validateOrigin(text, split, error);
}

QList<EntryIssue> validateCsrfOrigin(const QString &text, Profile profile)
{
    QList<EntryIssue> out;
    const bool hasScheme = text.contains(QLatin1String("://"));
    if (profile == Profile::V4 && !hasScheme) {
        const QString likely = likelyOriginOf(text);
        out.append(issue(Severity::Error, "missing-scheme",
                         tr("Django 4.0 and later need a scheme here (4_0.E001): write %1.")
                                 .arg(likely.isEmpty() ? u"https://"_s + text : likely)));
    }
    if (profile == Profile::V3_14 && hasScheme)
        out.append(issue(Severity::Warning, "path",
                         tr("Django 3.2 compares host names here: with a scheme this entry never "
                            "matches. Write %1.")
                                 .arg(text.section(QLatin1String("://"), 1).section(u'/', 0, 0))));
    return out;
}

QList<EntryIssue> validateRegex(const PyValue &entry)
{
    QList<EntryIssue> out;
    const Py::Regex regex = Py::Regex::compile(
            entry.text(), entry.kind() == PyValue::Kind::Pattern ? entry.patternFlags() : 0);
    if (!regex.isValid())
        out.append(issue(Severity::Error, "regex-syntax",
                         tr("Python rejects this pattern (%1: %2): requests that reach it fail "
                            "with a server error.")
                                 .arg(regex.errorType(), regex.errorMessage()),
                         regex.errorPosition()));
    else if (!regex.isSupported())
        out.append(issue(
                Severity::Warning, "regex-unsupported",
                tr("CORS Studio cannot evaluate this pattern: %1").arg(regex.errorMessage())));
    return out;
}

QList<EntryIssue> validateHeaderName(SettingId id, const QString &name)
{
    QList<EntryIssue> out;
    if (name == QLatin1String("*")) {
        out.append(issue(Severity::Info, "wildcard",
                         tr("\"*\" means any header only for requests without credentials; with "
                            "credentials browsers read it as a header named \"*\".")));
        return out;
    }
    if (!Fetch::isToken(name)) {
        out.append(issue(Severity::Error, "not-a-token",
                         id == SettingId::ExposeHeaders
                                 ? tr("Not a valid header name: Chromium then ignores the whole "
                                      "Access-Control-Expose-Headers list.")
                                 : tr("Not a valid header name: browsers cannot parse "
                                      "Access-Control-Allow-Headers and fail every preflight.")));
        return out;
    }
    if (id == SettingId::AllowHeaders) {
        if (Fetch::isForbiddenRequestHeader(name, QString()))
            out.append(issue(Severity::Warning, "forbidden-header",
                             tr("Scripts cannot set %1 (a forbidden request header): listing it "
                                "has no effect.")
                                     .arg(name)));
    } else if (id == SettingId::ExposeHeaders) {
        if (Fetch::isForbiddenResponseHeader(name))
            out.append(issue(Severity::Warning, "forbidden-header",
                             tr("Browsers never let scripts read %1, exposed or not.").arg(name)));
        else if (Fetch::isSafelistedResponseHeader(name))
            out.append(
                    issue(Severity::Info, "safelisted",
                          tr("%1 is always readable (CORS-safelisted): listing it is not needed.")
                                  .arg(name)));
    }
    return out;
}

QList<EntryIssue> validateMethod(const QString &method)
{
    QList<EntryIssue> out;
    if (method == QLatin1String("*")) {
        out.append(issue(Severity::Info, "wildcard",
                         tr("\"*\" means any method only for requests without credentials.")));
        return out;
    }
    if (!Fetch::isToken(method)) {
        out.append(issue(Severity::Error, "not-a-token",
                         tr("Not a valid method name: browsers cannot parse "
                            "Access-Control-Allow-Methods and fail every preflight.")));
        return out;
    }
    if (Fetch::isForbiddenMethod(method))
        out.append(issue(Severity::Warning, "forbidden-method",
                         tr("Browsers never send %1 from scripts.").arg(method)));
    const QString normalized = Fetch::normalizeMethod(method);
    if (normalized != method)
        out.append(issue(Severity::Warning, "method-case",
                         tr("fetch() sends %1 in upper case, and browsers compare methods "
                            "case-sensitively: write %1.")
                                 .arg(normalized)));
    return out;
}

/** @p split: urlsplit() of an origin entry that is a str (what Django compares). */
QString duplicateKey(SettingId id, const PyValue &entry, const OriginSplit &split)
{
    if (!entry.isStr())
        return Py::repr(entry);
    if (isOriginSetting(id)) {
        if (split && !split->scheme.isEmpty())
            return split->scheme + u'\n' + split->netloc;
        return entry.text();
    }
    if (id == SettingId::AllowHeaders || id == SettingId::ExposeHeaders)
        return entry.text().toLower();
    return entry.text();
}

} // namespace

QString likelyOriginOf(const QString &entry)
{
    const QString bare = entry.trimmed();
    if (bare.isEmpty() || bare.contains(QLatin1String("://")))
        return QString();
    // A plain-http origin is potentially trustworthy exactly when its host is loopback.
    const auto http = WebOrigin::parse(u"http://"_s + bare);
    if (http && !http->isOpaque() && http->isPotentiallyTrustworthy()
        && http->serialize() == u"http://"_s + bare)
        return http->serialize();
    const QString https = u"https://"_s + bare;
    const auto parsed = WebOrigin::parse(https);
    if (!parsed || parsed->isOpaque() || parsed->serialize() != https)
        return QString();
    return https;
}

bool isListSetting(SettingId id)
{
    switch (id) {
    case SettingId::AllowedOrigins:
    case SettingId::OriginWhitelist:
    case SettingId::AllowedOriginRegexes:
    case SettingId::OriginRegexWhitelist:
    case SettingId::AllowMethods:
    case SettingId::AllowHeaders:
    case SettingId::ExposeHeaders:
    case SettingId::CsrfTrustedOrigins:
        return true;
    default:
        return false;
    }
}

QList<PyValue> settingEntries(const Policy &policy, SettingId id)
{
    const PyValue *value = policy.value(id);
    const PyValue effective = value ? value->resolved(policy.profile())
                                    : defaultValue(id, policy.profile())
                                              .value_or(PyValue::none())
                                              .resolved(policy.profile());
    return Py::iterate(effective, nullptr).value_or(QList<PyValue>());
}

QList<EntryIssue> validateEntry(SettingId id, const PyValue &entry, Profile profile)
{
    const bool regexes = isRegexSetting(id);
    if (!entry.isStr() && !(regexes && entry.kind() == PyValue::Kind::Pattern))
        return {issue(Severity::Error, "not-a-string",
                      regexes ? tr("Not a string or compiled regex (%1).").arg(Py::typeName(entry))
                              : tr("Not a string (%1).").arg(Py::typeName(entry)))};
    if (isOriginSetting(id))
        return validateOrigin(entry.text());
    if (regexes)
        return validateRegex(entry);
    switch (id) {
    case SettingId::CsrfTrustedOrigins:
        return validateCsrfOrigin(entry.text(), profile);
    case SettingId::AllowHeaders:
    case SettingId::ExposeHeaders:
        return validateHeaderName(id, entry.text());
    case SettingId::AllowMethods:
        return validateMethod(entry.text());
    default:
        return {};
    }
}

QList<EntryIssue> validateEntries(const Policy &policy, SettingId id)
{
    QList<EntryIssue> out;
    if (!isListSetting(id))
        return out;
    const QList<PyValue> entries = settingEntries(policy, id);
    QHash<QString, int> seen;
    const bool origins = isOriginSetting(id);
    for (int i = 0; i < entries.size(); ++i) {
        const PyValue &entry = entries.at(i);
        // An origin entry is split once, for its own issues and for the duplicates.
        const bool origin = origins && entry.isStr();
        QString splitError;
        const OriginSplit split = origin ? Py::urlsplit(entry.text(), &splitError) : std::nullopt;
        const QList<EntryIssue> issues = origin ? validateOrigin(entry.text(), split, splitError)
                                                : validateEntry(id, entry, policy.profile());
        for (EntryIssue e : issues) {
            e.index = i;
            out.append(e);
        }
        const QString key = duplicateKey(id, entry, split);
        if (const auto it = seen.constFind(key); it != seen.constEnd()) {
            EntryIssue dup = issue(Severity::Warning, "duplicate",
                                   tr("Duplicate of entry %1.").arg(it.value() + 1));
            dup.index = i;
            out.append(dup);
        } else {
            seen.insert(key, i);
        }
    }
    return out;
}

} // namespace Cors
