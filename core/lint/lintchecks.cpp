// SPDX-License-Identifier: MIT
// django-cors-headers' own system checks and the editor's per-entry validation, as findings:
// the linter reuses both rather than re-deriving what they already say.

#include "browser/fetchrules.h"
#include "browser/weborigin.h"
#include "checks/entryvalidation.h"
#include "checks/systemchecks.h"
#include "lint/lintsupport.h"
#include "python/pysemantics.h"
#include "python/urlsplit.h"

#include <QSet>

namespace Cors::Lint {

namespace {

SettingId currentOf(SettingId id)
{
    return currentNameOf(id).value_or(id);
}

Finding::Severity severityOf(EntryIssue::Severity severity)
{
    switch (severity) {
    case EntryIssue::Severity::Error:
        return Finding::Severity::Error;
    case EntryIssue::Severity::Warning:
        return Finding::Severity::Warning;
    case EntryIssue::Severity::Info:
        return Finding::Severity::Info;
    }
    return Finding::Severity::Warning;
}

/** What a browser would send for an origin-like entry, when that differs from the entry. */
std::optional<QString> normalizedOrigin(const QString &entry)
{
    const auto parsed = WebOrigin::parse(entry.trimmed());
    if (!parsed || parsed->isOpaque())
        return std::nullopt;
    const QString serialized = parsed->serialize();
    if (serialized == entry || !isSerializedOrigin(serialized))
        return std::nullopt;
    return serialized;
}

// Replaces an origin entry by what browsers send, unless that origin is listed already (then
// the entry is removed). Sets @p fixText to say which.
QList<PolicyFix> normalizeOriginFix(const LintRun &run, SettingId current, int index,
                                    const QString &entry, const QString &normalized,
                                    QString *fixText)
{
    for (const PyValue &other : run.entries(current)) {
        if (other.isStr() && other.text() == normalized) {
            *fixText = tr("Remove it: %1 is listed already.").arg(quoted(normalized));
            return run.removeEntry(
                    current, index,
                    tr("remove %1 (%2 is listed already)").arg(quoted(entry), quoted(normalized)));
        }
    }
    *fixText = tr("Write it the way browsers send it: %1.").arg(quoted(normalized));
    return run.replaceEntry(current, index, PyValue::str(normalized),
                            tr("replace %1 with %2").arg(quoted(entry), quoted(normalized)));
}

// The key entryvalidation compares duplicates by: scheme and netloc for origins, the name in
// lower case for headers, the text otherwise.
QString duplicateKey(SettingId current, const PyValue &entry)
{
    if (!entry.isStr())
        return Py::repr(entry);
    if (current == SettingId::AllowedOrigins) {
        if (const auto split = Py::urlsplit(entry.text()); split && !split->scheme.isEmpty())
            return split->scheme + u'\n' + split->netloc;
        return entry.text();
    }
    if (current == SettingId::AllowHeaders || current == SettingId::ExposeHeaders)
        return entry.text().toLower();
    return entry.text();
}

int firstEqualEntry(SettingId current, const QList<PyValue> &entries, int index)
{
    if (index < 0 || index >= entries.size())
        return -1;
    const QString key = duplicateKey(current, entries.at(index));
    for (int i = 0; i < index; ++i) {
        if (duplicateKey(current, entries.at(i)) == key)
            return i;
    }
    return -1;
}

// A whole-setting check with an obvious correction: a bool setting given another value becomes
// the bool Django already treats it as (its truth value), and a bare string where a sequence
// belongs becomes a list of that one string, which is what was meant.
void settingFix(const LintRun &run, const QString &id, SettingId current, Finding &f)
{
    const PyValue *value = run.policy().value(run.spelled(current));
    if (!value)
        return;
    const QString name = settingName(run.spelled(current));
    static const QStringList boolChecks {
            QStringLiteral("corsheaders.E003"), QStringLiteral("corsheaders.E005"),
            QStringLiteral("corsheaders.E011"), QStringLiteral("corsheaders.E015")};
    static const QStringList sequenceChecks {
            QStringLiteral("corsheaders.E001"), QStringLiteral("corsheaders.E002"),
            QStringLiteral("corsheaders.E006"), QStringLiteral("corsheaders.E008")};
    if (boolChecks.contains(id) && value->kind() != PyValue::Kind::Bool) {
        const bool truth = Py::truthy(*value);
        const QString literal = truth ? QStringLiteral("True") : QStringLiteral("False");
        f.fixes.append(LintRun::fix(PolicyFix::Action::Set, current, PyValue::boolean(truth),
                                    tr("set %1 = %2").arg(name, literal)));
        f.fixText = tr("Write %1 = %2 (what Django makes of %3 at runtime).")
                            .arg(name, literal, Py::repr(*value));
    } else if (sequenceChecks.contains(id) && value->isStr()) {
        const PyValue list = PyValue::list({*value});
        f.fixes.append(LintRun::fix(PolicyFix::Action::Set, current, list,
                                    tr("set %1 = %2").arg(name, Py::repr(list))));
        f.fixText = tr("Write a list: %1 = %2.").arg(name, Py::repr(list));
    }
}

void systemChecks(LintRun &run, QSet<SettingId> &checked)
{
    const SystemCheckResult result = runSystemChecks(run.policy());
    for (const CheckMessage &m : result.errors) {
        const SettingId current = currentOf(m.setting.value_or(SettingId::AllowedOrigins));
        checked.insert(current);
        Finding &f = run.add("", current, m.entry);
        f.id = m.id;
        f.severity = Finding::Severity::Error;
        f.message = m.message + u'.';
        if (f.message.endsWith(QLatin1String("..")))
            f.message.chop(1);
        f.fixText = m.hint.isEmpty() ? tr("Correct the value so that manage.py check passes.")
                                     : m.hint;
        if (m.entry < 0) {
            settingFix(run, m.id, current, f);
            continue;
        }
        if (current != SettingId::AllowedOrigins)
            continue;
        const QString entry = f.entryText;
        const auto split = Py::urlsplit(entry);
        if (m.id == QLatin1String("corsheaders.E013")) {
            // A dev server on loopback (localhost:3000) serves http; any other host https.
            const QString withScheme = likelyOriginOf(entry);
            if (!withScheme.isEmpty() && isSerializedOrigin(withScheme)) {
                f.fixes = normalizeOriginFix(run, current, m.entry, entry, withScheme, &f.fixText);
                if (withScheme.startsWith(QLatin1String("http://")))
                    f.fixText += u' '
                            + tr("(A dev server on this machine serves http; if yours uses TLS, "
                                 "write %1 instead.)")
                                      .arg(quoted(QStringLiteral("https://") + entry.trimmed()));
            }
            // A scheme-less entry compares equal to every Origin without scheme and netloc,
            // null included, which any page can send.
            if (split && split->scheme.isEmpty() && split->netloc.isEmpty()
                && run.entryAdmits(current, m.entry, QStringLiteral("null"))) {
                f.message += u' '
                        + tr("Django still uses the entry at runtime: it has neither scheme nor "
                             "netloc, so it admits the Origin null (any sandboxed iframe) and "
                             "every other scheme-less Origin.");
                run.setAttacker(f, QStringLiteral("null"));
            }
        } else if (m.id == QLatin1String("corsheaders.E014")) {
            if (const auto normalized = normalizedOrigin(entry)) {
                f.fixes = normalizeOriginFix(run, current, m.entry, entry, *normalized, &f.fixText);
            }
        }
    }
}

void entryIssues(LintRun &run, SettingId current, const QSet<SettingId> &checked)
{
    const SettingId spelled = run.spelled(current);
    const QList<PyValue> entries = run.entries(current);
    for (const EntryIssue &issue : validateEntries(run.policy(), spelled)) {
        if (!run.isWritten(current, issue.index))
            continue;
        const QString &code = issue.code;
        const QString text
                = issue.index < entries.size() ? entryText(entries.at(issue.index)) : QString();
        const char *id = nullptr;
        QList<PolicyFix> fixes;
        QString fixText;
        QString message = issue.message;
        const bool origins = current == SettingId::AllowedOrigins;

        if (code == QLatin1String("duplicate")) {
            id = "duplicate-entry";
            fixes = run.removeEntry(current, issue.index,
                                    tr("remove the duplicate %1").arg(quoted(text)));
            fixText = tr("Remove the duplicate.");
            const int first = firstEqualEntry(current, entries, issue.index);
            if (first >= 0)
                message = tr("%1 repeats %2[%3] %4: the second copy changes nothing.")
                                  .arg(quoted(text), settingName(spelled))
                                  .arg(first)
                                  .arg(quoted(entryText(entries.at(first))));
        } else if (code == QLatin1String("not-a-string")) {
            if (checked.contains(current))
                continue; // Django's own check (E001, E006, ...) says it for the whole setting
            id = "entry-not-a-string";
            fixes = run.removeEntry(current, issue.index, tr("remove %1").arg(text));
            fixText = tr("Write the entry as a string.");
        } else if (origins) {
            if (code == QLatin1String("null") || code == QLatin1String("file")
                || code == QLatin1String("missing-scheme") || code == QLatin1String("path")
                || code == QLatin1String("trailing-slash"))
                continue; // lintOrigins (null, file) and Django's E013/E014
            if (code == QLatin1String("unparseable")) {
                id = "origin-unparseable";
                fixes = run.removeEntry(current, issue.index, tr("remove %1").arg(quoted(text)));
                fixText = tr("Correct or remove the entry.");
            } else {
                id = "origin-never-matches";
                if (const auto normalized = normalizedOrigin(text)) {
                    fixes = normalizeOriginFix(run, current, issue.index, text, *normalized,
                                               &fixText);
                } else {
                    fixText = tr("Write the origin as scheme://host[:port] in lower case, or "
                                 "remove it.");
                }
            }
        } else if (current == SettingId::AllowedOriginRegexes) {
            if (code == QLatin1String("regex-syntax")) {
                id = "regex-syntax";
                fixText = tr("Correct the pattern (Python's message says where).");
            } else if (code == QLatin1String("regex-unsupported")) {
                id = "regex-unsupported";
                fixText = tr(
                        "Nothing to fix in the policy; CORS Studio cannot check this pattern.");
            }
        } else if (current == SettingId::AllowHeaders || current == SettingId::ExposeHeaders) {
            const bool expose = current == SettingId::ExposeHeaders;
            if (code == QLatin1String("not-a-token"))
                id = "header-not-a-token";
            else if (code == QLatin1String("forbidden-header"))
                id = expose ? "expose-forbidden" : "header-forbidden";
            else if (code == QLatin1String("safelisted") && expose)
                id = "expose-safelisted";
            if (id) {
                fixes = run.removeEntry(current, issue.index, tr("remove %1").arg(quoted(text)));
                fixText = tr("Remove %1.").arg(quoted(text));
            }
        } else if (current == SettingId::AllowMethods) {
            if (code == QLatin1String("not-a-token") || code == QLatin1String("forbidden-method")) {
                id = code == QLatin1String("not-a-token") ? "method-not-a-token"
                                                          : "method-forbidden";
                fixes = run.removeEntry(current, issue.index, tr("remove %1").arg(quoted(text)));
                fixText = tr("Remove %1.").arg(quoted(text));
            } else if (code == QLatin1String("method-case")) {
                id = "method-case";
                const QString upper = Fetch::normalizeMethod(text);
                fixes = run.replaceEntry(current, issue.index, PyValue::str(upper),
                                         tr("replace %1 with %2").arg(quoted(text), quoted(upper)));
                fixText = tr("Write %1.").arg(quoted(upper));
            }
        } else if (current == SettingId::CsrfTrustedOrigins) {
            id = "csrf-trusted-origin-form";
            if (run.profile() == Profile::V4) {
                const QString likely = likelyOriginOf(text);
                const QString withScheme
                        = likely.isEmpty() ? QStringLiteral("https://") + text : likely;
                fixes = run.replaceEntry(
                        current, issue.index, PyValue::str(withScheme),
                        tr("replace %1 with %2").arg(quoted(text), quoted(withScheme)));
                fixText = tr("Write %1.").arg(quoted(withScheme));
            } else {
                const QString host = text.section(QLatin1String("://"), 1).section(u'/', 0, 0);
                fixes = run.replaceEntry(current, issue.index, PyValue::str(host),
                                         tr("replace %1 with %2").arg(quoted(text), quoted(host)));
                fixText = tr("Write %1.").arg(quoted(host));
            }
        }
        if (!id)
            continue;
        Finding &f = run.add(id, current, issue.index);
        // The entry check knows which of its issues are errors (a missing scheme under Django
        // 4 is one); keep its judgement where it is stricter or milder than the rule's default.
        if (QString::fromLatin1(id) == QLatin1String("csrf-trusted-origin-form")
            || QString::fromLatin1(id) == QLatin1String("duplicate-entry"))
            f.severity = code == QLatin1String("duplicate") ? Finding::Severity::Info
                                                            : severityOf(issue.severity);
        f.message = message;
        f.position = issue.position;
        f.length = issue.position >= 0 ? 1 : 0;
        f.fixText = fixText;
        f.fixes = fixes;
    }
}

} // namespace

void lintDjangoChecks(LintRun &run)
{
    QSet<SettingId> checked;
    systemChecks(run, checked);
    for (const SettingId id :
         {SettingId::AllowedOrigins, SettingId::AllowedOriginRegexes, SettingId::AllowMethods,
          SettingId::AllowHeaders, SettingId::ExposeHeaders, SettingId::CsrfTrustedOrigins})
        entryIssues(run, id, checked);
}

} // namespace Cors::Lint
