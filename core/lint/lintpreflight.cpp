// SPDX-License-Identifier: MIT
// CORS_PREFLIGHT_MAX_AGE and CORS_ALLOW_PRIVATE_NETWORK.

#include "browser/fetchrules.h"
#include "lint/lintsupport.h"
#include "python/pysemantics.h"

namespace Cors::Lint {

namespace {

constexpr qint64 ChromiumCap = Fetch::ChromiumMaxAgeCapSeconds;
constexpr qint64 FirefoxCap = 86400; // Firefox clamps to 24 hours

void maxAge(LintRun &run)
{
    if (!run.isDefined(SettingId::PreflightMaxAge))
        return; // Django's default (86400) is not the user's choice
    const PyValue value = run.policy().effective(SettingId::PreflightMaxAge);
    if (value.kind() != PyValue::Kind::Int)
        return; // other types are Django's E004
    const auto seconds = value.toInt64();
    if (!seconds || *seconds < 0)
        return;
    const QString name = settingName(run.spelled(SettingId::PreflightMaxAge));
    if (*seconds == 0) {
        Finding &f = run.add("max-age-zero", SettingId::PreflightMaxAge);
        f.message = tr("%1 = 0 does not disable preflight caching: Django then omits "
                       "Access-Control-Max-Age, and browsers cache each preflight for 5 seconds.")
                            .arg(name);
        f.fixes.append(LintRun::fix(PolicyFix::Action::Set, SettingId::PreflightMaxAge,
                                    PyValue::integer(5), tr("set %1 = 5").arg(name)));
        f.fixText = tr("Write 5 to say what happens, or a larger value (such as 600) to save "
                       "preflights.");
        return;
    }
    if (*seconds <= ChromiumCap)
        return;
    Finding &f = run.add("max-age-above-cap", SettingId::PreflightMaxAge);
    // 7200 is what both browsers honour, so they agree on when a tightened policy applies.
    const qint64 target = ChromiumCap;
    if (*seconds <= FirefoxCap) {
        f.severity = Finding::Severity::Info;
        f.message = tr("%1 = %2: Chromium caches preflights for at most 7200 seconds (Firefox "
                       "honours up to 86400), so browsers disagree on how long a tightened policy "
                       "takes to apply.")
                            .arg(name)
                            .arg(*seconds);
    } else {
        f.message = tr("%1 = %2 is above every browser's cap (Chromium 7200 seconds, Firefox "
                       "86400): the extra time is ignored, and proxies that honour it delay "
                       "policy changes.")
                            .arg(name)
                            .arg(*seconds);
    }
    f.fixes.append(LintRun::fix(PolicyFix::Action::Set, SettingId::PreflightMaxAge,
                                PyValue::integer(target), tr("set %1 = %2").arg(name).arg(target)));
    f.fixText = tr("Use at most %1 seconds.").arg(target);
}

void privateNetwork(LintRun &run)
{
    if (run.profile() != Profile::V4 || !run.allowAll()
        || !Py::truthy(run.policy().effective(SettingId::AllowPrivateNetwork)))
        return;
    Finding &f = run.add("private-network-with-allow-all", SettingId::AllowPrivateNetwork);
    f.message = tr("CORS_ALLOW_PRIVATE_NETWORK is on and every origin is allowed: any public "
                   "website the visitor opens may reach this service on their private network "
                   "(where browsers still send the Private Network Access preflight).");
    f.fixes.append(LintRun::fix(PolicyFix::Action::Set, SettingId::AllowPrivateNetwork,
                                PyValue::boolean(false),
                                tr("set CORS_ALLOW_PRIVATE_NETWORK = False")));
    f.fixText = tr("Allow private network access only together with an explicit origin list.");
}

} // namespace

void lintPreflight(LintRun &run)
{
    maxAge(run);
    privateNetwork(run);
}

} // namespace Cors::Lint
