// SPDX-License-Identifier: MIT
#include "stack/serverside.h"

namespace Cors {

namespace {

/** Routes that send every path to a view answering 200 (<path:> needs one character). */
QList<Route> everyPath()
{
    return {Route {QString(), ViewKind::Ok, std::nullopt, std::nullopt},
            Route {QStringLiteral("<path:rest>"), ViewKind::Ok, std::nullopt, std::nullopt}};
}

} // namespace

ServerSide ServerSide::of(const Deployment *deployment, std::shared_ptr<const StackFront> front)
{
    ServerSide server;
    if (deployment)
        server.deployment = *deployment;
    if (front)
        server.front = [front](const Policy &) { return front; };
    return server;
}

std::optional<DjangoStack> ServerSide::stackFor(const Policy &policy) const
{
    if (!deployment)
        return std::nullopt;
    DjangoStack stack(policy, *deployment);
    if (front)
        stack.setFront(front(policy));
    return stack;
}

Deployment silentDjango(const std::optional<Deployment> &deployment)
{
    if (!deployment) {
        Deployment bare;
        bare.routes = everyPath();
        return bare;
    }
    Deployment silent = *deployment;
    silent.settings.middleware.removeIf([](const QString &path) {
        const MiddlewareKind kind = middlewareKind(path);
        return kind == MiddlewareKind::Cors || kind == MiddlewareKind::CorsPostCsrf;
    });
    return silent;
}

Deployment corsMiddlewareAlone()
{
    Deployment alone;
    alone.settings.middleware = {QStringLiteral("corsheaders.middleware.CorsMiddleware")};
    alone.routes = everyPath();
    return alone;
}

} // namespace Cors
