// SPDX-License-Identifier: MIT
#include "export/yamlexporter.h"

#include "checks/systemchecks.h"
#include "io/corsyaml.h"
#include "python/pysemantics.h"
#include "python/urlsplit.h"
#include "server/originlists.h"

#include <QCoreApplication>

#include <optional>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("YamlExporter", text);
}

/** Writes the policy form and collects its notes (without duplicates, in order). */
class PolicyWriter
{
public:
    PolicyWriter(const Policy &policy, QList<ExportNote> *notes)
        : m_policy(policy)
        , m_notes(notes)
    { }

    QByteArray write();

private:
    const Policy &m_policy;
    QList<ExportNote> *m_notes;
    QByteArray m_out;

    void note(const QString &text, std::optional<SettingId> setting)
    {
        if (!m_notes)
            return;
        for (const ExportNote &n : std::as_const(*m_notes)) {
            if (n.text == text)
                return;
        }
        m_notes->append({text, setting});
    }

    /** The name the effective value comes from, for notes. */
    QString nameOf(SettingId id) const { return m_policy.checkName(id); }

    QByteArray quoted(const QString &text, SettingId id)
    {
        if (!QStringView(text).isValidUtf16())
            note(tr("%1 holds text that is not valid Unicode (a lone surrogate); it is written "
                    "with U+FFFD in its place.")
                         .arg(nameOf(id)),
                 id);
        return yamlQuoted(text);
    }

    void line(int indent, const QByteArray &text)
    {
        m_out += QByteArray(indent, ' ') + text + '\n';
    }

    void list(int indent, const char *key, const std::optional<QStringList> &items, SettingId id)
    {
        if (!items)
            return;
        if (items->isEmpty()) {
            line(indent, QByteArray(key) + ": []");
            return;
        }
        line(indent, QByteArray(key) + ':');
        for (const QString &item : *items)
            line(indent + 2, "- " + quoted(item, id));
    }

    void noteDynamic(SettingId id)
    {
        const std::optional<SettingId> source = m_policy.effectiveSource(id);
        if (!source)
            return;
        const PyValue *value = m_policy.value(*source);
        if (value->isDynamic())
            note(tr("%1 is read from the environment; the policy form shows the default the "
                    "settings file gives.")
                         .arg(settingName(*source)),
                 *source);
    }

    /** The items of a setting the middleware iterates as strings; nullopt (and a note) if not. */
    std::optional<QList<PyValue>> sequence(SettingId id)
    {
        const PyValue value = m_policy.effective(id);
        if (value.isStr()) {
            note(tr("%1 is a single string, which django-cors-headers iterates character by "
                    "character; the policy form cannot say that, so it is left out.")
                         .arg(nameOf(id)),
                 id);
            return std::nullopt;
        }
        QString error;
        std::optional<QList<PyValue>> items = Py::iterate(value, &error);
        if (!items)
            note(tr("%1 is left out: django-cors-headers cannot use it (%2).")
                         .arg(nameOf(id), error),
                 id);
        return items;
    }

    std::optional<QStringList> strings(SettingId id)
    {
        const std::optional<QList<PyValue>> items = sequence(id);
        if (!items)
            return std::nullopt;
        QStringList out;
        for (const PyValue &item : *items) {
            if (!item.isStr()) {
                note(tr("%1 is left out: it holds %2, not a string, so joining it raises "
                        "TypeError.")
                             .arg(nameOf(id), Py::repr(item)),
                     id);
                return std::nullopt;
            }
            out.append(item.text());
        }
        return out;
    }

    /** A str or compiled pattern as regex source, flags written inline where Python can. */
    std::optional<QString> regex(const PyValue &value, SettingId id)
    {
        if (value.isStr())
            return value.text();
        if (value.kind() != PyValue::Kind::Pattern)
            return std::nullopt;
        static const std::pair<int, char> inlineFlags[] = {
                {PyReFlag::Ascii, 'a'},  {PyReFlag::IgnoreCase, 'i'}, {PyReFlag::Multiline, 'm'},
                {PyReFlag::DotAll, 's'}, {PyReFlag::Unicode, 'u'},    {PyReFlag::Verbose, 'x'},
        };
        QString letters;
        int rest = value.patternFlags();
        for (const auto &[bit, letter] : inlineFlags) {
            if (rest & bit) {
                letters += QLatin1Char(letter);
                rest &= ~bit;
            }
        }
        if (!letters.isEmpty())
            note(tr("%1: the flags of re.compile(%2) are written inline as (?%3).")
                         .arg(nameOf(id), Py::reprString(value.text()), letters),
                 id);
        if (rest != 0)
            note(tr("%1: re.compile(%2) has flags the policy form cannot say (%3); they are left "
                    "out.")
                         .arg(nameOf(id), Py::reprString(value.text()), QString::number(rest)),
                 id);
        return letters.isEmpty() ? value.text()
                                 : QStringLiteral("(?") + letters + u')' + value.text();
    }

    void scope();
    void origins();
    void maxAge();
    bool flag(SettingId id);
};

bool PolicyWriter::flag(SettingId id)
{
    return Py::truthy(m_policy.effective(id));
}

void PolicyWriter::scope()
{
    noteDynamic(SettingId::UrlsRegex);
    const PyValue value = m_policy.effective(SettingId::UrlsRegex);
    const std::optional<QString> pattern = regex(value, SettingId::UrlsRegex);
    if (!pattern) {
        note(tr("%1 is left out: it is %2, not a regex, so django-cors-headers raises on every "
                "request.")
                     .arg(nameOf(SettingId::UrlsRegex), Py::repr(value)),
             SettingId::UrlsRegex);
        return;
    }
    line(2, "scope:");
    line(4, "pathRegex: " + quoted(*pattern, SettingId::UrlsRegex));
}

void PolicyWriter::origins()
{
    line(2, "origins:");
    noteDynamic(SettingId::AllowAllOrigins);
    line(4, QByteArray("allowAll: ") + (flag(SettingId::AllowAllOrigins) ? "true" : "false"));

    const SettingId listId = SettingId::AllowedOrigins;
    noteDynamic(listId);
    std::optional<QStringList> exact = strings(listId);
    if (exact) {
        QStringList normalised;
        for (const QString &entry : std::as_const(*exact)) {
            if (entry == QLatin1String("null"))
                continue; // allowNull says it
            QString error;
            const std::optional<Py::SplitResult> split = Py::urlsplit(entry, &error);
            if (!split) {
                note(tr("%1 is left out: urlsplit(%2) raises %3, so every request with an "
                        "Origin fails.")
                             .arg(nameOf(listId), Py::reprString(entry), error),
                     listId);
                exact.reset();
                break;
            }
            // "file://" is the one value without a host django-cors-headers means to match.
            if (split->scheme.isEmpty()
                || (split->netloc.isEmpty() && split->scheme != QLatin1String("file"))) {
                note(tr("%1: %2 is not an origin (no scheme or host) and is left out.")
                             .arg(nameOf(listId), Py::reprString(entry)),
                     listId);
                continue;
            }
            const QString origin = split->scheme + QStringLiteral("://") + split->netloc;
            if (origin != entry)
                note(tr("%1: %2 is written as %3, the scheme and host django-cors-headers "
                        "compares.")
                             .arg(nameOf(listId), Py::reprString(entry), Py::reprString(origin)),
                     listId);
            if (!normalised.contains(origin))
                normalised.append(origin);
        }
        if (exact)
            exact = normalised;
    }
    list(4, "exact", exact, listId);

    const SettingId regexId = SettingId::AllowedOriginRegexes;
    noteDynamic(regexId);
    std::optional<QStringList> regexes;
    if (const std::optional<QList<PyValue>> items = sequence(regexId)) {
        regexes = QStringList();
        for (const PyValue &item : *items) {
            const std::optional<QString> pattern = regex(item, regexId);
            if (!pattern) {
                note(tr("%1 is left out: it holds %2, which re.match rejects with TypeError.")
                             .arg(nameOf(regexId), Py::repr(item)),
                     regexId);
                regexes.reset();
                break;
            }
            regexes->append(*pattern);
        }
    }
    list(4, "regexes", regexes, regexId);
    line(4, "regexMatchMode: django-match");

    // Whether the opaque origin "null" gets in through the allow-list: listed literally, or
    // through an entry urlsplit gives no scheme and host, as it gives "null".
    const OriginDecision decision = OriginLists(m_policy).decide(
            QStringLiteral("null"), *Py::urlsplit(QStringLiteral("null")));
    const bool allowNull = decision.allowed
            && (decision.via == OriginDecision::Via::NullEntry
                || decision.via == OriginDecision::Via::List);
    line(4, QByteArray("allowNull: ") + (allowNull ? "true" : "false"));
}

void PolicyWriter::maxAge()
{
    const SettingId id = SettingId::PreflightMaxAge;
    noteDynamic(id);
    const PyValue value = m_policy.effective(id);
    if (!Py::truthy(value)) {
        line(2, "maxAgeSeconds: 0");
    } else if (value.kind() == PyValue::Kind::Int) {
        line(2, "maxAgeSeconds: " + value.intText().toLatin1());
    } else {
        note(tr("%1 is left out: it is %2, and the middleware sends Access-Control-Max-Age: %3.")
                     .arg(nameOf(id), Py::repr(value), Py::str(value)),
             id);
    }
}

QByteArray PolicyWriter::write()
{
    m_out += "apiVersion: cors-studio/v1\n";
    m_out += "kind: CorsPolicy\n";
    m_out += "metadata:\n";
    line(2, "source: django-cors-headers");
    line(2, "profile: " + yamlQuoted(profileName(m_policy.profile())));
    m_out += "spec:\n";
    scope();
    origins();
    noteDynamic(SettingId::AllowCredentials);
    line(2, QByteArray("credentials: ") + (flag(SettingId::AllowCredentials) ? "true" : "false"));
    for (const auto &[id, key] : {std::pair {SettingId::AllowMethods, "methods"},
                                  std::pair {SettingId::AllowHeaders, "requestHeaders"},
                                  std::pair {SettingId::ExposeHeaders, "exposeHeaders"}}) {
        noteDynamic(id);
        list(2, key, strings(id), id);
    }
    maxAge();
    const bool privateNetwork
            = m_policy.profile() == Profile::V4 && flag(SettingId::AllowPrivateNetwork);
    if (m_policy.profile() != Profile::V4 && m_policy.isSet(SettingId::AllowPrivateNetwork))
        note(tr("CORS_ALLOW_PRIVATE_NETWORK is ignored: django-cors-headers 3.14 does not have "
                "it."),
             SettingId::AllowPrivateNetwork);
    noteDynamic(SettingId::AllowPrivateNetwork);
    line(2, QByteArray("privateNetwork: ") + (privateNetwork ? "true" : "false"));
    line(2, "preflight:");
    line(4, "successStatus: 200");
    line(4, "onReject: omit-headers");
    line(2, "vary: auto");

    if (m_policy.profile() == Profile::V3_14 && flag(SettingId::ReplaceHttpsReferer))
        note(tr("CORS_REPLACE_HTTPS_REFERER is on; the policy form has no equivalent."),
             SettingId::ReplaceHttpsReferer);
    if (m_policy.isSet(SettingId::CsrfTrustedOrigins))
        note(tr("CSRF_TRUSTED_ORIGINS is Django's CSRF setting, not part of the CORS policy form."),
             SettingId::CsrfTrustedOrigins);
    const SystemCheckResult checks = runSystemChecks(m_policy);
    for (const CheckMessage &m : checks.errors)
        note(tr("Django's system checks report (%1) %2").arg(m.id, m.message), m.setting);
    if (checks.crash)
        note(tr("Django's system checks crash: %1").arg(checks.crash->message),
             checks.crash->setting);
    return m_out;
}

} // namespace

QString YamlExporter::displayName() const
{
    return tr("CORS Studio document (YAML)");
}

QStringList YamlExporter::parts() const
{
    return {QStringLiteral("document"), QStringLiteral("policy")};
}

ExportResult YamlExporter::run(const CorsDocument &document, const ExportOptions &options) const
{
    ExportResult result;
    if (options.part.isEmpty() || options.part == QLatin1String("document")) {
        if (options.allSettings || options.legacyNames)
            result.notes.append({tr("The document keeps exactly the settings the policy defines, "
                                    "under the names it uses; --all and --legacy-names do not "
                                    "apply."),
                                 std::nullopt});
        const QByteArray yaml = saveCorsYaml(document);
        if (const std::optional<QString> problem = corsYamlLimitProblem(yaml)) {
            result.error = tr("The document is not written: %1, so CORS Studio could not open "
                              "it again.")
                                   .arg(*problem);
            return result;
        }
        result.text = QString::fromUtf8(yaml);
    } else if (options.part == QLatin1String("policy")) {
        result.text = QString::fromUtf8(savePolicyYaml(document.policy, &result.notes));
        if (!document.scenarios.isEmpty())
            result.notes.append(
                    {QCoreApplication::translate(
                             "YamlExporter", "The policy form leaves out the %n saved scenario(s).",
                             nullptr, int(document.scenarios.size())),
                     std::nullopt});
    } else {
        result.error = tr("The YAML export has no part \"%1\" (parts: document, policy).")
                               .arg(options.part);
        return result;
    }
    result.ok = true;
    return result;
}

QByteArray savePolicyYaml(const Policy &policy, QList<ExportNote> *notes)
{
    return PolicyWriter(policy, notes).write();
}

} // namespace Cors
