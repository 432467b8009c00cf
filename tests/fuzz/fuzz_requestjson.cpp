// SPDX-License-Identifier: MIT
// One line of `cors-studio respond` input, answered under the example policy as the command does.
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
    return 0;
}
