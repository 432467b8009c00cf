// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenario.h"
#include "policy/policy.h"
#include "python/settingsreader.h"
#include "stack/deployment.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/** A request saved with the policy, to re-run after every edit. */
struct SavedScenario
{
    QString name;
    Scenario scenario;
    /** The verdict the user expects: true allowed, false blocked; unset: not checked. */
    std::optional<bool> expectAllowed;
    /** Scenarios with the same session share a browser (its preflight cache), in order. */
    QString session;
    /** Seconds the session's clock advances before this request. */
    double advanceSeconds = 0;

    friend bool operator==(const SavedScenario &, const SavedScenario &) = default;
};

/** Which layer answers CORS: django-cors-headers (the policy's own home) or nginx in front. */
enum class CorsLayer {
    Django, ///< CorsMiddleware answers, as designed
    Nginx,  ///< the nginx export answers; Django stays silent (no CorsMiddleware)
};

QString corsLayerName(CorsLayer layer);
std::optional<CorsLayer> corsLayerFromName(const QString &name);

/**
 * What a *.cors.yaml file holds: the policy (with its profile), the Django deployment around
 * CorsMiddleware if the document describes one, and the saved scenarios.
 */
struct CorsDocument
{
    Policy policy;
    QList<SavedScenario> scenarios;
    /**
     * The middleware chain, Django settings, routes and users around CorsMiddleware; unset:
     * CorsMiddleware alone. The file does not keep StackSettings::lines (they point into a
     * settings module), so a loaded deployment has none. Last, with an initializer, so that
     * CorsDocument {policy, scenarios} still means "no deployment".
     */
    std::optional<Deployment> deployment = std::nullopt;
    /**
     * Imported from a settings.py: the CORS settings it assigns that could not be read. Not
     * saved; the linter reports each (rule setting-unread), so no report is clean by omission.
     */
    QList<UnreadSetting> unreadSettings = {};
    /**
     * `proxy:`: the nginx configuration in front of the Django stack (issue 18), as written: a
     * path relative to the document's directory (or absolute). Empty: no proxy. The commands
     * use it when no --proxy is given (proxyFilePath() resolves it).
     */
    QString proxyFile = {};
    /**
     * `cors_layer:`: who answers CORS in the deployment. Nginx: the policy is exported as nginx
     * configuration in front of Django, and the Django side leaves CorsMiddleware out.
     */
    CorsLayer corsLayer = CorsLayer::Django;

    friend bool operator==(const CorsDocument &, const CorsDocument &) = default;
};

/**
 * The document's proxy file as a path to open: proxyFile resolved against the directory of
 * @p documentPath (the document's own file); empty when the document names none.
 */
QString proxyFilePath(const CorsDocument &document, const QString &documentPath);

} // namespace Cors
