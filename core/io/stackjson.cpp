// SPDX-License-Identifier: MIT
#include "io/stackjson.h"

#include "io/jsonwriter.h"
#include "io/requestjson.h"

namespace Cors {

QByteArray stackResponseToJson(const StackResponse &response, const QJsonValue &id, bool explain)
{
    JsonWriter json;
    json.beginObject();
    if (!id.isUndefined())
        json.key("id").raw(JsonWriter::valueText(id));
    json.key("status").value(response.status);
    json.key("decided_by").value(response.decidedBy);
    json.key("short_circuit").value(response.corsShortCircuit);
    if (!response.error.isEmpty())
        json.key("error").value(response.error);
    json.key("headers").beginObject();
    for (const HttpHeader &h : response.headers) {
        const bool length = response.corsShortCircuit
                && h.name.compare(u"content-length", Qt::CaseInsensitive) == 0;
        if (isStackReportedHeader(h.name) || length)
            json.key(h.name).value(h.value);
    }
    json.endObject();
    if (explain) {
        json.key("explanation").beginArray();
        for (const StackStep &step : response.steps) {
            json.beginObject();
            json.key("layer").value(step.layer);
            json.key("phase").value(step.phase);
            json.key("verdict").value(verdictName(step.verdict));
            json.key("text").value(step.text);
            json.key("setting");
            if (step.setting.isEmpty())
                json.null();
            else
                json.value(step.setting);
            if (step.line > 0)
                json.key("line").value(step.line);
            if (step.corsEntry >= 0)
                json.key("entry").value(step.corsEntry);
            if (step.status > 0)
                json.key("status").value(step.status);
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    return json.data();
}

} // namespace Cors
