// SPDX-License-Identifier: MIT
#include "simulator/simulatorpanel.h"

#include "browser/crossbrowser.h"
#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "document/proxysite.h"
#include "nginx/corslayer.h"
#include "simulator/crossbrowsermodel.h"
#include "simulator/explainpanel.h"
#include "simulator/httptext.h"
#include "simulator/preflightcachemodel.h"
#include "simulator/requestbuilder.h"
#include "simulator/scenarioresultsmodel.h"
#include "simulator/sequencediagram.h"
#include "simulator/simulatorcommands.h"
#include "simulator/tracestepsmodel.h"
#include "widgets/elidedtooltips.h"
#include "widgets/elidinglabel.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

namespace Cors {

namespace {

/** An origin no policy should admit, to try a request the way an attacker's page would. */
const QString &attackerOrigin()
{
    static const QString origin = QStringLiteral("https://attacker.example");
    return origin;
}

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QString bannerStyle(bool bad, bool dark)
{
    if (dark)
        return bad ? QStringLiteral("QLabel { background: #3d2224; color: #ffb4ab; border: 1px "
                                    "solid #7a3a36; border-radius: 3px; padding: 6px; }")
                   : QStringLiteral("QLabel { background: #1f3323; color: #a5d6a7; border: 1px "
                                    "solid #3c6b44; border-radius: 3px; padding: 6px; }");
    return bad ? QStringLiteral(
                   "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a6a0; "
                   "border-radius: 3px; padding: 6px; }")
               : QStringLiteral(
                       "QLabel { background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7; "
                       "border-radius: 3px; padding: 6px; }");
}

QString consoleStyle(bool dark)
{
    return dark ? QStringLiteral("QLabel { background: #3d2224; color: #ffb4ab; "
                                 "border-left: 3px solid #e57373; padding: 6px; }")
                : QStringLiteral("QLabel { background: #fdecea; color: #b71c1c; "
                                 "border-left: 3px solid #c62828; padding: 6px; }");
}

} // namespace

SimulatorPanel::SimulatorPanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_builder(new RequestBuilder(this))
    , m_tabs(new QTabWidget(this))
    , m_banner(new QLabel(this))
    , m_steps(new TraceStepsModel(this))
    , m_cache(new PreflightCacheModel(this))
    , m_scenarios(new ScenarioResultsModel(this))
    , m_scenariosJob(new BackgroundJob(this))
{
    setObjectName(QStringLiteral("simulatorPanel"));
    m_scenariosJob->setObjectName(QStringLiteral("scenariosJob"));
    m_banner->setObjectName(QStringLiteral("scenarioBanner"));
    m_banner->setWordWrap(true);
    m_banner->hide();

    // A request tool's layout: the request on the left (scrolling when taller than the window),
    // the result taking the room on the right: the walk-through's controls, the verdict and the
    // fix above the steps and the sequence diagram, the step's details (raw HTTP), the preflight
    // cache and the saved scenarios below. Nothing that a run shows or hides lives between two
    // splitters, so a run never moves one.
    auto *builderScroll = new QScrollArea(this);
    builderScroll->setObjectName(QStringLiteral("builderScroll"));
    builderScroll->setWidget(m_builder);
    builderScroll->setWidgetResizable(true);
    builderScroll->setFrameShape(QFrame::NoFrame);
    builderScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    builderScroll->setMinimumWidth(
            qMax(m_builder->minimumSizeHint().width(), fontMetrics().averageCharWidth() * 44)
            + builderScroll->verticalScrollBar()->sizeHint().width());

    m_tabs->setObjectName(QStringLiteral("simulatorTabs"));
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setDocumentMode(true);
    QWidget *walkThrough = createWalkThrough();
    m_tabs->addTab(m_details, tr("Step details"));
    m_tabs->addTab(createCacheTab(), tr("Preflight cache"));
    m_tabs->addTab(createScenariosTab(), tr("Scenarios"));
    m_tabs->addTab(createBrowsersTab(), tr("All browsers"));
    m_explain = new ExplainPanel(this);
    m_tabs->addTab(m_explain, tr("Paste an error"));
    connect(m_explain, &ExplainPanel::requestBuilt, this, &SimulatorPanel::buildRequest);

    m_resultSplitter = new QSplitter(Qt::Vertical, this);
    m_resultSplitter->setObjectName(QStringLiteral("simResult"));
    m_resultSplitter->addWidget(walkThrough);
    m_resultSplitter->addWidget(m_tabs);
    m_resultSplitter->setChildrenCollapsible(false);
    m_resultSplitter->setStretchFactor(0, 3);
    m_resultSplitter->setStretchFactor(1, 2);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("simMain"));
    m_mainSplitter->addWidget(builderScroll);
    m_mainSplitter->addWidget(m_resultSplitter);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 5);
    m_mainSplitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplitter, 1);

    connect(m_builder, &RequestBuilder::edited, this, [this] {
        if (m_result && !m_stale) {
            m_stale = true;
            showResult();
        }
    });
    connect(m_builder, &RequestBuilder::runRequested, this, &SimulatorPanel::run);
    connect(m_document, &PolicyDocument::documentReset, this, [this] {
        m_session = BrowserSession();
        m_sessionBeforeRun = BrowserSession();
        m_ranScenario.reset();
        m_result.reset();
        m_scenarios->setOutcomes({});
        m_crossBrowser->clear();
        m_crossSummary->setText(tr("Run a request: it runs in every browser here too."));
        m_banner->hide();
        showResult();
        updateCache();
    });
    connect(m_document, &PolicyDocument::changed, this, &SimulatorPanel::policyChanged);
    connect(m_document, &PolicyDocument::scenariosChanged, this,
            [this] { updateScenarios(false); });

    Scenario initial;
    initial.pageOrigin = QString();
    initial.url = QString();
    m_builder->setScenario(initial);
    m_builder->setStackMode(server().deployment.has_value());
    m_serverLabel->setText(serverDescription());
    updateOriginPresets();
    updateScenarios(false);
    showResult();
    updateCache();
}

SimulatorPanel::~SimulatorPanel() = default;

QWidget *SimulatorPanel::createWalkThrough()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("walkThrough"));
    m_runButton = new QPushButton(tr("&Run"), page);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setDefault(true);
    m_runButton->setToolTip(tr("Send the request from the simulated browser (Ctrl+Return)."));
    m_runButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    // The first step: an icon (the row must stay narrow), its name in the tooltip.
    m_firstButton
            = new QPushButton(style()->standardIcon(QStyle::SP_MediaSkipBackward), QString(), page);
    m_firstButton->setToolTip(tr("First step"));
    m_firstButton->setAccessibleName(tr("First step"));
    m_backButton = new QPushButton(tr("\u25c0 Back"), page);
    m_forwardButton = new QPushButton(tr("Forward \u25b6"), page);
    m_firstButton->setObjectName(QStringLiteral("firstStep"));
    m_backButton->setObjectName(QStringLiteral("stepBack"));
    m_forwardButton->setObjectName(QStringLiteral("stepForward"));
    m_position = new QLabel(page);
    m_position->setObjectName(QStringLiteral("stepPosition"));
    m_serverLabel = new ElidingLabel(page);
    m_serverLabel->setObjectName(QStringLiteral("serverDescription"));
    m_serverLabel->setForegroundRole(QPalette::PlaceholderText);
    // Only the room the buttons leave: the label never widens the panel (it elides).
    m_serverLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_verdict = new QLabel(page);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_runButton);
    controls->addSpacing(8);
    controls->addWidget(m_firstButton);
    controls->addWidget(m_backButton);
    controls->addWidget(m_forwardButton);
    controls->addWidget(m_position);
    controls->addStretch(1);
    controls->addWidget(m_serverLabel, 4);

    m_stepsView = new QListView(page);
    m_stepsView->setObjectName(QStringLiteral("steps"));
    m_stepsView->setAccessibleName(tr("Steps"));
    m_stepsView->setModel(m_steps);
    m_stepsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stepsView->setTextElideMode(Qt::ElideRight);
    m_stepsView->setWordWrap(true);
    m_stepsView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    ElidedToolTips::install(m_stepsView);
    m_stepsView->setMinimumWidth(fontMetrics().averageCharWidth() * 18);
    m_diagram = new SequenceDiagram(page);
    m_diagram->setObjectName(QStringLiteral("sequenceDiagram"));
    auto *diagramScroll = new QScrollArea(page);
    m_diagramScroll = diagramScroll;
    diagramScroll->setObjectName(QStringLiteral("diagramScroll"));
    diagramScroll->setWidget(m_diagram);
    diagramScroll->setWidgetResizable(true);
    diagramScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    diagramScroll->setMinimumWidth(m_diagram->minimumSizeHint().width()
                                   + diagramScroll->verticalScrollBar()->sizeHint().width()
                                   + 2 * diagramScroll->frameWidth());

    m_traceSplitter = new QSplitter(Qt::Horizontal, page);
    m_traceSplitter->setObjectName(QStringLiteral("simTrace"));
    m_traceSplitter->addWidget(m_stepsView);
    m_traceSplitter->addWidget(diagramScroll);
    m_traceSplitter->setChildrenCollapsible(false);
    m_traceSplitter->setStretchFactor(0, 2);
    m_traceSplitter->setStretchFactor(1, 3);

    m_details = new QTextBrowser(this);
    m_details->setObjectName(QStringLiteral("stepDetails"));
    m_details->setAccessibleName(tr("Step details"));
    m_details->setOpenLinks(false);
    m_details->setFrameShape(QFrame::NoFrame);
    // Raw HTTP wraps (long header values), so the details never scroll sideways.
    m_details->document()->setDefaultStyleSheet(QStringLiteral("pre { white-space: pre-wrap; }"));
    m_details->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);

    m_failureBox = new QWidget(page);
    m_failureBox->setObjectName(QStringLiteral("failureBox"));
    m_console = new QLabel(m_failureBox);
    m_console->setObjectName(QStringLiteral("consoleMessage"));
    m_console->setWordWrap(true);
    m_console->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_console->setStyleSheet(consoleStyle(isDarkPalette(palette())));
    m_fixText = new QLabel(m_failureBox);
    m_fixText->setObjectName(QStringLiteral("fixText"));
    m_fixText->setWordWrap(true);
    m_fixText->setTextFormat(Qt::RichText);
    m_applyFix = new QPushButton(tr("Apply fix"), m_failureBox);
    m_applyFix->setObjectName(QStringLiteral("applyFix"));
    m_applyFix->setToolTip(tr("Change the policy as proposed (one undoable edit) and run again."));
    auto *fixRow = new QHBoxLayout;
    fixRow->addWidget(m_fixText, 1);
    fixRow->addWidget(m_applyFix, 0, Qt::AlignTop);
    auto *failureLayout = new QVBoxLayout(m_failureBox);
    failureLayout->setContentsMargins(0, 0, 0, 0);
    failureLayout->addWidget(m_console);
    failureLayout->addLayout(fixRow);

    // What a run writes (a URL in the console message, a long fix) never widens the column:
    // the texts wrap within the width the splitters give them.
    const int textMinimum = fontMetrics().averageCharWidth() * 32;
    for (QLabel *label : {m_verdict, m_console, m_fixText, m_banner})
        label->setMinimumWidth(textMinimum);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(6, 4, 4, 0);
    layout->addLayout(controls);
    layout->addWidget(m_banner);
    layout->addWidget(m_verdict);
    layout->addWidget(m_failureBox);
    layout->addWidget(m_traceSplitter, 1);

    connect(m_runButton, &QPushButton::clicked, this, &SimulatorPanel::run);
    connect(m_firstButton, &QPushButton::clicked, this, &SimulatorPanel::firstStep);
    connect(m_backButton, &QPushButton::clicked, this, &SimulatorPanel::stepBack);
    connect(m_forwardButton, &QPushButton::clicked, this, &SimulatorPanel::stepForward);
    connect(m_applyFix, &QPushButton::clicked, this, &SimulatorPanel::applyFix);
    connect(m_diagram, &SequenceDiagram::stepClicked, this, &SimulatorPanel::selectStep);
    connect(m_stepsView, &QListView::clicked, this,
            [this](const QModelIndex &index) { selectStep(index.row()); });
    return page;
}

void SimulatorPanel::applyDefaultSizes()
{
    // The request form at what it asks for (at most 40 %), the result the rest; the trace above
    // the details at 3:2, the diagram wider than the steps.
    const int width = m_mainSplitter->width() - m_mainSplitter->handleWidth();
    const int builder = qBound(m_mainSplitter->widget(0)->minimumSizeHint().width(),
                               m_builder->sizeHint().width() + 24, int(width * 0.4));
    m_mainSplitter->setSizes({builder, width - builder});
    const int height = m_resultSplitter->height() - m_resultSplitter->handleWidth();
    const int tabs = qMax(m_tabs->minimumSizeHint().height(), int(height * 0.34));
    m_resultSplitter->setSizes({height - tabs, tabs});
    const int traceWidth = m_traceSplitter->width() - m_traceSplitter->handleWidth();
    const int steps = qMax(m_stepsView->minimumWidth(), int(traceWidth * 0.34));
    m_traceSplitter->setSizes({steps, traceWidth - steps});
}

QWidget *SimulatorPanel::createCacheTab()
{
    auto *page = new QWidget(this);
    m_clock = new QLabel(page);
    m_clock->setObjectName(QStringLiteral("clock"));
    m_advanceSeconds = new QSpinBox(page);
    m_advanceSeconds->setObjectName(QStringLiteral("advanceSeconds"));
    m_advanceSeconds->setAccessibleName(tr("Seconds to advance the clock by"));
    m_advanceSeconds->setRange(1, 7 * 24 * 3600);
    m_advanceSeconds->setValue(5);
    m_advanceSeconds->setSuffix(tr(" s"));
    m_advanceButton = new QPushButton(tr("Advance clock"), page);
    m_advanceButton->setObjectName(QStringLiteral("advanceClock"));
    auto *clear = new QPushButton(tr("Clear cache"), page);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_clock);
    controls->addStretch(1);
    controls->addWidget(m_advanceSeconds);
    controls->addWidget(m_advanceButton);
    controls->addWidget(clear);

    auto *view = new QTableView(page);
    view->setObjectName(QStringLiteral("preflightCache"));
    view->setAccessibleName(tr("Preflight cache entries"));
    view->setCornerButtonEnabled(false);
    if (auto *corner = view->findChild<QAbstractButton *>())
        corner->setAccessibleName(tr("Select all"));
    view->setModel(m_cache);
    // The origin and the URL share the width (elided, whole in the tooltip); the short columns
    // fit their content.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (int column : {PreflightCacheModel::OriginColumn, PreflightCacheModel::UrlColumn})
        view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
    view->horizontalHeader()->setStretchLastSection(false);
    view->setTextElideMode(Qt::ElideMiddle);
    ElidedToolTips::install(view);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *note = new QLabel(tr("Chromium keeps one preflight result per page origin and URL, for "
                               "Access-Control-Max-Age seconds (5 when absent, at most 7200). A "
                               "request it covers is sent without a preflight."),
                            page);
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(controls);
    layout->addWidget(view, 1);
    layout->addWidget(note);

    connect(m_advanceButton, &QPushButton::clicked, this,
            [this] { advanceClock(m_advanceSeconds->value()); });
    connect(clear, &QPushButton::clicked, this, &SimulatorPanel::clearPreflightCache);
    return page;
}

QWidget *SimulatorPanel::createBrowsersTab()
{
    auto *page = new QWidget(this);
    m_crossBrowser = new CrossBrowserModel(this);
    m_crossSummary = new QLabel(tr("Run a request: it runs in every browser here too."), page);
    m_crossSummary->setObjectName(QStringLiteral("crossBrowserSummary"));
    m_crossSummary->setWordWrap(true);
    m_crossView = new QTableView(page);
    m_crossView->setObjectName(QStringLiteral("crossBrowserView"));
    m_crossView->setAccessibleName(tr("The request in every browser"));
    m_crossView->setModel(m_crossBrowser);
    m_crossView->setWordWrap(true);
    m_crossView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_crossView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_crossView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_crossView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_crossSummary);
    layout->addWidget(m_crossView, 1);
    return page;
}

QString SimulatorPanel::differingRows() const
{
    QStringList titles;
    for (const CrossBrowserRow &row : m_crossBrowser->rows()) {
        if (row.differs)
            titles.append(row.title.toLower());
    }
    return titles.join(QStringLiteral(", "));
}

void SimulatorPanel::buildRequest(const Scenario &scenario)
{
    // The request a pasted error implies, on the form; the policy's own run-and-fix flow takes
    // over from Run. An origin the text did not tell is asked for on its field.
    m_builder->setScenario(scenario);
    m_builder->validate();
    emit m_builder->edited();
}

QWidget *SimulatorPanel::createScenariosTab()
{
    auto *page = new QWidget(this);
    m_scenarioName = new QLineEdit(page);
    m_scenarioName->setObjectName(QStringLiteral("scenarioName"));
    m_scenarioName->setAccessibleName(tr("Scenario name"));
    m_scenarioName->setPlaceholderText(tr("Name for the builder's request"));
    m_expect = new QComboBox(page);
    m_expect->setObjectName(QStringLiteral("expectVerdict"));
    m_expect->setAccessibleName(tr("Expected verdict"));
    m_expect->addItem(tr("expect allowed"), 1);
    m_expect->addItem(tr("expect blocked"), 0);
    m_expect->addItem(tr("no expectation"), -1);
    m_saveScenario = new QPushButton(tr("Save scenario"), page);
    m_saveScenario->setObjectName(QStringLiteral("saveScenario"));
    m_runAll = new QPushButton(tr("Run all"), page);
    m_runAll->setObjectName(QStringLiteral("runAll"));
    m_runAll->setToolTip(tr("Saved scenarios also re-run after every edit of the policy."));
    m_scenarioSummary = new QLabel(page);
    m_scenarioSummary->setObjectName(QStringLiteral("scenarioSummary"));

    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_scenarioName, 1);
    saveRow->addWidget(m_expect);
    saveRow->addWidget(m_saveScenario);

    m_scenariosView = new QTableView(page);
    m_scenariosView->setObjectName(QStringLiteral("scenarios"));
    m_scenariosView->setAccessibleName(tr("Saved scenarios"));
    m_scenariosView->setCornerButtonEnabled(false);
    if (auto *corner = m_scenariosView->findChild<QAbstractButton *>())
        corner->setAccessibleName(tr("Select all"));
    m_scenariosView->setModel(m_scenarios);
    m_scenariosView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_scenariosView->horizontalHeader()->setSectionResizeMode(ScenarioResultsModel::NameColumn,
                                                              QHeaderView::Stretch);
    m_scenariosView->verticalHeader()->hide();
    ElidedToolTips::install(m_scenariosView);
    m_scenariosView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_scenariosView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_scenariosView->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *load = new QPushButton(tr("Load into builder"), page);
    auto *remove = new QPushButton(tr("Remove"), page);
    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_runAll);
    rowButtons->addWidget(m_scenarioSummary, 1);
    rowButtons->addWidget(load);
    rowButtons->addWidget(remove);

    auto *layout = new QVBoxLayout(page);
    layout->addLayout(saveRow);
    layout->addLayout(rowButtons);
    layout->addWidget(m_scenariosView, 1);

    auto selectedRow = [this] {
        const QModelIndex index = m_scenariosView->currentIndex();
        return index.isValid() ? index.row() : -1;
    };
    connect(m_saveScenario, &QPushButton::clicked, this, [this] {
        const int expect = m_expect->currentData().toInt();
        saveScenario(m_scenarioName->text(),
                     expect < 0 ? std::nullopt : std::optional<bool>(expect == 1));
    });
    connect(m_scenarioName, &QLineEdit::returnPressed, m_saveScenario, &QPushButton::click);
    connect(m_runAll, &QPushButton::clicked, this, &SimulatorPanel::runAll);
    connect(load, &QPushButton::clicked, this,
            [this, selectedRow] { loadScenario(selectedRow()); });
    connect(m_scenariosView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        loadScenario(index.row());
        run();
    });
    connect(remove, &QPushButton::clicked, this,
            [this, selectedRow] { removeScenario(selectedRow()); });
    return page;
}

void SimulatorPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Light or dark (View › Theme): the message boxes follow.
    if (event->type() == QEvent::PaletteChange) {
        const bool dark = isDarkPalette(palette());
        m_console->setStyleSheet(consoleStyle(dark));
        m_banner->setStyleSheet(bannerStyle(m_bannerBad, dark));
    }
}

int SimulatorPanel::currentStep() const
{
    return m_steps->current();
}

void SimulatorPanel::run()
{
    if (!m_builder->validate()) // an empty required field is shown on the field, not simulated
        return;
    m_stale = false;
    simulate(m_builder->scenario());
    m_tabs->setCurrentIndex(0);
}

ServerSide SimulatorPanel::server(QString *description) const
{
    return documentServerSide(m_document->document(), m_proxy ? m_proxy->site() : nullptr,
                              description);
}

QString SimulatorPanel::serverDescription() const
{
    QString description;
    server(&description);
    if (m_proxy && m_document->document().corsLayer == CorsLayer::Django) {
        if (m_proxy->isLoading())
            description += tr(" (reading %1…)").arg(m_proxy->path());
        else if (!m_proxy->error().isEmpty())
            description += tr(" (the document's nginx is not used: %1)").arg(m_proxy->error());
    }
    return description;
}

void SimulatorPanel::setProxySite(ProxySite *proxy)
{
    m_proxy = proxy;
    // Not an edit: the saved requests are re-run without "this edit blocks …".
    connect(proxy, &ProxySite::changed, this, [this] { rerun(false); });
    rerun(false);
}

void SimulatorPanel::simulate(const Scenario &scenario)
{
    m_sessionBeforeRun = m_session;
    m_ranScenario = scenario;
    const ServerSide serverSide = server();
    const std::optional<DjangoStack> stack = serverSide.stackFor(m_document->policy());
    SimulationResult result
            = m_session.run(CorsEngine(m_document->policy()), scenario, stack ? &*stack : nullptr);
    computeFixes(m_document->policy(), scenario, result, serverSide);
    m_result = result;
    // The same request in every engine, each a fresh browser: where they differ, side by side.
    const CrossBrowserResult all = simulateAllBrowsers(m_document->policy(), scenario, serverSide);
    m_crossBrowser->setResult(all);
    m_crossSummary->setText(all.differences.isEmpty()
                                    ? tr("The engines agree on everything shown.")
                                    : tr("Where they differ (marked ≠): %1.").arg(differingRows()));
    m_crossView->resizeRowsToContents();
    showResult();
    updateCache();
}

void SimulatorPanel::showResult()
{
    if (!m_result) {
        m_steps->setSteps({});
        m_diagram->setTrace({}, tr("page"), tr("server"));
        m_details->setHtml(tr("<p>Build a request on the left, then <b>Run</b> it: the simulated "
                              "Chromium sends it (with a preflight when needed) to the policy's "
                              "django-cors-headers, and every step shows here.</p>"));
        m_verdict->setText(QString());
        m_failureBox->hide();
        m_position->clear();
        for (QPushButton *b : {m_firstButton, m_backButton, m_forwardButton})
            b->setEnabled(false);
        return;
    }
    const SimulationResult &r = *m_result;
    const int previous = m_steps->current();
    const bool sameTrace = m_steps->steps().size() == r.steps.size() && m_stale;
    if (!sameTrace) {
        m_steps->setSteps(r.steps);
        const QUrl url(m_ranScenario->url.trimmed());
        m_diagram->setTrace(r.steps, m_ranScenario->pageOrigin,
                            url.host().isEmpty() ? m_ranScenario->url : url.authority());
    }
    m_failingStep = -1;
    for (int i = 0; i < r.steps.size(); ++i) {
        if (r.steps.at(i).verdict == Verdict::Fail || r.steps.at(i).verdict == Verdict::Error) {
            m_failingStep = i;
            break;
        }
    }

    QString verdict;
    if (r.allowed)
        verdict = QStringLiteral("<span style=\"color:#2e7d32; font-weight:bold\">%1</span> %2")
                          .arg(tr("\u2713 Allowed."),
                               tr("The script gets a %1 response with status %2%3.")
                                       .arg(r.responseType)
                                       .arg(r.status)
                                       .arg(r.preflightSent ? tr(", after a preflight")
                                                    : r.servedFromPreflightCache
                                                    ? tr(", the preflight served from the cache")
                                                    : QString()));
    else
        verdict = QStringLiteral("<span style=\"color:#c62828; font-weight:bold\">%1</span> %2")
                          .arg(tr("\u2717 Blocked."),
                               r.failure ? tr("Chromium's CORS check fails: <code>%1</code>; the "
                                              "script gets "
                                              "<code>%2</code>.")
                                                   .arg(corsErrorName(r.failure->error),
                                                        r.scriptError.toHtmlEscaped())
                                         : r.scriptError.toHtmlEscaped());
    if (m_stale)
        verdict += QStringLiteral(" <i>%1</i>")
                           .arg(tr("(The request has been edited since: Run again.)"));
    m_verdict->setText(verdict);

    m_failureBox->setVisible(!r.allowed);
    m_console->setText(r.console.isEmpty() ? r.scriptError : r.console);
    if (!r.fixes.isEmpty()) {
        QStringList items;
        for (const PolicyFix &fix : r.fixes)
            items.append(fix.description.toHtmlEscaped());
        m_fixText->setText(tr("<b>Fix:</b> %1").arg(items.join(QStringLiteral("; "))));
    } else {
        m_fixText->setText(r.fixExplanation.toHtmlEscaped());
    }
    m_applyFix->setVisible(!r.fixes.isEmpty());

    if (sameTrace)
        return;
    selectStep(m_failingStep >= 0 ? m_failingStep : int(r.steps.size()) - 1);
    Q_UNUSED(previous);
}

void SimulatorPanel::selectStep(int step)
{
    const int count = int(m_steps->steps().size());
    if (count == 0)
        return;
    step = qBound(0, step, count - 1);
    m_steps->setCurrent(step);
    m_stepsView->setCurrentIndex(m_steps->index(step));
    m_diagram->setCurrent(step);
    m_diagram->setSelected(step);
    const QRect row = m_diagram->stepRect(step);
    m_diagramScroll->ensureVisible(row.center().x(), row.center().y(), 0, row.height());
    m_details->setHtml(
            stepDetailsHtml(m_steps->steps().at(step), *m_result, step == m_failingStep));
    m_position->setText(tr("Step %1 of %2").arg(step + 1).arg(count));
    m_firstButton->setEnabled(step > 0);
    m_backButton->setEnabled(step > 0);
    m_forwardButton->setEnabled(step < count - 1);
}

void SimulatorPanel::stepForward()
{
    selectStep(currentStep() + 1);
}

void SimulatorPanel::stepBack()
{
    selectStep(currentStep() - 1);
}

void SimulatorPanel::firstStep()
{
    selectStep(0);
}

bool SimulatorPanel::applyFix()
{
    if (!m_result || m_result->fixes.isEmpty())
        return false;
    QUndoCommand *command = createApplyFixCommand(m_document, m_result->fixes);
    if (!command)
        return false;
    // The push changes the policy, which re-runs the request (policyChanged).
    m_document->undoStack()->push(command);
    return true;
}

void SimulatorPanel::advanceClock(int seconds)
{
    m_session.advanceClock(qint64(seconds) * 1000);
    updateCache();
}

void SimulatorPanel::clearPreflightCache()
{
    m_session.clearPreflightCache();
    updateCache();
}

void SimulatorPanel::updateCache()
{
    // A lookup drops expired entries, as the browser would on its next request.
    m_cache->setEntries(m_session.preflightCache().entries(), m_session.nowMs());
    m_clock->setText(tr("Browser clock: %1 s").arg(double(m_session.nowMs()) / 1000.0));
}

void SimulatorPanel::updateOriginPresets()
{
    constexpr qsizetype MaxOriginPresets = 50;
    QStringList origins;
    QSet<QString> seen; // a list of 10,000 origins must not be searched once per origin
    for (SettingId id : {SettingId::AllowedOrigins, SettingId::CsrfTrustedOrigins}) {
        const PyValue value = m_document->policy().effective(id);
        if (!value.isContainer())
            continue;
        for (const PyValue &item : value.items()) {
            // A menu, not the list: a pasted allow-list of 100,000 would cost every edit.
            if (origins.size() >= MaxOriginPresets)
                break;
            if (item.isStr() && !item.text().isEmpty() && !seen.contains(item.text())) {
                seen.insert(item.text());
                origins.append(item.text());
            }
        }
    }
    if (origins.isEmpty())
        origins.append(QStringLiteral("https://app.example.com"));
    origins.append(attackerOrigin());
    origins.append(QStringLiteral("null"));
    m_builder->setOriginPresets(origins);
    if (m_builder->originBox()->currentText().isEmpty())
        m_builder->originBox()->setCurrentText(origins.first());
}

void SimulatorPanel::policyChanged()
{
    rerun(true);
}

void SimulatorPanel::rerun(bool fromPolicyEdit)
{
    m_builder->setStackMode(server().deployment.has_value());
    m_serverLabel->setText(serverDescription());
    updateOriginPresets();
    updateScenarios(fromPolicyEdit);
    if (m_ranScenario) {
        // The same request, from the same browser state, against the edited policy.
        const bool stale = m_stale;
        m_session = m_sessionBeforeRun;
        m_stale = false;
        simulate(*m_ranScenario);
        if (stale) {
            m_stale = true;
            showResult();
        }
    }
}

void SimulatorPanel::runAll()
{
    updateScenarios(false);
    m_tabs->setCurrentIndex(2);
}

void SimulatorPanel::updateScenarios(bool fromPolicyEdit)
{
    // An edit's banner compares with what was shown before it, even when a later request (a
    // saved scenario) supersedes the edit's own run.
    m_scenariosRunForEdit = m_scenariosRunForEdit || fromPolicyEdit;
    m_scenariosJob->start(
            // The server side is built here (the document's nginx is the GUI's), only read there.
            [document = m_document->document(), server = server()] {
                return runScenarios(document.policy, document.scenarios, false, server);
            },
            [this](const QList<ScenarioOutcome> &outcomes) { showOutcomes(outcomes); });
}

void SimulatorPanel::showOutcomes(const QList<ScenarioOutcome> &outcomes)
{
    const bool fromPolicyEdit = std::exchange(m_scenariosRunForEdit, false);
    const QList<ScenarioOutcome> before = m_scenarios->outcomes();
    if (fromPolicyEdit && before.size() == outcomes.size()) {
        QStringList blocked;
        QStringList letThrough;
        QStringList fixed;
        for (qsizetype i = 0; i < outcomes.size(); ++i) {
            const ScenarioOutcome &now = outcomes.at(i);
            if (before.at(i).passed() && !now.passed()) {
                if (*now.expectAllowed)
                    blocked.append(now.name);
                else
                    letThrough.append(now.name);
            } else if (!before.at(i).passed() && now.passed()) {
                fixed.append(now.name);
            }
        }
        QStringList sentences;
        if (!blocked.isEmpty())
            sentences.append(tr("This edit blocks %n saved request(s) expected to pass: %1.",
                                nullptr, int(blocked.size()))
                                     .arg(blocked.join(QStringLiteral(", "))));
        if (!letThrough.isEmpty())
            sentences.append(
                    tr("This edit lets through %n saved request(s) expected to be blocked: %1.",
                       nullptr, int(letThrough.size()))
                            .arg(letThrough.join(QStringLiteral(", "))));
        if (!fixed.isEmpty())
            sentences.append(tr("This edit makes %n saved scenario(s) pass again: %1.", nullptr,
                                int(fixed.size()))
                                     .arg(fixed.join(QStringLiteral(", "))));
        if (sentences.isEmpty()) {
            m_banner->hide();
        } else {
            m_bannerBad = !blocked.isEmpty() || !letThrough.isEmpty();
            m_banner->setStyleSheet(bannerStyle(m_bannerBad, isDarkPalette(palette())));
            m_banner->setText(sentences.join(u' '));
            m_banner->show();
        }
    }
    m_scenarios->setOutcomes(outcomes);
    const int failures = failureCount(outcomes);
    int checked = 0;
    for (const ScenarioOutcome &o : outcomes)
        checked += o.checked() ? 1 : 0;
    if (outcomes.isEmpty())
        m_scenarioSummary->setText(tr("No saved scenarios yet."));
    else
        m_scenarioSummary->setText(
                tr("%1 of %2 checked scenarios pass.").arg(checked - failures).arg(checked));
    m_tabs->setTabText(2, failures ? tr("Scenarios (%1 failing)").arg(failures) : tr("Scenarios"));
}

void SimulatorPanel::saveScenario(const QString &name, std::optional<bool> expectAllowed)
{
    SavedScenario saved;
    saved.scenario = m_builder->scenario();
    saved.name = name.trimmed().isEmpty()
            ? tr("%1 %2 from %3")
                      .arg(saved.scenario.method, saved.scenario.url, saved.scenario.pageOrigin)
            : name.trimmed();
    saved.expectAllowed = expectAllowed;
    QList<SavedScenario> scenarios = m_document->document().scenarios;
    scenarios.append(saved);
    m_document->undoStack()->push(new SetScenariosCommand(
            m_document, scenarios, tr("Save scenario \u201c%1\u201d").arg(saved.name)));
    m_scenarioName->clear();
}

void SimulatorPanel::loadScenario(int index)
{
    const QList<SavedScenario> &scenarios = m_document->document().scenarios;
    if (index < 0 || index >= scenarios.size())
        return;
    m_builder->setScenario(scenarios.at(index).scenario);
    m_scenarioName->setText(scenarios.at(index).name);
}

void SimulatorPanel::removeScenario(int index)
{
    QList<SavedScenario> scenarios = m_document->document().scenarios;
    if (index < 0 || index >= scenarios.size())
        return;
    const QString name = scenarios.at(index).name;
    scenarios.removeAt(index);
    m_document->undoStack()->push(new SetScenariosCommand(
            m_document, scenarios, tr("Remove scenario \u201c%1\u201d").arg(name)));
}

} // namespace Cors
