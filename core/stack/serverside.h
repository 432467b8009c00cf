// SPDX-License-Identifier: MIT
#pragma once

#include "stack/deployment.h"
#include "stack/djangostack.h"

#include <functional>
#include <memory>
#include <optional>

namespace Cors {

class Policy;

/**
 * What a simulated browser talks to: the Django stack of a deployment and what stands in front
 * of it (nginx). The front is built per policy, because a fix changes the policy and, when nginx
 * answers CORS, the nginx configuration is made from the policy.
 */
struct ServerSide
{
    /** The Django stack; unset: CorsMiddleware alone in front of a view answering 200. */
    std::optional<Deployment> deployment;
    /** What stands in front of the stack under a policy; empty: nothing. Needs a deployment. */
    std::function<std::shared_ptr<const StackFront>(const Policy &)> front;
    /** The front answers CORS (nginx does CORS): the policy decides what it answers. */
    bool frontAnswersCors = false;

    /** @p deployment (may be null) with @p front, a fixed proxy (may be null), in front. */
    static ServerSide of(const Deployment *deployment,
                         std::shared_ptr<const StackFront> front = nullptr);
    /** The Django stack under @p policy with its front; nullopt: CorsMiddleware alone. */
    std::optional<DjangoStack> stackFor(const Policy &policy) const;
};

/**
 * Django's side when nginx answers CORS: @p deployment without CorsMiddleware (and
 * CorsPostCsrfMiddleware); without a deployment, the view alone (no middleware, every path
 * answered 200, as the view behind CorsMiddleware is).
 */
Deployment silentDjango(const std::optional<Deployment> &deployment);

/** "CorsMiddleware alone" as a stack: only CorsMiddleware, every path answered 200 by the view. */
Deployment corsMiddlewareAlone();

} // namespace Cors
