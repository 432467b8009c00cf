// SPDX-License-Identifier: MIT
#include "engines/impliedrequest.h"

namespace Cors {

namespace {

/** A header's value the text never tells: any value makes the same preflight. */
const QString anyHeaderValue = QStringLiteral("1");

} // namespace

std::optional<Scenario> impliedScenario(const ErrorExplanation &e)
{
    if (e.url.isEmpty())
        return std::nullopt;
    Scenario s;
    s.url = e.firstUrl.isEmpty() ? e.url : e.firstUrl;
    s.pageOrigin = e.origin;
    if (!e.method.isEmpty())
        s.method = e.method;
    if (const auto mode = credentialsModeFromName(e.credentials); mode && !e.credentials.isEmpty())
        s.credentials = *mode;
    for (const QString &name : e.requestHeaders)
        s.headers.append({name, anyHeaderValue});
    if (e.initiator)
        s.initiator = *e.initiator;
    if (e.engine)
        s.browser = *e.engine;
    return s;
}

QStringList impliedSimulateArguments(const ErrorExplanation &e)
{
    const std::optional<Scenario> s = impliedScenario(e);
    if (!s)
        return {};
    QStringList args = {QStringLiteral("--url"), s->url};
    if (!s->pageOrigin.isEmpty())
        args = QStringList {QStringLiteral("--origin"), s->pageOrigin} + args;
    if (!e.method.isEmpty())
        args << QStringLiteral("--method") << s->method;
    if (!e.credentials.isEmpty())
        args << QStringLiteral("--credentials") << credentialsModeName(s->credentials);
    for (const HttpHeader &h : s->headers)
        args << QStringLiteral("--header") << h.name + QStringLiteral(": ") + h.value;
    if (e.engine)
        args << QStringLiteral("--browser") << browserEngineName(s->browser);
    return args;
}

} // namespace Cors
