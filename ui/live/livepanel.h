// SPDX-License-Identifier: MIT
#pragma once

#include "live/prober.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStringListModel;
class QTableView;

namespace Cors {

class LiveLogModel;
class PolicyDocument;

namespace Live {
class PolicyServer;
class TestPageServer;
} // namespace Live

/**
 * Live mode: serve the document's policy over real HTTP on loopback (with the test page on a
 * second port) and watch the requests arrive next to what the policy and the simulator decided;
 * probe a real server with the request a browser would send and list where its answers differ
 * from the policy's. The served policy follows every edit of the document.
 */
class LivePanel : public QWidget
{
    Q_OBJECT

public:
    explicit LivePanel(PolicyDocument *document, QWidget *parent = nullptr);
    ~LivePanel() override;

    /** Sizes the splitters for the panel's size (a first start, Reset Workspace Layout). */
    void applyDefaultSizes();

    /** Starts or stops serving; false with a message in statusLabel() when the port is taken. */
    bool setServing(bool serving);
    bool isServing() const;
    /** Starts a probe of the URL, origin, method and headers in the form. */
    bool startProbe();
    void cancelProbe();

    // For tests and the main window.
    QPushButton *serveButton() const { return m_serveButton; }
    QSpinBox *portBox() const { return m_portBox; }
    QLabel *statusLabel() const { return m_status; }
    LiveLogModel *logModel() const { return m_log; }
    QTableView *logView() const { return m_logView; }
    Live::PolicyServer *policyServer() const { return m_server; }
    Live::TestPageServer *testPageServer() const { return m_page; }
    QLineEdit *probeUrlEdit() const { return m_probeUrl; }
    QLineEdit *probeOriginEdit() const { return m_probeOrigin; }
    QComboBox *probeMethodBox() const { return m_probeMethod; }
    QPlainTextEdit *probeHeadersEdit() const { return m_probeHeaders; }
    QComboBox *probeCredentialsBox() const { return m_probeCredentials; }
    QPushButton *probeButton() const { return m_probeButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QProgressBar *probeProgress() const { return m_progress; }
    QPlainTextEdit *probeReportView() const { return m_report; }
    QStringListModel *differencesModel() const { return m_differences; }
    Live::Prober *prober() const { return m_prober; }

signals:
    void servingChanged(bool serving);
    void probeFinished(const Cors::Live::ProbeReport &report);

private:
    PolicyDocument *m_document;
    Live::PolicyServer *m_server;
    Live::TestPageServer *m_page;
    Live::Prober *m_prober;
    LiveLogModel *m_log;
    QStringListModel *m_differences;

    QPushButton *m_serveButton = nullptr;
    QSpinBox *m_portBox = nullptr;
    QSpinBox *m_endpointStatus = nullptr;
    QPlainTextEdit *m_endpointHeaders = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_scenarioSummary = nullptr;
    QTableView *m_logView = nullptr;
    QLineEdit *m_probeUrl = nullptr;
    QLineEdit *m_probeOrigin = nullptr;
    QComboBox *m_probeMethod = nullptr;
    QPlainTextEdit *m_probeHeaders = nullptr;
    QComboBox *m_probeCredentials = nullptr;
    QPushButton *m_probeButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QPlainTextEdit *m_report = nullptr;
    QListView *m_differencesView = nullptr;
    QSplitter *m_mainSplitter = nullptr;    // forms | results
    QSplitter *m_resultsSplitter = nullptr; // log above the probe's results
    QSplitter *m_probeSplitter = nullptr;   // differences | raw exchanges
    int m_scenariosRun = 0;
    int m_scenariosAgreeing = 0;
    /** The document changed while not serving: the server gets it when serving starts. */
    bool m_policyPending = false;

    QWidget *createServeTab();
    QWidget *createProbeTab();
    QWidget *createLogArea();
    QWidget *createProbeResults();
    void syncPolicy();
    void updateEndpoint();
    void updateServeState();
    void showProbeReport(const Live::ProbeReport &report);
};

} // namespace Cors
