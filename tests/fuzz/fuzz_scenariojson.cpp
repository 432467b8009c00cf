// SPDX-License-Identifier: MIT
// One line of `cors-studio simulate --batch` input, simulated under the example policy in a
// session, as the command does.
#include "fuzzsupport.h"

#include "browser/simulation.h"
#include "io/requestjson.h"
#include "io/scenariojson.h"

#include <QJsonDocument>

using namespace Cors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const CorsEngine engine(Fuzz::examplePolicy());
    QString error;
    const auto parsed = parseScenarioLine(Fuzz::bytes(data, size), &error);
    if (!parsed) {
        if (error.isEmpty())
            Fuzz::fail("a rejected line has no message");
        return 0;
    }
    BrowserSession session;
    session.advanceClockSeconds(parsed->advanceSeconds);
    SimulationResult result = session.run(engine, parsed->scenario);
    computeFixes(Fuzz::examplePolicy(), parsed->scenario, result);
    const QByteArray answer = simulationResultToJson(result, parsed->id);
    if (answer.contains('\n') || QJsonDocument::fromJson(answer).isNull())
        Fuzz::fail("the answer is not one line of JSON");
    // The scenario written back as JSON reads as the same scenario.
    const QJsonObject written = scenarioToJson(parsed->scenario);
    const auto again = scenarioFromJson(written, &error);
    if (!again)
        Fuzz::fail("scenarioToJson wrote what scenarioFromJson rejects");
    if (!(again->scenario == parsed->scenario))
        Fuzz::fail("scenarioToJson + scenarioFromJson changed the scenario");
    return 0;
}
