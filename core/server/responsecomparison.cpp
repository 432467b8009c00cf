// SPDX-License-Identifier: MIT
#include "server/responsecomparison.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ResponseComparison", text);
}

const QString allowOriginName = QStringLiteral("Access-Control-Allow-Origin");
const QString allowCredentialsName = QStringLiteral("Access-Control-Allow-Credentials");
const QString allowMethodsName = QStringLiteral("Access-Control-Allow-Methods");
const QString allowHeadersName = QStringLiteral("Access-Control-Allow-Headers");
const QString exposeHeadersName = QStringLiteral("Access-Control-Expose-Headers");
const QString maxAgeName = QStringLiteral("Access-Control-Max-Age");
const QString allowPrivateNetworkName = QStringLiteral("Access-Control-Allow-Private-Network");
const QString varyName = QStringLiteral("Vary");

bool isCorsResponseHeader(QStringView name)
{
    return name.startsWith(QLatin1String("access-control-"), Qt::CaseInsensitive);
}

/** Every line named @p name combined with ", ", as browsers read repeated lines. */
std::optional<QString> combined(const HttpHeaders &headers, QStringView name)
{
    std::optional<QString> out;
    for (const HttpHeader &h : headers) {
        if (!sameHeaderName(h.name, name))
            continue;
        out = out ? *out + QStringLiteral(", ") + h.value : h.value;
    }
    return out;
}

std::optional<QString> requestOrigin(const HttpRequest &request)
{
    return request.headers.value(u"Origin");
}

bool isHttpWhitespace(QChar c)
{
    return c == u' ' || c == u'\t';
}

QString trimmedOws(QStringView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isHttpWhitespace(text.at(begin)))
        ++begin;
    while (end > begin && isHttpWhitespace(text.at(end - 1)))
        --end;
    return text.mid(begin, end - begin).toString();
}

/** The items of a comma-separated list, whitespace trimmed, empty items dropped. */
QStringList listItems(const std::optional<QString> &value)
{
    QStringList items;
    if (!value)
        return items;
    for (const QStringView part : QStringView(*value).split(u',')) {
        const QString item = trimmedOws(part);
        if (!item.isEmpty())
            items.append(item);
    }
    return items;
}

bool containsItem(const QStringList &items, const QString &item, Qt::CaseSensitivity cs)
{
    for (const QString &candidate : items) {
        if (candidate.compare(item, cs) == 0)
            return true;
    }
    return false;
}

bool variesByOrigin(const std::optional<QString> &vary)
{
    for (const QString &token : listItems(vary)) {
        if (sameHeaderName(token, u"Origin") || token == QLatin1String("*"))
            return true;
    }
    return false;
}

QString canonicalName(const QString &name)
{
    // Title-Case each dash-separated word: "access-control-foo" -> "Access-Control-Foo".
    QString out = name.toLower();
    bool start = true;
    for (QChar &c : out) {
        if (start)
            c = c.toUpper();
        start = c == u'-';
    }
    return out;
}

class Comparer
{
public:
    Comparer(const ObservedResponse &server, const EngineResponse &policy)
        : m_server(server.headers)
        , m_policy(policy.headers)
    { }

    QList<ResponseDifference> differences;

    void add(ResponseDifference::Kind kind, const QString &header, const QString &item,
             const QString &text)
    {
        ResponseDifference d;
        d.kind = kind;
        d.header = header;
        d.item = item;
        if (!header.isEmpty()) {
            d.serverValue = combined(m_server, header);
            d.policyValue = combined(m_policy, header);
        }
        d.text = text;
        differences.append(d);
    }

    std::optional<QString> server(const QString &name) const { return combined(m_server, name); }
    std::optional<QString> policy(const QString &name) const { return combined(m_policy, name); }

    /** A single-valued header: presence and exact value. */
    void compareValue(ResponseDifference::Kind kind, const QString &name, const QString &serverOnly,
                      const QString &policyOnly)
    {
        const auto s = server(name);
        const auto p = policy(name);
        if (s == p)
            return;
        if (s && !p)
            add(kind, name, QString(), serverOnly.arg(*s));
        else if (p && !s)
            add(kind, name, QString(), policyOnly.arg(*p));
        else
            add(kind, name, QString(),
                tr("The server answers %1: %2, your policy answers %1: %3.").arg(name, *s, *p));
    }

    /**
     * A list header: item by item. When one side does not send the header at all, a single
     * sentence names everything the other side lists.
     */
    void compareList(ResponseDifference::Kind kind, const QString &name, Qt::CaseSensitivity cs,
                     const QString &serverItem, const QString &policyItem,
                     const QString &serverOnlyHeader, const QString &policyOnlyHeader)
    {
        const auto s = server(name);
        const auto p = policy(name);
        const QStringList serverItems = listItems(s);
        const QStringList policyItems = listItems(p);
        auto shown = [cs](const QString &item) {
            return cs == Qt::CaseInsensitive ? item.toLower() : item;
        };
        if (s && !p && !serverItems.isEmpty()) {
            QStringList names;
            for (const QString &item : serverItems)
                names.append(shown(item));
            add(kind, name, QString(), serverOnlyHeader.arg(names.join(QStringLiteral(", "))));
            return;
        }
        if (p && !s && !policyItems.isEmpty()) {
            QStringList names;
            for (const QString &item : policyItems)
                names.append(shown(item));
            add(kind, name, QString(), policyOnlyHeader.arg(names.join(QStringLiteral(", "))));
            return;
        }
        QStringList seen;
        for (const QString &item : serverItems) {
            if (containsItem(policyItems, item, cs) || containsItem(seen, item, cs))
                continue;
            seen.append(item);
            add(kind, name, shown(item), serverItem.arg(shown(item)));
        }
        for (const QString &item : policyItems) {
            if (containsItem(serverItems, item, cs) || containsItem(seen, item, cs))
                continue;
            seen.append(item);
            add(kind, name, shown(item), policyItem.arg(shown(item)));
        }
    }

    void compareMaxAge()
    {
        const auto s = server(maxAgeName);
        const auto p = policy(maxAgeName);
        if (s == p)
            return;
        if (s && p)
            add(ResponseDifference::Kind::MaxAge, maxAgeName, QString(),
                tr("The server lets browsers cache the preflight for %1 s, your policy for %2 s.")
                        .arg(*s, *p));
        else if (s)
            add(ResponseDifference::Kind::MaxAge, maxAgeName, QString(),
                tr("The server lets browsers cache the preflight for %1 s "
                   "(Access-Control-Max-Age), "
                   "your policy sends no Access-Control-Max-Age (browsers then cache it for 5 s).")
                        .arg(*s));
        else
            add(ResponseDifference::Kind::MaxAge, maxAgeName, QString(),
                tr("The server sends no Access-Control-Max-Age (browsers then cache the preflight "
                   "for 5 s), your policy lets them cache it for %1 s.")
                        .arg(*p));
    }

    void compareOthers()
    {
        static const QStringList known = {
                allowOriginName,   allowCredentialsName, allowMethodsName,       allowHeadersName,
                exposeHeadersName, maxAgeName,           allowPrivateNetworkName};
        QStringList names;
        for (const HttpHeaders *side : {&m_server, &m_policy}) {
            for (const HttpHeader &h : *side) {
                if (!isCorsResponseHeader(h.name)
                    || containsItem(known, h.name, Qt::CaseInsensitive)
                    || containsItem(names, h.name, Qt::CaseInsensitive))
                    continue;
                names.append(h.name);
            }
        }
        for (const QString &name : names)
            compareValue(
                    ResponseDifference::Kind::OtherCorsHeader, canonicalName(name),
                    tr("The server sends %1: %2, your policy does not.").arg(canonicalName(name)),
                    tr("Your policy sends %1: %2, the server does not.").arg(canonicalName(name)));
    }

    void compareVary()
    {
        const bool s = variesByOrigin(server(varyName));
        const bool p = variesByOrigin(policy(varyName));
        if (s == p)
            return;
        add(ResponseDifference::Kind::Vary, varyName, QStringLiteral("Origin"),
            s ? tr("The server sends Vary: Origin, your policy does not.")
              : tr("The server omits Vary: Origin, your policy sends it (without it, caches may "
                   "give "
                   "one origin's answer to another)."));
    }

private:
    const HttpHeaders &m_server;
    const HttpHeaders &m_policy;
};

} // namespace

QString responseDifferenceKindName(ResponseDifference::Kind kind)
{
    switch (kind) {
    case ResponseDifference::Kind::Status:
        return QStringLiteral("status");
    case ResponseDifference::Kind::ServerError:
        return QStringLiteral("server-error");
    case ResponseDifference::Kind::AllowOrigin:
        return QStringLiteral("allow-origin");
    case ResponseDifference::Kind::AllowCredentials:
        return QStringLiteral("allow-credentials");
    case ResponseDifference::Kind::AllowMethods:
        return QStringLiteral("allow-methods");
    case ResponseDifference::Kind::AllowHeaders:
        return QStringLiteral("allow-headers");
    case ResponseDifference::Kind::ExposeHeaders:
        return QStringLiteral("expose-headers");
    case ResponseDifference::Kind::MaxAge:
        return QStringLiteral("max-age");
    case ResponseDifference::Kind::AllowPrivateNetwork:
        return QStringLiteral("allow-private-network");
    case ResponseDifference::Kind::Vary:
        return QStringLiteral("vary");
    case ResponseDifference::Kind::OtherCorsHeader:
        return QStringLiteral("other");
    }
    return QString();
}

bool isPreflightRequest(const HttpRequest &request)
{
    if (request.method.compare(QLatin1String("OPTIONS"), Qt::CaseInsensitive) != 0)
        return false;
    return request.headers.contains(u"Access-Control-Request-Method");
}

EndpointResponse endpointFromObserved(const ObservedResponse &observed)
{
    EndpointResponse endpoint;
    endpoint.status = observed.status;
    for (const HttpHeader &h : observed.headers) {
        if (isCorsResponseHeader(h.name))
            continue;
        if (sameHeaderName(h.name, u"Vary")) {
            QStringList kept;
            for (const QString &token : listItems(h.value)) {
                if (!sameHeaderName(token, u"Origin"))
                    kept.append(token);
            }
            if (!kept.isEmpty())
                endpoint.headers.append({h.name, kept.join(QStringLiteral(", "))});
            continue;
        }
        endpoint.headers.append(h);
    }
    return endpoint;
}

QList<ResponseDifference> compareCorsResponses(const HttpRequest &request,
                                               const ObservedResponse &server,
                                               const EngineResponse &policy)
{
    const bool preflight = isPreflightRequest(request);
    Comparer c(server, policy);

    if (!policy.error.isEmpty() && server.status != 500) {
        c.add(ResponseDifference::Kind::ServerError, QString(), QString(),
              tr("Your policy makes django-cors-headers fail on this request (%1): Django would "
                 "answer 500 without CORS headers, the server answers %2.")
                      .arg(policy.error)
                      .arg(server.status));
        return c.differences;
    }
    const int policyStatus = policy.error.isEmpty() ? policy.status : 500;
    if (preflight && server.status != policyStatus) {
        const bool serverOk = server.status >= 200 && server.status <= 299;
        const bool policyOk = policyStatus >= 200 && policyStatus <= 299;
        QString why;
        if (serverOk && policyOk)
            why = tr(" (both are ok statuses for browsers)");
        else if (!serverOk)
            why = tr(": browsers fail a preflight whose status is not 2xx");
        else
            why = tr(": under your policy browsers would fail it, its status is not 2xx");
        c.add(ResponseDifference::Kind::Status, QString(), QString(),
              tr("The server answers the preflight with status %1, your policy with status %2%3.")
                      .arg(server.status)
                      .arg(policyStatus)
                      .arg(why));
    }

    // Allow-Origin: who is allowed, in words.
    {
        const auto s = c.server(allowOriginName);
        const auto p = c.policy(allowOriginName);
        if (s != p) {
            if (s && !p)
                c.add(ResponseDifference::Kind::AllowOrigin, allowOriginName, *s,
                      *s == QLatin1String("*")
                              ? tr("The server allows every origin (Access-Control-Allow-Origin: "
                                   "*), "
                                   "your policy does not allow this one.")
                              : tr("The server allows the origin %1 (Access-Control-Allow-Origin), "
                                   "your policy does not.")
                                        .arg(*s));
            else if (p && !s)
                c.add(ResponseDifference::Kind::AllowOrigin, allowOriginName, *p,
                      tr("Your policy allows the origin %1 (Access-Control-Allow-Origin: %2), the "
                         "server does not (no Access-Control-Allow-Origin).")
                              .arg(*p == QLatin1String("*")
                                           ? requestOrigin(request).value_or(QStringLiteral("*"))
                                           : *p,
                                   *p));
            else
                c.add(ResponseDifference::Kind::AllowOrigin, allowOriginName, QString(),
                      tr("The server answers Access-Control-Allow-Origin: %1, your policy answers "
                         "Access-Control-Allow-Origin: %2.")
                              .arg(*s, *p));
        }
    }
    c.compareValue(ResponseDifference::Kind::AllowCredentials, allowCredentialsName,
                   tr("The server allows credentials (Access-Control-Allow-Credentials: %1), your "
                      "policy does not."),
                   tr("Your policy allows credentials (Access-Control-Allow-Credentials: %1), the "
                      "server does not."));
    c.compareList(ResponseDifference::Kind::AllowMethods, allowMethodsName, Qt::CaseSensitive,
                  tr("The server allows the method %1, your policy does not."),
                  tr("Your policy allows the method %1, the server does not."),
                  tr("The server allows the methods %1 (Access-Control-Allow-Methods), your policy "
                     "sends no Access-Control-Allow-Methods."),
                  tr("Your policy allows the methods %1 (Access-Control-Allow-Methods), the server "
                     "sends no Access-Control-Allow-Methods."));
    c.compareList(
            ResponseDifference::Kind::AllowHeaders, allowHeadersName, Qt::CaseInsensitive,
            tr("The server allows the request header %1, your policy does not."),
            tr("Your policy allows the request header %1, the server does not."),
            tr("The server allows the request headers %1 (Access-Control-Allow-Headers), your "
               "policy sends no Access-Control-Allow-Headers."),
            tr("Your policy allows the request headers %1 (Access-Control-Allow-Headers), the "
               "server sends no Access-Control-Allow-Headers."));
    c.compareList(ResponseDifference::Kind::ExposeHeaders, exposeHeadersName, Qt::CaseInsensitive,
                  tr("The server exposes the response header %1 to scripts, your policy does not."),
                  tr("Your policy exposes the response header %1 to scripts, the server does not."),
                  tr("The server exposes the response headers %1 to scripts "
                     "(Access-Control-Expose-Headers), your policy sends no "
                     "Access-Control-Expose-Headers."),
                  tr("Your policy exposes the response headers %1 to scripts "
                     "(Access-Control-Expose-Headers), the server sends no "
                     "Access-Control-Expose-Headers."));
    c.compareMaxAge();
    c.compareValue(ResponseDifference::Kind::AllowPrivateNetwork, allowPrivateNetworkName,
                   tr("The server allows private network access "
                      "(Access-Control-Allow-Private-Network: %1), your policy does not."),
                   tr("Your policy allows private network access "
                      "(Access-Control-Allow-Private-Network: %1), the server does not."));
    c.compareOthers();
    c.compareVary();
    return c.differences;
}

ResponseComparison compareWithPolicy(const CorsEngine &engine, const HttpRequest &request,
                                     const ObservedResponse &server)
{
    ResponseComparison out;
    out.policy = engine.respond(request, endpointFromObserved(server));
    out.differences = compareCorsResponses(request, server, out.policy);
    return out;
}

} // namespace Cors
