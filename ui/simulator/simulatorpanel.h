// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenariosuite.h"
#include "browser/simulation.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QScrollArea;
class QSplitter;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace Cors {

class BackgroundJob;
class CrossBrowserModel;
class ElidingLabel;
class ExplainPanel;
class PolicyDocument;
class PreflightCacheModel;
class ProxySite;
class RequestBuilder;
class ScenarioResultsModel;
class SequenceDiagram;
class TraceStepsModel;

/**
 * The simulated browser: build a request, run it against the document's policy (Chromium's
 * behaviour, django-cors-headers' answers, all computed by cors_core), walk through the trace
 * step by step beside a sequence diagram, apply the proposed fix as one undoable edit, watch
 * the preflight cache with a clock to advance, and keep requests as saved scenarios that re-run
 * on every policy edit.
 */
class SimulatorPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SimulatorPanel(PolicyDocument *document, QWidget *parent = nullptr);
    ~SimulatorPanel() override;

    RequestBuilder *builder() const { return m_builder; }
    /**
     * The document's nginx configuration (`proxy:`), put in front of the Django stack when it
     * loads; null: none. The panel re-runs when it changes.
     */
    void setProxySite(ProxySite *proxy);
    /** Which deployment the runs go through, in a sentence (shown above the trace). */
    QString serverDescription() const;
    /** The last run's result (empty before the first run). */
    const std::optional<SimulationResult> &result() const { return m_result; }
    int currentStep() const;

    /**
     * Sizes the splitters for the panel's size (a first start, View › Reset Workspace Layout);
     * nothing else sets their sizes.
     */
    void applyDefaultSizes();

    /** Runs the builder's request in the panel's browser session. */
    void run();
    void stepForward();
    void stepBack();
    void firstStep();
    void selectStep(int step);
    /** Applies the last run's fixes to the policy (one undo step); false when there are none. */
    bool applyFix();
    void advanceClock(int seconds);
    void clearPreflightCache();
    /** Saves the builder's request as a scenario (one undo step). */
    void saveScenario(const QString &name, std::optional<bool> expectAllowed);
    /** Re-runs every saved scenario (done after every edit anyway). */
    void runAll();
    void loadScenario(int index);
    void removeScenario(int index);

    // For tests and the main window.
    QTabWidget *tabs() const { return m_tabs; }
    QPushButton *runButton() const { return m_runButton; }
    QPushButton *backButton() const { return m_backButton; }
    QPushButton *forwardButton() const { return m_forwardButton; }
    QPushButton *firstButton() const { return m_firstButton; }
    QPushButton *applyFixButton() const { return m_applyFix; }
    QLabel *verdictLabel() const { return m_verdict; }
    QLabel *consoleLabel() const { return m_console; }
    QLabel *fixLabel() const { return m_fixText; }
    QLabel *bannerLabel() const { return m_banner; }
    QLabel *scenarioSummaryLabel() const { return m_scenarioSummary; }
    QListView *stepsView() const { return m_stepsView; }
    TraceStepsModel *stepsModel() const { return m_steps; }
    SequenceDiagram *diagram() const { return m_diagram; }
    QTextBrowser *detailsView() const { return m_details; }
    ScenarioResultsModel *scenariosModel() const { return m_scenarios; }
    /** Re-runs the saved scenarios off the GUI thread (tests: the thread it ran on). */
    BackgroundJob *scenariosJob() const { return m_scenariosJob; }
    QTableView *scenariosView() const { return m_scenariosView; }
    PreflightCacheModel *cacheModel() const { return m_cache; }
    QLineEdit *scenarioNameEdit() const { return m_scenarioName; }
    QComboBox *expectBox() const { return m_expect; }
    QPushButton *saveScenarioButton() const { return m_saveScenario; }
    QPushButton *runAllButton() const { return m_runAll; }
    QSpinBox *advanceSpin() const { return m_advanceSeconds; }
    QPushButton *advanceButton() const { return m_advanceButton; }
    QLabel *clockLabel() const { return m_clock; }
    CrossBrowserModel *crossBrowserModel() const { return m_crossBrowser; }
    QTableView *crossBrowserView() const { return m_crossView; }
    QLabel *crossBrowserSummary() const { return m_crossSummary; }
    ExplainPanel *explainPanel() const { return m_explain; }

protected:
    void changeEvent(QEvent *event) override;

private:
    /**
     * What the simulated browser talks to: the document's Django stack (or CorsMiddleware
     * alone), nginx in front when the document names one, or the nginx export when nginx
     * answers CORS.
     */
    ServerSide server(QString *description = nullptr) const;

    PolicyDocument *m_document;
    ProxySite *m_proxy = nullptr;
    RequestBuilder *m_builder;
    QTabWidget *m_tabs;
    QLabel *m_banner;
    QSplitter *m_mainSplitter = nullptr;   // builder | result
    QSplitter *m_resultSplitter = nullptr; // walk-through above the tabs
    QSplitter *m_traceSplitter = nullptr;  // steps | diagram

    // Walk-through
    QPushButton *m_runButton;
    QPushButton *m_firstButton;
    QPushButton *m_backButton;
    QPushButton *m_forwardButton;
    QLabel *m_position;
    ElidingLabel *m_serverLabel;
    QLabel *m_verdict;
    TraceStepsModel *m_steps;
    QListView *m_stepsView;
    SequenceDiagram *m_diagram;
    QScrollArea *m_diagramScroll;
    QTextBrowser *m_details;
    QWidget *m_failureBox;
    QLabel *m_console;
    QLabel *m_fixText;
    QPushButton *m_applyFix;

    // Preflight cache
    QLabel *m_clock;
    QSpinBox *m_advanceSeconds;
    QPushButton *m_advanceButton;
    PreflightCacheModel *m_cache;

    // Scenarios
    QLineEdit *m_scenarioName;
    QComboBox *m_expect;
    QPushButton *m_saveScenario;
    QPushButton *m_runAll;
    QLabel *m_scenarioSummary;
    ScenarioResultsModel *m_scenarios;
    BackgroundJob *m_scenariosJob;
    bool m_scenariosRunForEdit = false;
    CrossBrowserModel *m_crossBrowser = nullptr; // the last run in every engine
    QTableView *m_crossView = nullptr;
    QLabel *m_crossSummary = nullptr;
    ExplainPanel *m_explain = nullptr;
    QTableView *m_scenariosView;

    BrowserSession m_session;
    BrowserSession m_sessionBeforeRun; // replayed when the policy changes
    std::optional<Scenario> m_ranScenario;
    std::optional<SimulationResult> m_result;
    int m_failingStep = -1;
    bool m_stale = false;
    bool m_bannerBad = false;

    QWidget *createWalkThrough();
    QWidget *createCacheTab();
    QWidget *createScenariosTab();
    QWidget *createBrowsersTab();
    void buildRequest(const Scenario &scenario);
    /** The side-by-side rows where the engines differ, in words. */
    QString differingRows() const;
    void simulate(const Scenario &scenario);
    void showResult();
    void showStep(int step);
    void updateCache();
    void updateOriginPresets();
    void policyChanged();
    /** Runs the last request and the saved ones again (after an edit: says what changed). */
    void rerun(bool fromPolicyEdit);
    void updateScenarios(bool fromPolicyEdit);
    void showOutcomes(const QList<ScenarioOutcome> &outcomes);
};

} // namespace Cors
