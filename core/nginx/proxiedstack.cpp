// SPDX-License-Identifier: MIT
#include "nginx/proxiedstack.h"

#include "io/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Cors {

NginxClientRequest nginxClientRequest(const HttpRequest &request)
{
    NginxClientRequest out;
    out.method = request.method;
    out.target = request.path;
    out.headers = request.headers;
    return out;
}

ProxiedResponse respondThroughNginx(const NginxSite &site, const HttpRequest &request,
                                    const DjangoStack *stack, const CorsEngine &engine,
                                    bool explain)
{
    ProxiedResponse out;
    const NginxUpstream upstream = [&](const HttpRequest &forwarded) {
        NginxUpstreamResponse r;
        if (stack) {
            out.stack = stack->respond(forwarded, explain);
            r.status = out.stack->status;
            r.headers = out.stack->headers;
        } else {
            out.engine = engine.respond(forwarded, {}, explain);
            r.status = out.engine->status;
            r.headers = out.engine->headers;
        }
        return r;
    };
    out.nginx = nginxRespond(site, nginxClientRequest(request), upstream);
    return out;
}

namespace {

class NginxStackFront : public StackFront
{
public:
    explicit NginxStackFront(std::shared_ptr<const NginxSite> site)
        : m_site(std::move(site))
    { }

    StackResponse respond(const DjangoStack &behind, const HttpRequest &request,
                          bool explain) const override
    {
        std::optional<StackResponse> django;
        const NginxUpstream upstream = [&](const HttpRequest &forwarded) {
            django = behind.respond(forwarded, explain);
            return NginxUpstreamResponse {django->status, django->headers};
        };
        const NginxResponse n = nginxRespond(*m_site, nginxClientRequest(request), upstream);
        StackResponse out;
        if (!n.error.isEmpty()) {
            out.status = 502;
            out.error = n.error;
            out.decidedBy = QStringLiteral("nginx");
            return out;
        }
        out.status = n.status;
        out.headers = n.headers;
        const bool passed = n.proxied && django && n.status == django->status;
        out.decidedBy = passed ? django->decidedBy : QStringLiteral("nginx");
        if (passed) {
            out.corsShortCircuit = django->corsShortCircuit;
            out.corsApplied = django->corsApplied;
            out.cors = django->cors;
            out.error = django->error;
        }
        if (n.status == 0)
            out.error = QStringLiteral("nginx closed the connection without a response");
        if (!explain)
            return out;
        bool djangoDone = false;
        for (const NginxStep &s : n.steps) {
            StackStep step;
            step.layer = QStringLiteral("nginx");
            step.phase = djangoDone ? QStringLiteral("response") : QStringLiteral("request");
            step.text = s.text;
            step.setting = s.where.file;
            step.line = s.where.line;
            step.status = s.status;
            out.steps.append(step);
            if (!djangoDone && django && s.text.endsWith(QLatin1String("goes to the upstream"))) {
                djangoDone = true;
                out.steps += django->steps;
            }
        }
        return out;
    }

private:
    std::shared_ptr<const NginxSite> m_site;
};

QByteArray idJson(const QJsonValue &id)
{
    const QByteArray array = QJsonDocument(QJsonArray {id}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

bool reported(const QString &name)
{
    return name.startsWith(QLatin1String("access-control-"), Qt::CaseInsensitive)
            || name.compare(QLatin1String("vary"), Qt::CaseInsensitive) == 0
            || name.compare(QLatin1String("location"), Qt::CaseInsensitive) == 0;
}

void writeWhere(JsonWriter &json, const NginxLocation &where)
{
    if (where.line > 0) {
        json.key(u"file").value(where.file);
        json.key(u"line").value(where.line);
    }
}

} // namespace

std::shared_ptr<const StackFront> nginxStackFront(std::shared_ptr<const NginxSite> site)
{
    return std::make_shared<NginxStackFront>(std::move(site));
}

QByteArray proxiedResponseToJson(const ProxiedResponse &response, const QJsonValue &id,
                                 bool explain)
{
    const NginxResponse &n = response.nginx;
    JsonWriter json;
    json.beginObject();
    if (!id.isUndefined())
        json.key(u"id").raw(idJson(id));
    if (!n.error.isEmpty()) {
        json.key(u"error").value(n.error);
        json.endObject();
        return json.data();
    }
    json.key(u"status").value(n.status);
    QString decidedBy = QStringLiteral("nginx");
    if (n.proxied && n.status == n.upstreamStatus) {
        if (response.stack)
            decidedBy = response.stack->decidedBy;
        else if (response.engine)
            decidedBy = response.engine->shortCircuit ? QStringLiteral("CorsMiddleware")
                                                      : QStringLiteral("view");
    }
    json.key(u"decided_by").value(decidedBy);
    json.key(u"headers").beginObject();
    QStringList done;
    for (const HttpHeader &h : n.headers) {
        if (!reported(h.name) || done.contains(h.name.toLower()))
            continue;
        done.append(h.name.toLower());
        QStringList values;
        for (const HttpHeader &other : n.headers) {
            if (other.name.compare(h.name, Qt::CaseInsensitive) == 0)
                values.append(other.value);
        }
        json.key(h.name);
        if (values.size() == 1) {
            json.value(values.first());
        } else {
            json.beginArray();
            for (const QString &v : values)
                json.value(v);
            json.endArray();
        }
    }
    json.endObject();
    if (n.proxied) {
        json.key(u"upstream").beginObject();
        json.key(u"status").value(n.upstreamStatus);
        json.key(u"method").value(n.upstreamRequest.method);
        json.key(u"path").value(n.upstreamRequest.path);
        json.key(u"host").value(n.upstreamRequest.headers.value(u"Host").value_or(QString()));
        json.endObject();
    }
    if (!n.notModelled.isEmpty()) {
        json.key(u"not_modelled").beginArray();
        for (const NginxNote &note : n.notModelled) {
            json.beginObject();
            json.key(u"text").value(note.text);
            writeWhere(json, note.where);
            json.endObject();
        }
        json.endArray();
    }
    if (explain) {
        json.key(u"explanation").beginArray();
        bool djangoDone = false;
        for (const NginxStep &s : n.steps) {
            json.beginObject();
            json.key(u"layer").value(QStringLiteral("nginx"));
            json.key(u"text").value(s.text);
            writeWhere(json, s.where);
            if (s.status > 0)
                json.key(u"status").value(s.status);
            json.endObject();
            if (!djangoDone && s.text.endsWith(QLatin1String("goes to the upstream"))) {
                djangoDone = true;
                if (response.stack) {
                    for (const StackStep &step : response.stack->steps) {
                        json.beginObject();
                        json.key(u"layer").value(step.layer);
                        json.key(u"phase").value(step.phase);
                        json.key(u"text").value(step.text);
                        if (!step.setting.isEmpty())
                            json.key(u"setting").value(step.setting);
                        if (step.line > 0)
                            json.key(u"line").value(step.line);
                        if (step.status > 0)
                            json.key(u"status").value(step.status);
                        json.endObject();
                    }
                } else if (response.engine) {
                    json.beginObject();
                    json.key(u"layer").value(QStringLiteral("CorsMiddleware"));
                    json.key(u"text").value(
                            response.engine->shortCircuit
                                    ? QStringLiteral("answers the preflight itself")
                                    : QStringLiteral("adds its headers to the view's 200"));
                    json.key(u"status").value(response.engine->status);
                    json.endObject();
                }
            }
        }
        json.endArray();
    }
    json.endObject();
    return json.data();
}

} // namespace Cors
