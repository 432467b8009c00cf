// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"
#include "server/corsengine.h"
#include "server/explanation.h"
#include "server/httpmessage.h"
#include "stack/deployment.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Cors {

/** One thing a layer of the stack did with the request or the response. */
struct StackStep
{
    /** "SecurityMiddleware", "CommonMiddleware", "URL resolver", "view", "handler", ... */
    QString layer;
    /** "request", "view" or "response": when in the request's life it happened. */
    QString phase;
    Verdict verdict = Verdict::Pass;
    QString text;
    /** The Django setting that decided ("APPEND_SLASH", "MIDDLEWARE", ...), if any. */
    QString setting;
    /** Line of that setting in the settings module, or 0. */
    int line = 0;
    /** For CorsMiddleware's own steps: the django-cors-headers setting and entry. */
    std::optional<SettingId> corsSetting;
    int corsEntry = -1;
    /** The status of the response at this point, or 0 before there is one. */
    int status = 0;
};

/** What the whole Django stack answers: the response as it leaves the WSGI handler. */
struct StackResponse
{
    int status = 200;
    /** Every header of the response, in Django's order and spelling (cookies last). */
    HttpHeaders headers;
    /** The layer whose response this is ("CommonMiddleware", "view", ...). */
    QString decidedBy;
    /** CorsMiddleware answered a preflight itself. */
    bool corsShortCircuit = false;
    /** CorsMiddleware's response phase ran on this response (and with which result). */
    bool corsApplied = false;
    EngineResponse cors;
    /** The Python exception behind a 500 (or 400), if any. */
    QString error;
    QList<StackStep> steps;
};

/** The middleware classes the stack knows; anything else is passed through as not modelled. */
enum class MiddlewareKind {
    Security,
    Session,
    Common,
    Csrf,
    Authentication,
    Messages,
    XFrameOptions,
    Cors,
    CorsPostCsrf,
    WhiteNoise,
    Unknown,
};

/** Whether a response header is one CORS is about: Access-Control-*, Vary, Location. */
bool isStackReportedHeader(QStringView name);

MiddlewareKind middlewareKind(const QString &dottedPath);
/** The dotted paths of every middleware the stack models, in a sensible MIDDLEWARE order. */
QStringList knownMiddlewarePaths();
/** The class name of a dotted path ("CommonMiddleware"). */
QString middlewareClassName(const QString &dottedPath);
/** One sentence on what a known middleware does to CORS requests, for the editor. */
QString middlewareDescription(MiddlewareKind kind, Profile profile);

class DjangoStack;

/** Something in front of the stack (issue 18: nginx) that answers for it and forwards to it. */
class StackFront
{
public:
    virtual ~StackFront() = default;
    /** What the client gets; @p behind is the stack without this front. */
    virtual StackResponse respond(const DjangoStack &behind, const HttpRequest &request,
                                  bool explain) const = 0;
};

/**
 * A request through Django's WSGI handler: the middleware chain of MIDDLEWARE in order
 * (Django 3.2 for profile 3.14, Django 5.2 for profile 4.x), CorsMiddleware as CorsEngine
 * answers, URL resolution over the routes, and the routes' views (function views, @csrf_exempt,
 * @login_required, views that raise, Django REST framework APIViews) — each layer a step that
 * names the setting that decided it.
 */
class DjangoStack
{
public:
    DjangoStack(const Policy &policy, const Deployment &deployment);
    ~DjangoStack();
    DjangoStack(const DjangoStack &);
    DjangoStack &operator=(const DjangoStack &);

    /**
     * What keeps Django from starting with this configuration (a middleware that cannot be
     * imported, an invalid route or regex): every request would fail. Empty when it starts.
     */
    QStringList startupErrors() const;
    /** Notes on parts that are passed through without a model (unknown middleware, classes). */
    QStringList notModelled() const;

    StackResponse respond(const HttpRequest &request, bool explain = true) const;

    /** Puts @p front (a proxy) before the stack: respond() then answers what it sends. */
    void setFront(std::shared_ptr<const StackFront> front) { m_front = std::move(front); }

    /** The compiled configuration (defined in djangostack.cpp). */
    struct Data;

private:
    std::shared_ptr<const Data> d;
    std::shared_ptr<const StackFront> m_front;
};

} // namespace Cors
