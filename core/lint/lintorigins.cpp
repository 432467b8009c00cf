// SPDX-License-Identifier: MIT
// CORS_ALLOW_ALL_ORIGINS and the exact entries of CORS_ALLOWED_ORIGINS.

#include "browser/weborigin.h"
#include "lint/lintsupport.h"

namespace Cors::Lint {

namespace {

// The page origins of the saved scenarios: the origins the author evidently means to serve.
QStringList scenarioOrigins(const LintRun &run)
{
    QStringList out;
    for (const SavedScenario &saved : run.context().scenarios) {
        const auto origin = WebOrigin::parse(saved.scenario.pageOrigin);
        if (!origin || origin->isOpaque())
            continue;
        const QString serialized = origin->serialize();
        if (!out.contains(serialized))
            out.append(serialized);
    }
    return out;
}

void allowAll(LintRun &run)
{
    const QString allowAllName = settingName(run.spelled(SettingId::AllowAllOrigins));
    if (run.credentials()) {
        Finding &f = run.add("allow-all-with-credentials", SettingId::AllowAllOrigins);
        f.message
                = tr("%1 and %2 are both on: django-cors-headers answers every Origin with "
                     "itself and Access-Control-Allow-Credentials: true, so any website can "
                     "read responses with the visitor's cookies.")
                          .arg(allowAllName, settingName(run.spelled(SettingId::AllowCredentials)));
        run.setAttacker(f, QStringLiteral("https://evil.test"));
        f.fixes.append(LintRun::fix(PolicyFix::Action::Set, SettingId::AllowAllOrigins,
                                    PyValue::boolean(false),
                                    tr("set %1 = False").arg(allowAllName)));
        QStringList added;
        for (const QString &origin : scenarioOrigins(run)) {
            f.fixes.append(LintRun::fix(
                    PolicyFix::Action::AddToList, SettingId::AllowedOrigins, PyValue::str(origin),
                    tr("add %1 to %2")
                            .arg(quoted(origin),
                                 settingName(run.spelled(SettingId::AllowedOrigins)))));
            added.append(origin);
        }
        f.fixText = added.isEmpty()
                ? tr("Turn %1 off and list the origins that may use credentials in "
                     "CORS_ALLOWED_ORIGINS.")
                          .arg(allowAllName)
                : tr("Turn %1 off and list the origins that may use credentials (the saved "
                     "scenarios use %2).")
                          .arg(allowAllName, added.join(QStringLiteral(", ")));
    }
    if (!run.entries(SettingId::AllowedOrigins).isEmpty()
        || !run.entries(SettingId::AllowedOriginRegexes).isEmpty()) {
        Finding &f = run.add("allow-all-ignores-lists", SettingId::AllowAllOrigins);
        f.message = tr("%1 is on, so the entries of %2 and %3 are never consulted.")
                            .arg(allowAllName, settingName(run.spelled(SettingId::AllowedOrigins)),
                                 settingName(run.spelled(SettingId::AllowedOriginRegexes)));
        f.fixText = tr("Turn %1 off if the lists say which origins you mean.").arg(allowAllName);
    }
}

void nullEntry(LintRun &run, int index)
{
    Finding &f = run.add("origin-null", SettingId::AllowedOrigins, index);
    if (run.credentials())
        f.severity = Finding::Severity::Error;
    f.message = tr("\"null\" admits the Origin null, which any page can send: a sandboxed iframe "
                   "(<iframe sandbox=\"allow-scripts\">), a data: document, a request after a "
                   "cross-origin redirect. Django also lets it admit every Origin without scheme "
                   "and netloc (\"evil\", \"NULL\") from non-browser clients.");
    if (run.credentials())
        f.message += u' '
                + tr("With credentials, such a page reads the API with the visitor's "
                     "cookies.");
    if (run.entryAdmits(SettingId::AllowedOrigins, index, QStringLiteral("null")))
        run.setAttacker(f, QStringLiteral("null"));
    f.fixes = run.removeEntry(SettingId::AllowedOrigins, index, tr("remove \"null\""));
    f.fixText = tr("Remove \"null\"; serve pages that need the API from a real origin.");
}

void fileEntry(LintRun &run, int index)
{
    Finding &f = run.add("origin-file", SettingId::AllowedOrigins, index);
    f.message = tr("\"file://\" never matches a browser: pages opened from files send Origin "
                   "null. Django compares only the scheme here, so the entry admits any file: "
                   "string a non-browser client sends (\"file:///etc\").");
    f.fixes = run.removeEntry(SettingId::AllowedOrigins, index, tr("remove \"file://\""));
    f.fixText = tr("Remove \"file://\"; serve local test pages from http://localhost instead.");
}

void exactOrigin(LintRun &run, int index, const QString &origin)
{
    if (!run.entryAdmits(SettingId::AllowedOrigins, index, origin))
        return;
    const WebOrigin parsed = *run.origin(origin);
    const QString host = parsed.host();
    const QString scheme = parsed.scheme();
    if (isLocalNetworkHost(host)) {
        Finding &f = run.add("origin-local-network", SettingId::AllowedOrigins, index);
        if (!run.credentials())
            f.severity = Finding::Severity::Info;
        f.message = isLoopbackHost(host)
                ? tr("%1 is the visitor's own machine: any program or development server that "
                     "serves a page there can read the API%2.")
                : tr("%1 is an address on the visitor's private network: whatever serves a page "
                     "there (a router, a printer, another app) can read the API%2.");
        f.message = f.message.arg(
                quoted(origin), run.credentials() ? tr(" with the visitor's cookies") : QString());
        run.setAttacker(f, origin);
        f.fixes = run.removeEntry(SettingId::AllowedOrigins, index,
                                  tr("remove %1").arg(quoted(origin)));
        f.fixText = tr("Keep development origins out of production settings (for example in an "
                       "`if DEBUG:` branch).");
        return;
    }
    if (run.credentials() && (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))) {
        Finding &f = run.add("origin-insecure-scheme", SettingId::AllowedOrigins, index);
        const QString secure = (scheme == QLatin1String("http") ? QStringLiteral("https")
                                                                : QStringLiteral("wss"))
                + origin.mid(scheme.size());
        f.message = tr("%1 is plain http and credentials are on: anyone on the visitor's network "
                       "can inject script into that page and read the API with the visitor's "
                       "cookies through it.")
                            .arg(quoted(origin));
        run.setAttacker(f, origin);
        bool listed = false;
        for (const PyValue &other : run.entries(SettingId::AllowedOrigins))
            listed = listed || (other.isStr() && other.text() == secure);
        f.fixes = listed
                ? run.removeEntry(
                        SettingId::AllowedOrigins, index,
                        tr("remove %1 (%2 is listed)").arg(quoted(origin), quoted(secure)))
                : run.replaceEntry(SettingId::AllowedOrigins, index, PyValue::str(secure),
                                   tr("replace %1 with %2").arg(quoted(origin), quoted(secure)));
        f.fixText = tr("Serve the front end over https and list %1.").arg(quoted(secure));
    }
}

} // namespace

void lintOrigins(LintRun &run)
{
    if (run.allowAll()) {
        allowAll(run);
        return; // the lists are not consulted at all
    }
    const QList<PyValue> entries = run.entries(SettingId::AllowedOrigins);
    for (int i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isStr())
            continue;
        const QString text = entries.at(i).text();
        if (text == QLatin1String("null"))
            nullEntry(run, i);
        else if (text == QLatin1String("file://"))
            fileEntry(run, i);
        else if (run.isSerializedOrigin(text))
            exactOrigin(run, i, text);
    }
}

} // namespace Cors::Lint
