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
    const QByteArray line = Fuzz::bytes(data, size);
    const auto parsed = parseScenarioLine(line, &error);
    // The line read without a QJsonDocument (its common shape) is the line read through one.
    const QJsonDocument document = QJsonDocument::fromJson(line);
    QString generalError;
    const auto general = document.isObject() && line.size() <= MaxJsonLineBytes
            ? scenarioFromJson(document.object(), &generalError)
            : std::nullopt;
    if (parsed.has_value() != general.has_value())
        Fuzz::fail("parseScenarioLine and scenarioFromJson disagree on accepting the line");
    if (parsed
        && (!(parsed->scenario == general->scenario) || parsed->id != general->id
            || parsed->session != general->session
            || parsed->advanceSeconds != general->advanceSeconds
            || parsed->browserGiven != general->browserGiven))
        Fuzz::fail("parseScenarioLine read the line differently from scenarioFromJson");
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
