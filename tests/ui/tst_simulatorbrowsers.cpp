// SPDX-License-Identifier: MIT
// Issue 19 in the Simulate workspace: the request in every browser side by side, and "paste the
// error you see". The console lines pasted here are the engines' own words: Chromium's from
// browser-cors.md §7.2, Firefox's as issue 19 quotes real Firefox ESR (also pinned by
// browser/firefox_agreement against the real browser).
#include "document/policydocument.h"
#include "io/corsyaml.h"
#include "simulator/crossbrowsermodel.h"
#include "simulator/explainpanel.h"
#include "simulator/requestbuilder.h"
#include "simulator/simulatorpanel.h"
#include "uitestutils.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QThreadPool>

using namespace Cors;

namespace {

const QByteArray policyYaml = "cors-studio: 1\n"
                              "profile: \"4.x\"\n"
                              "settings:\n"
                              "  CORS_ALLOWED_ORIGINS:\n"
                              "    - \"https://app.example.com\"\n";

const QString chromiumHeaderLine = QStringLiteral(
        "Access to fetch at 'https://api.example.com/api/items/42' from origin "
        "'https://app.example.com' has been blocked by CORS policy: Request header field "
        "x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.");

const QString firefoxMissingOrigin = QStringLiteral(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote "
        "resource at https://api.example.com/data. (Reason: CORS header "
        "‘Access-Control-Allow-Origin’ missing). Status code: 200.");

} // namespace

class tst_SimulatorBrowsers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyBrowserSideBySide();
    void pastedChromiumErrorBuildsTheSameFailure();
    void pastedFirefoxErrorAsksForTheOrigin();
    void unknownTextSaysSo();
    void anAnswerForOlderTextIsNeverShown();

private:
    bool explain(const QString &text);

    PolicyDocument *m_doc = nullptr;
    SimulatorPanel *m_panel = nullptr;
};

void tst_SimulatorBrowsers::initTestCase()
{
    TestUtils::isolateSettingsAndData();
}

void tst_SimulatorBrowsers::init()
{
    m_doc = new PolicyDocument;
    const CorsYamlResult loaded = loadCorsYaml(policyYaml);
    QVERIFY(loaded.ok);
    m_doc->reset(loaded.document);
    m_panel = new SimulatorPanel(m_doc);
    m_panel->resize(1280, 720);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void tst_SimulatorBrowsers::cleanup()
{
    delete m_panel;
    m_panel = nullptr;
    delete m_doc;
    m_doc = nullptr;
    QThreadPool::globalInstance()->waitForDone();
}

bool tst_SimulatorBrowsers::explain(const QString &text)
{
    ExplainPanel *p = m_panel->explainPanel();
    p->inputEdit()->setPlainText(text);
    QSignalSpy landed(p, &ExplainPanel::explained);
    QTest::mouseClick(p->explainButton(), Qt::LeftButton);
    return landed.wait(10000);
}

void tst_SimulatorBrowsers::everyBrowserSideBySide()
{
    Scenario s;
    s.pageOrigin = QStringLiteral("https://evil.example");
    s.url = QStringLiteral("https://api.example.com/data");
    m_panel->builder()->setScenario(s);
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result());
    QVERIFY(!m_panel->result()->allowed);

    CrossBrowserModel *model = m_panel->crossBrowserModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Chromium"));
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Firefox"));
    int verdict = -1;
    int console = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString title = model->headerData(row, Qt::Vertical).toString();
        if (title.endsWith(QLatin1String("Verdict")))
            verdict = row;
        if (title.endsWith(QLatin1String("Console")))
            console = row;
    }
    QVERIFY(verdict >= 0 && console >= 0);
    // The engines agree on the verdict (blocked everywhere) and word it each their own way.
    for (int column = 0; column < 3; ++column)
        QCOMPARE(model->index(verdict, column).data().toString(), QStringLiteral("blocked"));
    QVERIFY(!model->index(verdict, 0).data(CrossBrowserModel::DiffersRole).toBool());
    QVERIFY(model->index(console, 0).data(CrossBrowserModel::DiffersRole).toBool());
    QVERIFY(model->index(console, 0)
                    .data()
                    .toString()
                    .startsWith(QLatin1String(
                            "Access to fetch at 'https://api.example.com/data' from origin "
                            "'https://evil.example' has been blocked by CORS policy")));
    QVERIFY(model->index(console, 1).data().toString().startsWith(firefoxMissingOrigin.left(60)));
    QVERIFY(m_panel->crossBrowserSummary()->text().contains(QLatin1String("console")));
    QVERIFY(!m_panel->crossBrowserSummary()->text().contains(QLatin1String("verdict")));
}

void tst_SimulatorBrowsers::pastedChromiumErrorBuildsTheSameFailure()
{
    QVERIFY(explain(chromiumHeaderLine));
    ExplainPanel *p = m_panel->explainPanel();
    QVERIFY(p->explanation() && p->explanation()->recognised);
    QCOMPARE(p->explanation()->engine, BrowserEngine::Chromium);
    QVERIFY(p->answerView()->toPlainText().contains(QLatin1String("preflight")));
    QVERIFY(p->buildButton()->isEnabled());

    QTest::mouseClick(p->buildButton(), Qt::LeftButton);
    RequestBuilder *b = m_panel->builder();
    QCOMPARE(b->scenario().pageOrigin, QStringLiteral("https://app.example.com"));
    QCOMPARE(b->scenario().url, QStringLiteral("https://api.example.com/api/items/42"));
    QCOMPARE(b->browserBox()->currentData().toString(), QStringLiteral("chromium"));

    // Run against this policy (x-request-id is not in CORS_ALLOW_HEADERS): the same words.
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result());
    QCOMPARE(m_panel->result()->console, chromiumHeaderLine);
}

void tst_SimulatorBrowsers::pastedFirefoxErrorAsksForTheOrigin()
{
    QVERIFY(explain(firefoxMissingOrigin));
    ExplainPanel *p = m_panel->explainPanel();
    QCOMPARE(p->explanation()->engine, BrowserEngine::Firefox);
    QVERIFY(p->statusLabel()->text().contains(QLatin1String("Firefox")));
    QTest::mouseClick(p->buildButton(), Qt::LeftButton);
    RequestBuilder *b = m_panel->builder();
    QCOMPARE(b->scenario().url, QStringLiteral("https://api.example.com/data"));
    QCOMPARE(b->browserBox()->currentData().toString(), QStringLiteral("firefox"));
    // Firefox's line does not name the page: the origin field asks instead of keeping a value.
    QVERIFY(b->scenario().pageOrigin.isEmpty());
    QVERIFY(!b->fieldError(b->originBox()).isEmpty());
}

void tst_SimulatorBrowsers::unknownTextSaysSo()
{
    QVERIFY(explain(QStringLiteral("Uncaught ReferenceError: foo is not defined")));
    ExplainPanel *p = m_panel->explainPanel();
    QVERIFY(!p->explanation()->recognised);
    QVERIFY(!p->buildButton()->isEnabled());
    QVERIFY(p->statusLabel()->text().contains(QLatin1String("Not a CORS message I know")));
    QVERIFY(p->answerView()->toPlainText().contains(QLatin1String("Closest known messages")));
}

void tst_SimulatorBrowsers::anAnswerForOlderTextIsNeverShown()
{
    ExplainPanel *p = m_panel->explainPanel();
    p->inputEdit()->setPlainText(chromiumHeaderLine);
    QSignalSpy landed(p, &ExplainPanel::explained);
    p->explain();
    // Edited before the answer lands: the answer is for text that is no longer there.
    p->inputEdit()->setPlainText(firefoxMissingOrigin);
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(landed.count(), 0);
    QVERIFY(!p->explanation());
    QVERIFY(!p->buildButton()->isEnabled());
    QVERIFY(p->answerView()->toPlainText().isEmpty());
}

QTEST_MAIN(tst_SimulatorBrowsers)
#include "tst_simulatorbrowsers.moc"
