// SPDX-License-Identifier: MIT
#include "live/livepanel.h"

#include "document/policydocument.h"
#include "live/livelogmodel.h"
#include "live/policyserver.h"
#include "live/testpage.h"
#include "widgets/elidedtooltips.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStringListModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Cors {

namespace {

/** "Name: value" lines; @p error names the first line that is not one. */
HttpHeaders parseHeaderLines(const QString &text, QString *error)
{
    HttpHeaders headers;
    int number = 0;
    for (const QString &line : text.split(u'\n')) {
        ++number;
        if (line.trimmed().isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            *error = LivePanel::tr("Line %1: expected \"Name: value\", got \"%2\".")
                             .arg(number)
                             .arg(line.trimmed());
            return {};
        }
        headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return headers;
}

} // namespace

LivePanel::LivePanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_server(new Live::PolicyServer(this))
    , m_page(new Live::TestPageServer(m_server, this))
    , m_prober(new Live::Prober(this))
    , m_log(new LiveLogModel(this))
    , m_differences(new QStringListModel(this))
{
    setObjectName(QStringLiteral("livePanel"));
    // The forms on the left (scrolling when taller than the window); what comes back takes the
    // room on the right: the requests served above, the probe's differences and exchanges
    // below.
    auto *forms = new QWidget(this);
    forms->setObjectName(QStringLiteral("liveForms"));
    auto *formsLayout = new QVBoxLayout(forms);
    formsLayout->addWidget(createServeTab());
    formsLayout->addWidget(createProbeTab());
    formsLayout->addStretch(1);
    auto *formsScroll = new QScrollArea(this);
    formsScroll->setObjectName(QStringLiteral("liveFormsScroll"));
    formsScroll->setWidget(forms);
    formsScroll->setWidgetResizable(true);
    formsScroll->setFrameShape(QFrame::NoFrame);
    formsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    formsScroll->setMinimumWidth(forms->minimumSizeHint().width()
                                 + formsScroll->verticalScrollBar()->sizeHint().width());

    m_resultsSplitter = new QSplitter(Qt::Vertical, this);
    m_resultsSplitter->setObjectName(QStringLiteral("liveResults"));
    m_resultsSplitter->addWidget(createLogArea());
    m_resultsSplitter->addWidget(createProbeResults());
    m_resultsSplitter->setChildrenCollapsible(false);
    m_resultsSplitter->setStretchFactor(0, 3);
    m_resultsSplitter->setStretchFactor(1, 2);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("liveMain"));
    m_mainSplitter->addWidget(formsScroll);
    m_mainSplitter->addWidget(m_resultsSplitter);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 5);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplitter);

    syncPolicy();
    // Every edit, undo, redo and reset: the next request is answered under the new policy.
    connect(m_document, &PolicyDocument::changed, this, &LivePanel::syncPolicy);
    connect(m_document, &PolicyDocument::documentReset, this, &LivePanel::syncPolicy);
    connect(m_document, &PolicyDocument::scenariosChanged, this,
            [this] { m_page->setScenarios(m_document->document().scenarios); });
    connect(m_server, &Live::PolicyServer::exchangeLogged, m_log, &LiveLogModel::append);
    connect(m_page, &Live::TestPageServer::scenarioFinished, this,
            [this](const Live::ScenarioRun &run) {
                ++m_scenariosRun;
                if (run.disagreements.isEmpty())
                    ++m_scenariosAgreeing;
                m_scenarioSummary->setText(
                        tr("Test page: %1 of %2 scenarios run agree with the simulator. "
                           "Last: %3 — %4")
                                .arg(m_scenariosAgreeing)
                                .arg(m_scenariosRun)
                                .arg(run.name.isEmpty() ? run.id : run.name)
                                .arg(run.disagreements.isEmpty() ? tr("agrees")
                                                                 : run.disagreements.join(u' ')));
            });
    connect(m_prober, &Live::Prober::progress, this,
            [this](int done, int total, const QString &text) {
                m_progress->setRange(0, qMax(1, total));
                m_progress->setValue(done);
                m_progress->setFormat(text);
            });
    connect(m_prober, &Live::Prober::finished, this, &LivePanel::showProbeReport);
    updateServeState();
}

LivePanel::~LivePanel()
{
    m_page->close();
    m_server->close();
}

QWidget *LivePanel::createServeTab()
{
    auto *tab = new QGroupBox(tr("Serve this policy"), this);
    tab->setObjectName(QStringLiteral("serveBox"));
    m_serveButton = new QPushButton(tr("Serve"), tab);
    m_serveButton->setObjectName(QStringLiteral("serveButton"));
    m_serveButton->setCheckable(true);
    m_serveButton->setToolTip(tr("Answer real HTTP requests on 127.0.0.1 with this policy"));
    connect(m_serveButton, &QPushButton::toggled, this, [this](bool on) {
        if (on != isServing())
            setServing(on);
    });
    m_portBox = new QSpinBox(tab);
    m_portBox->setObjectName(QStringLiteral("portBox"));
    m_portBox->setRange(0, 65535);
    m_portBox->setSpecialValueText(tr("any free port"));
    m_portBox->setAccessibleName(tr("Port"));
    m_endpointStatus = new QSpinBox(tab);
    m_endpointStatus->setRange(200, 599);
    m_endpointStatus->setValue(200);
    m_endpointStatus->setAccessibleName(tr("View status"));
    m_endpointStatus->setToolTip(tr("The status the view behind the middleware answers with"));
    m_endpointHeaders = new QPlainTextEdit(tab);
    m_endpointHeaders->setAccessibleName(tr("View headers"));
    m_endpointHeaders->setPlaceholderText(
            tr("The view's own headers, one \"Name: value\" per line"));
    m_endpointHeaders->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_endpointHeaders->setMaximumHeight(m_endpointHeaders->fontMetrics().lineSpacing() * 4);
    connect(m_endpointStatus, &QSpinBox::valueChanged, this, &LivePanel::updateEndpoint);
    connect(m_endpointHeaders, &QPlainTextEdit::textChanged, this, &LivePanel::updateEndpoint);

    m_status = new QLabel(tab);
    m_status->setObjectName(QStringLiteral("liveStatus"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setOpenExternalLinks(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_scenarioSummary = new QLabel(tab);
    m_scenarioSummary->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Port:"), m_portBox);
    form->addRow(tr("View status:"), m_endpointStatus);
    form->addRow(tr("View headers:"), m_endpointHeaders);
    auto *layout = new QVBoxLayout(tab);
    layout->addWidget(m_serveButton, 0, Qt::AlignLeft);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_scenarioSummary);
    return tab;
}
QWidget *LivePanel::createLogArea()
{
    auto *area = new QWidget(this);
    area->setObjectName(QStringLiteral("liveLogArea"));
    auto *clear = new QPushButton(tr("Clear log"), area);
    connect(clear, &QPushButton::clicked, m_log, &LiveLogModel::clear);

    m_logView = new QTableView(area);
    m_logView->setObjectName(QStringLiteral("liveLog"));
    m_logView->setModel(m_log);
    m_logView->setAccessibleName(tr("Request log"));
    m_logView->setCornerButtonEnabled(false);
    if (auto *corner = m_logView->findChild<QAbstractButton *>())
        corner->setAccessibleName(tr("Select all"));
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setAlternatingRowColors(true);
    m_logView->verticalHeader()->hide();
    m_logView->horizontalHeader()->setStretchLastSection(true);
    m_logView->setWordWrap(false);
    // Follow the newest request unless the user scrolled away from the bottom.
    connect(m_log, &QAbstractItemModel::rowsInserted, m_logView,
            [this] { m_logView->scrollToBottom(); });

    m_logView->setTextElideMode(Qt::ElideMiddle);
    ElidedToolTips::install(m_logView);
    QHeaderView *header = m_logView->horizontalHeader();
    // Short columns fit their content; the texts share the rest and elide, the whole text in
    // the tooltip.
    header->setSectionResizeMode(QHeaderView::Stretch);
    for (int column : {LiveLogModel::Sequence, LiveLogModel::Time, LiveLogModel::Sent})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(fontMetrics().averageCharWidth() * 4);
    auto *title = new QLabel(tr("Requests served"), area);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch(1);
    top->addWidget(clear);
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addLayout(top);
    layout->addWidget(m_logView, 1);
    return area;
}

QWidget *LivePanel::createProbeTab()
{
    auto *tab = new QGroupBox(tr("Probe a real server"), this);
    tab->setObjectName(QStringLiteral("probeBox"));
    m_probeUrl = new QLineEdit(tab);
    m_probeUrl->setAccessibleName(tr("URL to probe"));
    m_probeUrl->setObjectName(QStringLiteral("probeUrl"));
    m_probeUrl->setPlaceholderText(QStringLiteral("https://api.example.com/items"));
    m_probeOrigin = new QLineEdit(tab);
    m_probeOrigin->setAccessibleName(tr("Page origin"));
    m_probeOrigin->setObjectName(QStringLiteral("probeOrigin"));
    m_probeOrigin->setPlaceholderText(QStringLiteral("https://app.example.com"));
    m_probeMethod = new QComboBox(tab);
    m_probeMethod->setEditable(true);
    m_probeMethod->setAccessibleName(tr("Method"));
    m_probeMethod->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                             QStringLiteral("PATCH"), QStringLiteral("DELETE"),
                             QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
    m_probeHeaders = new QPlainTextEdit(tab);
    m_probeHeaders->setAccessibleName(tr("Request headers"));
    m_probeHeaders->setPlaceholderText(tr("Headers the script sets, one \"Name: value\" per line"));
    m_probeHeaders->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_probeHeaders->setMaximumHeight(m_probeHeaders->fontMetrics().lineSpacing() * 4);
    m_probeCredentials = new QComboBox(tab);
    m_probeCredentials->setAccessibleName(tr("Credentials"));
    m_probeCredentials->addItem(tr("same-origin"), QStringLiteral("same-origin"));
    m_probeCredentials->addItem(tr("include"), QStringLiteral("include"));
    m_probeCredentials->addItem(tr("omit"), QStringLiteral("omit"));

    m_probeButton = new QPushButton(tr("Probe"), tab);
    m_probeButton->setObjectName(QStringLiteral("probeButton"));
    m_probeButton->setToolTip(tr("Send the preflight and the actual request a browser would send, "
                                 "and compare the answers with the policy's"));
    connect(m_probeButton, &QPushButton::clicked, this, &LivePanel::startProbe);
    m_cancelButton = new QPushButton(tr("Cancel"), tab);
    m_cancelButton->setEnabled(false);
    connect(m_cancelButton, &QPushButton::clicked, this, &LivePanel::cancelProbe);
    m_progress = new QProgressBar(tab);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QString());

    auto *form = new QFormLayout;
    form->addRow(tr("URL:"), m_probeUrl);
    form->addRow(tr("Page origin:"), m_probeOrigin);
    form->addRow(tr("Method:"), m_probeMethod);
    form->addRow(tr("Credentials:"), m_probeCredentials);
    form->addRow(tr("Headers:"), m_probeHeaders);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_probeButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    return tab;
}

QWidget *LivePanel::createProbeResults()
{
    auto *area = new QWidget(this);
    area->setObjectName(QStringLiteral("probeResultsArea"));
    m_differencesView = new QListView(area);
    m_differencesView->setObjectName(QStringLiteral("probeDifferences"));
    m_differencesView->setModel(m_differences);
    m_differencesView->setAccessibleName(tr("Differences"));
    m_differencesView->setWordWrap(true);
    m_differencesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_report = new QPlainTextEdit(area);
    m_report->setObjectName(QStringLiteral("probeReport"));
    m_report->setReadOnly(true);
    m_report->setAccessibleName(tr("Raw exchanges"));
    m_report->setPlaceholderText(tr("Probe a server: the preflight and the actual request it "
                                    "answered show here, raw, and the differences from the "
                                    "policy beside them."));
    m_report->setLineWrapMode(QPlainTextEdit::WidgetWidth); // never sideways
    m_report->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_report->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *title = new QLabel(tr("Probe results"), area);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_probeSplitter = new QSplitter(Qt::Horizontal, area);
    m_probeSplitter->setObjectName(QStringLiteral("probeResults"));
    m_probeSplitter->addWidget(m_differencesView);
    m_probeSplitter->addWidget(m_report);
    m_probeSplitter->setChildrenCollapsible(false);
    m_probeSplitter->setStretchFactor(0, 2);
    m_probeSplitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(title);
    layout->addWidget(m_probeSplitter, 1);
    return area;
}

void LivePanel::applyDefaultSizes()
{
    const int width = m_mainSplitter->width() - m_mainSplitter->handleWidth();
    const int forms = qBound(m_mainSplitter->widget(0)->minimumSizeHint().width(),
                             m_mainSplitter->widget(0)->sizeHint().width(), int(width * 0.4));
    m_mainSplitter->setSizes({forms, width - forms});
    const int height = m_resultsSplitter->height() - m_resultsSplitter->handleWidth();
    const int probe
            = qMax(m_resultsSplitter->widget(1)->minimumSizeHint().height(), int(height * 0.4));
    m_resultsSplitter->setSizes({height - probe, probe});
    const int probeWidth = m_probeSplitter->width() - m_probeSplitter->handleWidth();
    m_probeSplitter->setSizes({probeWidth * 2 / 5, probeWidth - probeWidth * 2 / 5});
}

void LivePanel::syncPolicy()
{
    m_page->setScenarios(m_document->document().scenarios);
    // Building the served engine is policy-sized (100,000 origins: 130 ms): done at every edit
    // only while serving, where the next request must get the edited policy.
    m_policyPending = !isServing();
    if (!m_policyPending)
        m_server->setPolicy(m_document->policy());
}

void LivePanel::updateEndpoint()
{
    QString error;
    EndpointResponse endpoint;
    endpoint.status = m_endpointStatus->value();
    endpoint.headers = parseHeaderLines(m_endpointHeaders->toPlainText(), &error);
    QStringList dropped;
    endpoint = Live::PolicyServer::sanitizedEndpoint(endpoint, &dropped);
    m_server->setEndpoint(endpoint);
    if (!error.isEmpty())
        m_endpointHeaders->setToolTip(error);
    else if (!dropped.isEmpty())
        m_endpointHeaders->setToolTip(tr("Ignored (the server frames responses itself): %1")
                                              .arg(dropped.join(QStringLiteral(", "))));
    else
        m_endpointHeaders->setToolTip(QString());
}

bool LivePanel::setServing(bool serving)
{
    bool ok = true;
    if (serving && !isServing()) {
        updateEndpoint();
        if (m_policyPending) {
            m_server->setPolicy(m_document->policy());
            m_policyPending = false;
        }
        const auto port = quint16(m_portBox->value());
        if (!m_server->listen(QHostAddress::LocalHost, port)) {
            m_status->setText(tr("Cannot listen on 127.0.0.1:%1: %2")
                                      .arg(port)
                                      .arg(m_server->errorString().toHtmlEscaped()));
            ok = false;
        } else if (!m_page->listen(QHostAddress::LocalHost, 0)) {
            m_status->setText(
                    tr("Cannot open the test page: %1").arg(m_page->errorString().toHtmlEscaped()));
            m_server->close();
            ok = false;
        }
    } else if (!serving && isServing()) {
        m_page->close();
        m_server->close();
    }
    updateServeState();
    emit servingChanged(isServing());
    return ok;
}

bool LivePanel::isServing() const
{
    return m_server->isListening();
}

void LivePanel::updateServeState()
{
    const bool on = isServing();
    {
        const QSignalBlocker blocker(m_serveButton);
        m_serveButton->setChecked(on);
    }
    m_serveButton->setText(on ? tr("Stop serving") : tr("Serve"));
    m_portBox->setEnabled(!on);
    if (on) {
        const QString policyUrl = m_server->url().toString();
        const QString pageUrl = m_page->url().toString();
        m_status->setText(tr("Serving on <a href=\"%1\">%1</a> (port %2) · test page: "
                             "<a href=\"%3\">%3</a>")
                                  .arg(policyUrl)
                                  .arg(m_server->port())
                                  .arg(pageUrl));
    } else if (m_status->text().isEmpty() || m_status->text().startsWith(tr("Serving on"))) {
        m_status->setText(tr("Not serving."));
    }
}

bool LivePanel::startProbe()
{
    if (m_prober->isRunning())
        return false;
    Live::ProbeRequest request;
    request.url = QUrl::fromUserInput(m_probeUrl->text().trimmed());
    request.origin = m_probeOrigin->text().trimmed();
    request.method = m_probeMethod->currentText().trimmed();
    QString error;
    request.headers = parseHeaderLines(m_probeHeaders->toPlainText(), &error);
    const QString scheme = request.url.scheme();
    if (error.isEmpty()
        && (!request.url.isValid() || request.url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))))
        error = tr("The URL must be an absolute http or https URL.");
    if (error.isEmpty() && request.origin.isEmpty())
        error = tr("Enter the page's origin (or null).");
    if (error.isEmpty() && request.method.isEmpty())
        error = tr("Enter a method.");
    if (!error.isEmpty()) {
        m_differences->setStringList({error});
        m_report->clear();
        return false;
    }
    request.credentials = credentialsModeFromName(m_probeCredentials->currentData().toString())
                                  .value_or(CredentialsMode::SameOrigin);
    m_differences->setStringList({});
    m_report->setPlainText(tr("Probing…"));
    m_probeButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_progress->setRange(0, 0); // busy until the first progress report
    return m_prober->start(m_document->policy(), request);
}

void LivePanel::cancelProbe()
{
    m_prober->cancel();
}

void LivePanel::showProbeReport(const Live::ProbeReport &report)
{
    m_probeButton->setEnabled(true);
    m_cancelButton->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    QStringList lines;
    if (!report.error.isEmpty())
        lines.append(tr("Nothing sent: %1").arg(report.error));
    for (const Live::ProbeExchange &e : report.exchanges) {
        const QString kind = e.kind == Live::ProbeExchange::Kind::Preflight ? tr("Preflight")
                                                                            : tr("Actual request");
        if (!e.answered())
            lines.append(tr("%1: %2").arg(kind, e.errorText));
        for (const ResponseDifference &d : e.differences)
            lines.append(tr("%1: %2").arg(kind, d.text));
    }
    if (lines.isEmpty())
        lines.append(report.cancelled
                             ? tr("Cancelled.")
                             : tr("No differences: the server answers as your policy would."));
    m_differences->setStringList(lines);
    m_report->setPlainText(Live::probeReportToText(report));
    m_progress->setFormat(report.cancelled ? tr("Cancelled") : tr("Done"));
    emit probeFinished(report);
}

} // namespace Cors
