// SPDX-License-Identifier: MIT
// One line of `cors-studio respond` input, answered under the example policy as the command does
// (the general path, and the byte-level one where it answers).
#include "fuzzsupport.h"

#include "io/requestjson.h"
#include "server/corsengine.h"

#include <QJsonDocument>

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const CorsEngine engine(Fuzz::examplePolicy());
    QString error;
    const auto request = parseRequestLine(Fuzz::bytes(data, size), &error);
    QByteArray answer;
    if (!request) {
        if (error.isEmpty())
            Fuzz::fail("a rejected line has no message");
        answer = inputErrorToJson(1, error);
    } else {
        const EngineResponse response = engine.respond(request->request, {}, true);
        answer = engineResponseToJson(response, request->id, true);
    }
    // Every answer is one line of valid JSON.
    if (answer.contains('\n') || QJsonDocument::fromJson(answer).isNull())
        Fuzz::fail("the answer is not one line of JSON");

    // respond's byte-level path gives the general path's answer byte for byte, or none.
    const QByteArray line = Fuzz::bytes(data, size);
    if (RawRequestLine raw; readRawRequestLine(line, &raw)) {
        RawResponse rawResponse;
        if (engine.respondRaw(raw.request, &rawResponse)) {
            QByteArray fast;
            appendRawAnswer(fast, rawResponse, raw.id);
            if (!request)
                Fuzz::fail("the byte-level path answered a line the general path rejects");
            if (fast
                != engineResponseToJson(engine.respond(request->request, {}, false), request->id,
                                        false))
                Fuzz::fail("the byte-level path answered differently");
        }
    }
    return 0;
}
