// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "server/httpmessage.h"
#include "stack/deployment.h"

#include <QHash>
#include <QString>

#include <optional>

namespace Cors {

/** Django's HttpRequest as the middleware chain sees and changes it, for one request. */
class StackRequest
{
public:
    StackRequest(const HttpRequest &http, const Deployment &deployment, Profile profile);

    const Deployment &deployment() const { return *m_deployment; }
    const StackSettings &settings() const { return m_deployment->settings; }
    Profile profile() const { return m_profile; }
    /** Django 5.2 (profile 4.x) rather than 3.2 (profile 3.14). */
    bool isDjango5() const { return m_profile == Profile::V4; }

    const HttpRequest &http() const { return m_http; }
    const QString &method() const { return m_method; }
    const QString &pathInfo() const { return m_pathInfo; }
    const QString &queryString() const { return m_query; }

    /** request.META[key] for HTTP_* keys, CONTENT_TYPE and CONTENT_LENGTH. */
    std::optional<QString> meta(const QString &key) const;
    /** The Referer as CSRF reads it (CORS_REPLACE_HTTPS_REFERER may have replaced it). */
    std::optional<QString> referer() const { return m_referer; }
    bool refererReplaced() const { return m_originalReferer.has_value(); }
    /** cors 3.14 _https_referer_replace; false if already replaced or a header is missing. */
    bool replaceReferer();
    /** CorsPostCsrfMiddleware's restore. */
    bool restoreReferer();

    const QHash<QString, QString> &cookies() const { return m_cookies; }

    QString scheme() const;
    bool isSecure() const { return scheme() == QLatin1String("https"); }
    QString port() const { return m_http.secure ? QStringLiteral("443") : QStringLiteral("80"); }
    /** The host before validation (_get_raw_host). */
    QString rawHost() const;
    /** request.get_host(); nullopt and the DisallowedHost message in @p error when refused. */
    std::optional<QString> host(QString *error) const;
    /** request.get_full_path(force_append_slash). */
    QString fullPath(bool forceAppendSlash = false) const;

    // ---- What middleware attached to the request ------------------------------------------
    /** SessionMiddleware.process_request ran: request.session exists. */
    bool hasSession = false;
    /** The session was read (request.session.accessed). */
    bool sessionAccessed = false;
    /** AuthenticationMiddleware.process_request ran: request.user exists. */
    bool hasUser = false;
    /** request.csrf_processing_done */
    bool csrfProcessingDone = false;

    /** The session key from the cookie, if Django accepts its format (8 characters or more). */
    std::optional<QString> sessionKey() const;
    /** Reads the session (marks it accessed); true when it is a logged-in user's. */
    bool loadSession();
    /** SessionBase.is_empty() as the session stands now. */
    bool sessionIsEmpty() const;
    /** Evaluates request.user (AuthenticationMiddleware's lazy user): logged in? */
    bool userIsAuthenticated();

private:
    const Deployment *m_deployment;
    Profile m_profile;
    HttpRequest m_http;
    QString m_method;
    QString m_pathInfo;
    QString m_query;
    QHash<QString, QString> m_meta;
    QHash<QString, QString> m_cookies;
    std::optional<QString> m_referer;
    std::optional<QString> m_originalReferer;
    bool m_sessionLoaded = false;
    bool m_sessionFound = false;
};

} // namespace Cors
