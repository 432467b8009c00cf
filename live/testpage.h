// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"
#include "io/corsdocument.h"
#include "live/httpserveradapter.h"
#include "live/policyserver.h"

#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QUrl>

#include <memory>

namespace Cors::Live {

/** What the browser's script got for one scenario, as the test page reports it. */
struct BrowserOutcome
{
    bool allowed = false;
    int status = 0;
    /** fetch's Response.type ("cors", "basic", "opaque") or "xhr". */
    QString responseType;
    /** Lower-case, sorted names the script could read. */
    QStringList readableHeaders;
    /** The error the script caught ("TypeError: Failed to fetch"), empty when allowed. */
    QString error;
};

/** One scenario run by the test page: the simulator's prediction next to reality. */
struct ScenarioRun
{
    QString id;
    QString name;
    /** The scenario as the page ran it: its real page origin and the URL it fetched. */
    Scenario scenario;
    QString session;
    /** The simulator's view of exactly that scenario under the served policy. */
    SimulationResult prediction;
    /** Set once the page reported (scenarioFinished). */
    bool reported = false;
    BrowserOutcome browser;
    /** What the policy server saw and answered while the scenario was bound. */
    QList<LiveExchange> exchanges;
    /** Where the browser and the simulator disagree, in plain words; empty: they agree. */
    QStringList disagreements;
};

/**
 * The second port of live mode: a small HTML/JS page from which a real browser runs the
 * document's scenarios with fetch() (or XMLHttpRequest) against the PolicyServer, and the JSON
 * endpoints the page uses:
 *
 *   GET  /                  the page (index.html, testpage.js from the :/cors/live resources)
 *   GET  /__cs/scenarios    {"policy_url", "scenarios": [{"id", "name", "session", "advance",
 *                            "expect", "scenario": {simulate --batch members}}]}
 *   POST /__cs/bind         {"id", "scenario": {...as run...}, "session", "run"}: binds the policy
 *                           server's endpoint to the scenario, returns {"ok", "prediction"}
 *   POST /__cs/result       {"id", "verdict", "status", "response_type", "readable_headers",
 *                            "error"}: returns {"ok", "agrees", "disagreements", "server_saw"}
 *   GET  /__cs/log?id=ID    what the policy server saw for that scenario:
 *                           [{"method", "path", "headers": [[n, v]...], "status",
 *                             "response_headers": [[n, v]...]}]
 *
 * POSTs must be application/json (a cross-origin page cannot send that without a preflight,
 * which this server never answers with CORS headers). The page and these endpoints are on a
 * different port from the policy server, so the page's fetches are cross-origin.
 */
class TestPageServer : public QObject
{
    Q_OBJECT

public:
    /** @p policyServer must outlive this object. */
    explicit TestPageServer(PolicyServer *policyServer, QObject *parent = nullptr);
    ~TestPageServer() override;

    void setScenarios(const QList<SavedScenario> &scenarios);
    QList<SavedScenario> scenarios() const;

    bool listen(const QHostAddress &address, quint16 port = 0);
    void close();
    bool isListening() const;
    quint16 port() const;
    QUrl url() const;
    QString errorString() const;

    /** The runs reported so far, oldest first (at most 500). */
    QList<ScenarioRun> runs() const;

    /** Where the browser's outcome and requests disagree with the prediction, in plain words. */
    static QStringList disagreements(const ScenarioRun &run);

signals:
    /** The page bound a scenario: the prediction is known, the browser is about to send. */
    void scenarioStarted(const Cors::Live::ScenarioRun &run);
    /** The page reported what the browser did. */
    void scenarioFinished(const Cors::Live::ScenarioRun &run);

private:
    RawHttpResponse handle(const RawHttpRequest &raw);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Cors::Live

Q_DECLARE_METATYPE(Cors::Live::ScenarioRun)
