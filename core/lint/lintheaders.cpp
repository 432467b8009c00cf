// SPDX-License-Identifier: MIT
// CORS_ALLOW_METHODS, CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS beyond what the entry validation
// already says (forbidden names, tokens, case, duplicates come from there).

#include "browser/fetchrules.h"
#include "lint/lintsupport.h"

namespace Cors::Lint {

namespace {

bool isMisplacedRequestHeader(const QString &lower)
{
    // Response headers of the CORS protocol: a script never sends them.
    return lower.startsWith(QLatin1String("access-control-allow-"))
            || lower == QLatin1String("access-control-expose-headers")
            || lower == QLatin1String("access-control-max-age");
}

bool isMisplacedResponseHeader(const QString &lower)
{
    // Request-side or preflight-only names: never part of an actual response worth reading.
    return lower == QLatin1String("origin")
            || lower.startsWith(QLatin1String("access-control-request-"))
            || lower == QLatin1String("access-control-allow-methods")
            || lower == QLatin1String("access-control-allow-headers")
            || lower == QLatin1String("access-control-max-age");
}

void wildcards(LintRun &run, SettingId current)
{
    const QList<PyValue> entries = run.entries(current);
    bool hasStar = false;
    bool hasAuthorization = false;
    for (int i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isStr())
            continue;
        const QString text = entries.at(i).text();
        hasAuthorization = hasAuthorization
                || text.compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0;
        if (text != QLatin1String("*"))
            continue;
        hasStar = true;
        if (!run.credentials())
            continue;
        Finding &f = run.add("wildcard-with-credentials", current, i);
        f.message = tr("%1 lists \"*\" while credentials are on: for credentialed requests "
                       "browsers read it as a name, not a wildcard, so it allows nothing there.")
                            .arg(settingName(run.spelled(current)));
        f.fixes = run.removeEntry(
                current, i, tr("remove \"*\" from %1").arg(settingName(run.spelled(current))));
        f.fixText = current == SettingId::AllowMethods
                ? tr("List the methods the front end uses instead of \"*\".")
                : tr("List the header names the front end uses instead of \"*\".");
    }
    if (current == SettingId::AllowHeaders && hasStar && !run.credentials() && !hasAuthorization) {
        int index = 0;
        for (int i = 0; i < entries.size(); ++i) {
            if (entries.at(i).isStr() && entries.at(i).text() == QLatin1String("*"))
                index = i;
        }
        Finding &f = run.add("header-wildcard-authorization", current, index);
        f.message = tr("CORS_ALLOW_HEADERS is \"*\" without authorization: the Fetch standard "
                       "never lets * cover Authorization. Chromium and Firefox still do, with a "
                       "deprecation warning, so requests with an Authorization header will start "
                       "failing.");
        f.fixes.append(LintRun::fix(PolicyFix::Action::AddToList, current,
                                    PyValue::str(QStringLiteral("authorization")),
                                    tr("add \"authorization\" to CORS_ALLOW_HEADERS")));
        f.fixText = tr("Add \"authorization\" next to \"*\".");
    }
}

void names(LintRun &run, SettingId current)
{
    const QList<PyValue> entries = run.entries(current);
    for (int i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isStr() || !run.isWritten(current, i))
            continue;
        const QString text = entries.at(i).text();
        const QString lower = text.toLower();
        const QString setting = settingName(run.spelled(current));
        if (current == SettingId::AllowMethods) {
            if (text == QLatin1String("GET") || text == QLatin1String("HEAD")
                || text == QLatin1String("POST") || text == QLatin1String("OPTIONS")) {
                Finding &f = run.add("method-unneeded", current, i);
                f.message = text == QLatin1String("OPTIONS")
                        ? tr("OPTIONS is the preflight itself: browsers never ask whether it is "
                             "allowed (unless a script sends OPTIONS on purpose).")
                        : tr("%1 is CORS-safelisted: browsers never check it against %2.")
                                  .arg(text, setting);
                f.fixes = run.removeEntry(current, i,
                                          tr("remove %1 from %2").arg(quoted(text), setting));
                f.fixText
                        = tr("Remove %1 (harmless, but it suggests it matters).").arg(quoted(text));
            }
            continue;
        }
        if (current == SettingId::AllowHeaders) {
            if (isMisplacedRequestHeader(lower)) {
                Finding &f = run.add("header-misplaced", current, i);
                f.message = tr("%1 is a response header of the CORS protocol, not a header scripts "
                               "send: listing it in %2 does not make the server send it.")
                                    .arg(text, setting);
                f.fixes = run.removeEntry(current, i,
                                          tr("remove %1 from %2").arg(quoted(text), setting));
                f.fixText = tr("Remove %1; django-cors-headers sends the Access-Control-Allow-* "
                               "headers itself.")
                                    .arg(quoted(text));
            } else if (Fetch::isSafelistedRequestHeaderName(lower)
                       && lower != QLatin1String("content-type")) { // JSON needs it listed
                Finding &f = run.add("header-safelisted", current, i);
                f.message = tr("%1 is CORS-safelisted (for values without unusual characters, up "
                               "to 128 bytes): it never causes a preflight, so listing it is not "
                               "needed.")
                                    .arg(text);
                f.fixes = run.removeEntry(current, i,
                                          tr("remove %1 from %2").arg(quoted(text), setting));
                f.fixText = tr("Remove %1 unless the front end sends unusual values.")
                                    .arg(quoted(text));
            }
            continue;
        }
        if (current == SettingId::ExposeHeaders && isMisplacedResponseHeader(lower)) {
            Finding &f = run.add("header-misplaced", current, i);
            f.message = tr("%1 is not a header of an actual response worth reading (request-side "
                           "or preflight-only): exposing it does nothing.")
                                .arg(text);
            f.fixes = run.removeEntry(current, i,
                                      tr("remove %1 from %2").arg(quoted(text), setting));
            f.fixText = tr("Remove %1.").arg(quoted(text));
        }
    }
}

} // namespace

void lintHeaders(LintRun &run)
{
    for (const SettingId id :
         {SettingId::AllowMethods, SettingId::AllowHeaders, SettingId::ExposeHeaders}) {
        wildcards(run, id);
        names(run, id);
    }
}

} // namespace Cors::Lint
