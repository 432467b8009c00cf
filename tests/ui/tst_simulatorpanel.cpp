// SPDX-License-Identifier: MIT
// The simulated browser panel, driven as a user would: typing, clicking, pasting.
// Expected verdicts and console text come from browser-cors.md (§4.5, §7.2: a header outside
// Access-Control-Allow-Headers fails the preflight with kHeaderDisallowedByPreflightResponse;
// Max-Age is capped at 7200 s) and django-cors-headers.md (4.x default_headers: accept,
// authorization, content-type, user-agent, x-csrftoken, x-requested-with; Max-Age 86400).

#include "browser/weborigin.h"
#include "document/policydocument.h"
#include "io/corsyaml.h"
#include "simulator/headertablemodel.h"
#include "simulator/preflightcachemodel.h"
#include "simulator/requestbuilder.h"
#include "simulator/scenarioresultsmodel.h"
#include "simulator/sequencediagram.h"
#include "simulator/simulatorpanel.h"
#include "simulator/tracestepsmodel.h"
#include "uitestutils.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QUndoStack>

using namespace Cors;

namespace {

const QByteArray policyYaml = "cors-studio: 1\n"
                              "profile: \"4.x\"\n"
                              "settings:\n"
                              "  CORS_ALLOWED_ORIGINS:\n"
                              "    - \"https://app.example.com\"\n"
                              "  CORS_ALLOW_CREDENTIALS: true\n";

const QString blockedConsole = QStringLiteral(
        "Access to fetch at 'https://api.example.com/api/items/42' from origin "
        "'https://app.example.com' has been blocked by CORS policy: Request header field "
        "x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.");

void retype(QWidget *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

QString stepTitle(SimulatorPanel &panel)
{
    return panel.stepsModel()->steps().at(panel.currentStep()).title;
}

QString stepId(SimulatorPanel &panel)
{
    return panel.stepsModel()->steps().at(panel.currentStep()).id;
}

} // namespace

class tst_SimulatorPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void buildByTypingStepThroughAndApplyTheFix();
    void savedScenariosRerunOnEveryEdit();
    void importFromFetchAndCurl();
    void preflightCacheAndClock();
    void originPresetsIncludeAnAttacker();
    void modelsPassTheTester();
    void emptyRequiredFieldsAreErrorsNotRequests();
    void importWithoutThePageAsksForIt();

private:
    PolicyDocument *m_doc = nullptr;
    SimulatorPanel *m_panel = nullptr;

    void buildBlockedPut();
};

void tst_SimulatorPanel::initTestCase()
{
    TestUtils::isolateSettingsAndData();
}

void tst_SimulatorPanel::init()
{
    m_doc = new PolicyDocument;
    const CorsYamlResult loaded = loadCorsYaml(policyYaml);
    QVERIFY(loaded.ok);
    m_doc->reset(loaded.document);
    m_panel = new SimulatorPanel(m_doc);
    m_panel->resize(1400, 900);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void tst_SimulatorPanel::cleanup()
{
    delete m_panel;
    m_panel = nullptr;
    delete m_doc;
    m_doc = nullptr;
}

void tst_SimulatorPanel::buildBlockedPut()
{
    RequestBuilder *b = m_panel->builder();
    retype(b->originBox()->lineEdit(), QStringLiteral("https://app.example.com"));
    retype(b->urlEdit(), QStringLiteral("https://api.example.com/api/items/42"));
    retype(b->methodBox()->lineEdit(), QStringLiteral("PUT"));
    QTest::mouseClick(b->addHeaderButton(), Qt::LeftButton);
    QWidget *editor = QApplication::focusWidget();
    QVERIFY(qobject_cast<QLineEdit *>(editor));
    QTest::keyClicks(editor, QStringLiteral("X-Request-Id"));
    QTest::keyClick(editor, Qt::Key_Tab);
    editor = QApplication::focusWidget();
    QVERIFY(qobject_cast<QLineEdit *>(editor));
    QTest::keyClicks(editor, QStringLiteral("7f3a"));
    QTest::keyClick(editor, Qt::Key_Return);
    QCoreApplication::processEvents(); // the delegate commits on Return through a queued call

    const Scenario s = b->scenario();
    QCOMPARE(s.pageOrigin, QStringLiteral("https://app.example.com"));
    QCOMPARE(s.url, QStringLiteral("https://api.example.com/api/items/42"));
    QCOMPARE(s.method, QStringLiteral("PUT"));
    QCOMPARE(s.headers, (HttpHeaders {{QStringLiteral("X-Request-Id"), QStringLiteral("7f3a")}}));
}

void tst_SimulatorPanel::buildByTypingStepThroughAndApplyTheFix()
{
    buildBlockedPut();
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result());
    QVERIFY(!m_panel->result()->allowed);
    QVERIFY(m_panel->result()->preflightSent);
    QVERIFY(m_panel->verdictLabel()->text().contains(
            QLatin1String("HeaderDisallowedByPreflightResponse")));
    QCOMPARE(m_panel->consoleLabel()->text(), blockedConsole);
    QVERIFY(m_panel->consoleLabel()->isVisible());
    // Run selects the failing step.
    QCOMPARE(stepId(*m_panel), QStringLiteral("preflight-checks"));

    // Walk from the start: origins, the preflight decision, the cache, the preflight on the
    // wire, the server's answer, then the failing check.
    QTest::mouseClick(m_panel->firstButton(), Qt::LeftButton);
    QCOMPARE(m_panel->currentStep(), 0);
    QVERIFY(!m_panel->backButton()->isEnabled());
    QStringList visited {stepId(*m_panel)};
    while (stepId(*m_panel) != QLatin1String("preflight-checks")) {
        QVERIFY(m_panel->forwardButton()->isEnabled());
        QTest::mouseClick(m_panel->forwardButton(), Qt::LeftButton);
        visited.append(stepId(*m_panel));
        if (stepId(*m_panel) == QLatin1String("preflight-request")) {
            const QString details = m_panel->detailsView()->toPlainText();
            QVERIFY2(details.contains(QLatin1String("OPTIONS /api/items/42 HTTP/1.1")),
                     qPrintable(details));
            QVERIFY(details.contains(
                    QLatin1String("Access-Control-Request-Headers: x-request-id")));
        }
        if (stepId(*m_panel) == QLatin1String("preflight-response")) {
            const QString details = m_panel->detailsView()->toPlainText();
            QVERIFY2(details.contains(QLatin1String(
                             "access-control-allow-headers: accept, authorization, "
                             "content-type, user-agent, x-csrftoken, x-requested-with")),
                     qPrintable(details));
            QVERIFY(details.contains(QLatin1String("CORS_ALLOW_HEADERS")));
        }
    }
    QCOMPARE(visited,
             (QStringList {QStringLiteral("origins"), QStringLiteral("preflight-needed"),
                           QStringLiteral("preflight-cache"), QStringLiteral("preflight-request"),
                           QStringLiteral("preflight-response"),
                           QStringLiteral("preflight-checks")}));
    QCOMPARE(stepTitle(*m_panel), QStringLiteral("Chromium checks the preflight"));
    QCOMPARE(Verdict(m_panel->stepsModel()
                             ->index(m_panel->currentStep())
                             .data(TraceStepsModel::VerdictRole)
                             .toInt()),
             Verdict::Fail);
    QVERIFY(m_panel->detailsView()->toPlainText().contains(
            QLatin1String("failed: HeaderDisallowedByPreflightResponse")));
    QVERIFY(m_panel->detailsView()->toPlainText().contains(
            QLatin1String("Policy setting involved: CORS_ALLOW_HEADERS")));
    // No actual request after a failed preflight: the diagram has two arrows.
    int arrows = 0;
    for (const TraceStep &step : m_panel->stepsModel()->steps())
        arrows += (step.request || step.response) ? 1 : 0;
    QCOMPARE(arrows, 2);
    QTest::mouseClick(m_panel->backButton(), Qt::LeftButton);
    QCOMPARE(stepId(*m_panel), QStringLiteral("preflight-response"));
    // Clicking the diagram's row of a step selects it.
    QTest::mouseClick(m_panel->diagram(), Qt::LeftButton, {},
                      m_panel->diagram()->stepRect(0).center());
    QCOMPARE(m_panel->currentStep(), 0);

    QVERIFY(m_panel->fixLabel()->text().contains(
            QLatin1String("add 'x-request-id' to CORS_ALLOW_HEADERS")));
    QVERIFY(m_panel->applyFixButton()->isVisible());
    QTest::mouseClick(m_panel->applyFixButton(), Qt::LeftButton);

    // One undo step, and the request passes now.
    QCOMPARE(m_doc->undoStack()->count(), 1);
    QCOMPARE(m_doc->undoStack()->text(0),
             QStringLiteral("Apply fix: add 'x-request-id' to CORS_ALLOW_HEADERS"));
    QVERIFY(m_panel->result()->allowed);
    QVERIFY(m_panel->verdictLabel()->text().contains(QLatin1String("Allowed")));
    QVERIFY(!m_panel->consoleLabel()->isVisible());
    const PyValue *headers = m_doc->policy().value(SettingId::AllowHeaders);
    QVERIFY(headers);
    QCOMPARE(headers->items().size(), 2); // (*default_headers, "x-request-id")
    QCOMPARE(headers->items().at(1), PyValue::str(QStringLiteral("x-request-id")));

    m_doc->undoStack()->undo();
    QVERIFY(!m_panel->result()->allowed);
    QCOMPARE(m_panel->consoleLabel()->text(), blockedConsole);
}

void tst_SimulatorPanel::savedScenariosRerunOnEveryEdit()
{
    buildBlockedPut();
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    m_panel->tabs()->setCurrentIndex(2);
    QTest::keyClicks(m_panel->scenarioNameEdit(), QStringLiteral("The app saves an item"));
    QCOMPARE(m_panel->expectBox()->currentData().toInt(), 1); // expect allowed
    QTest::mouseClick(m_panel->saveScenarioButton(), Qt::LeftButton);
    QCOMPARE(m_doc->document().scenarios.size(), 1);
    QCOMPARE(m_doc->document().scenarios.at(0).name, QStringLiteral("The app saves an item"));
    QCOMPARE(m_doc->document().scenarios.at(0).expectAllowed, std::optional<bool>(true));
    ScenarioResultsModel *model = m_panel->scenariosModel();
    // Re-run off the GUI thread.
    QVERIFY(TestUtils::landed());
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, ScenarioResultsModel::ResultColumn).data().toString(),
             QStringLiteral("\u2717 FAIL"));
    QCOMPARE(m_panel->tabs()->tabText(2), QStringLiteral("Scenarios (1 failing)"));

    // The fix makes it pass; the banner says so.
    QVERIFY(m_panel->applyFix());
    QVERIFY(TestUtils::landed());
    QCOMPARE(model->index(0, ScenarioResultsModel::ResultColumn).data().toString(),
             QStringLiteral("\u2713 pass"));
    QVERIFY(m_panel->bannerLabel()->isVisible());
    QVERIFY(m_panel->bannerLabel()->text().contains(
            QLatin1String("pass again: The app saves an item")));

    // An edit that breaks it: the banner names the blocked request as soon as the re-run lands.
    m_doc->undoStack()->undo();
    QVERIFY(TestUtils::landed());
    QCOMPARE(model->index(0, ScenarioResultsModel::ResultColumn).data().toString(),
             QStringLiteral("\u2717 FAIL"));
    QVERIFY2(
            m_panel->bannerLabel()->text().startsWith(QLatin1String(
                    "This edit blocks 1 saved request(s) expected to pass: The app saves an item")),
            qPrintable(m_panel->bannerLabel()->text()));

    // A scenario expected blocked: another site.
    retype(m_panel->builder()->originBox()->lineEdit(), QStringLiteral("https://attacker.example"));
    retype(m_panel->builder()->methodBox()->lineEdit(), QStringLiteral("GET"));
    m_panel->builder()->headersModel()->setHeaders({});
    m_panel->expectBox()->setCurrentIndex(1);
    QTest::keyClicks(m_panel->scenarioNameEdit(), QStringLiteral("Attacker reads"));
    QTest::keyClick(m_panel->scenarioNameEdit(), Qt::Key_Return);
    QVERIFY(TestUtils::landed());
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, ScenarioResultsModel::GotColumn).data().toString(),
             QStringLiteral("blocked"));
    QCOMPARE(model->index(1, ScenarioResultsModel::ResultColumn).data().toString(),
             QStringLiteral("\u2713 pass"));
    QTest::mouseClick(m_panel->runAllButton(), Qt::LeftButton);
    QVERIFY(TestUtils::landed());
    QCOMPARE(m_panel->scenarioSummaryLabel()->text(),
             QStringLiteral("1 of 2 checked scenarios pass."));

    // Saving and removing are undoable.
    QCOMPARE(m_doc->undoStack()->count(), 2);
    m_doc->undoStack()->undo();
    QVERIFY(TestUtils::landed());
    QCOMPARE(model->rowCount(), 1);
}

void tst_SimulatorPanel::importFromFetchAndCurl()
{
    RequestBuilder *b = m_panel->builder();
    QTest::mouseClick(b->importToggle(), Qt::LeftButton);
    QVERIFY(b->importEdit()->isVisible());

    // DevTools' "Copy as fetch" of a credentialed PATCH from the app (devtools-frontend format).
    const QString fetchText
            = QStringLiteral("fetch(\"https://api.example.com/api/items/7\", {\n"
                             "  \"headers\": {\n"
                             "    \"accept\": \"*/*\",\n"
                             "    \"content-type\": \"application/json\",\n"
                             "    \"sec-fetch-mode\": \"cors\",\n"
                             "    \"x-request-id\": \"1\"\n"
                             "  },\n"
                             "  \"referrer\": \"https://app.example.com/\",\n"
                             "  \"referrerPolicy\": \"strict-origin-when-cross-origin\",\n"
                             "  \"body\": \"{\\\"done\\\":true}\",\n"
                             "  \"method\": \"PATCH\",\n"
                             "  \"mode\": \"cors\",\n"
                             "  \"credentials\": \"include\"\n"
                             "});");
    QGuiApplication::clipboard()->setText(fetchText);
    b->importEdit()->setFocus();
    QTest::keyClick(b->importEdit(), Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(b->importEdit()->toPlainText(), fetchText);
    QTest::mouseClick(b->importButton(), Qt::LeftButton);
    QCOMPARE(b->urlEdit()->text(), QStringLiteral("https://api.example.com/api/items/7"));
    QCOMPARE(b->methodBox()->currentText(), QStringLiteral("PATCH"));
    QCOMPARE(b->originBox()->currentText(), QStringLiteral("https://app.example.com"));
    QCOMPARE(b->credentialsBox()->currentData().toString(), QStringLiteral("include"));
    QCOMPARE(b->bodyKindBox()->currentData().toString(), QStringLiteral("text"));
    QCOMPARE(b->headersModel()->headers(),
             (HttpHeaders {{QStringLiteral("content-type"), QStringLiteral("application/json")},
                           {QStringLiteral("x-request-id"), QStringLiteral("1")}}));
    QVERIFY(b->importNotesView()->isVisible());
    QCOMPARE(b->importNotes().first(), QStringLiteral("Imported from fetch."));
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    // PATCH is in the default CORS_ALLOW_METHODS, content-type in default_headers; x-request-id
    // is not, so the preflight fails on it.
    QVERIFY(!m_panel->result()->allowed);
    QVERIFY(m_panel->consoleLabel()->text().contains(
            QLatin1String("Request header field x-request-id")));

    // DevTools' "Copy as cURL (bash)" of a GET from another site (cookies as -b).
    const QString curlText = QStringLiteral("curl 'https://api.example.com/api/items' \\\n"
                                            "  -H 'accept: */*' \\\n"
                                            "  -b 'sessionid=abc' \\\n"
                                            "  -H 'origin: https://attacker.example' \\\n"
                                            "  -H 'sec-fetch-mode: cors' \\\n"
                                            "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) "
                                            "AppleWebKit/537.36 (KHTML, like Gecko) "
                                            "Chrome/131.0.0.0 Safari/537.36'");
    retype(b->importEdit(), QString());
    QGuiApplication::clipboard()->setText(curlText);
    QTest::keyClick(b->importEdit(), Qt::Key_V, Qt::ControlModifier);
    QTest::mouseClick(b->importButton(), Qt::LeftButton);
    QCOMPARE(b->urlEdit()->text(), QStringLiteral("https://api.example.com/api/items"));
    QCOMPARE(b->methodBox()->currentText(), QStringLiteral("GET"));
    QCOMPARE(b->originBox()->currentText(), QStringLiteral("https://attacker.example"));
    QCOMPARE(b->credentialsBox()->currentData().toString(), QStringLiteral("include"));
    QVERIFY(b->headersModel()->headers().isEmpty());
    QCOMPARE(b->bodyKindBox()->currentData().toString(), QStringLiteral("none"));
    QVERIFY(b->importNotes().join(u'\n').contains(QLatin1String("user-agent")));
    QCOMPARE(b->importNotes().first(), QStringLiteral("Imported from curl (bash)."));
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(!m_panel->result()->allowed);
    QVERIFY(!m_panel->result()->preflightSent);
    QVERIFY(m_panel->consoleLabel()->text().contains(
            QLatin1String("No 'Access-Control-Allow-Origin' header")));
    // No policy change should admit an attacker silently: the fix is spelled out, not hidden.
    QVERIFY(m_panel->fixLabel()->text().contains(QLatin1String("https://attacker.example")));

    // Text that is not a request says why, and leaves the form alone.
    retype(b->importEdit(), QStringLiteral("curl -H 'a: b'"));
    QTest::mouseClick(b->importButton(), Qt::LeftButton);
    QCOMPARE(b->importNotes(), QStringList {QStringLiteral("The curl command has no URL.")});
    QCOMPARE(b->urlEdit()->text(), QStringLiteral("https://api.example.com/api/items"));
}

void tst_SimulatorPanel::preflightCacheAndClock()
{
    RequestBuilder *b = m_panel->builder();
    retype(b->originBox()->lineEdit(), QStringLiteral("https://app.example.com"));
    retype(b->urlEdit(), QStringLiteral("https://api.example.com/api/items/1"));
    retype(b->methodBox()->lineEdit(), QStringLiteral("DELETE"));
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result()->allowed);
    QVERIFY(m_panel->result()->preflightSent);
    QCOMPARE(m_panel->cacheModel()->rowCount(), 1);
    QCOMPARE(m_panel->cacheModel()->index(0, PreflightCacheModel::ExpiresColumn).data().toString(),
             QStringLiteral("in 7200 s"));

    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result()->allowed);
    QVERIFY(m_panel->result()->servedFromPreflightCache);
    QVERIFY(!m_panel->result()->preflightSent);

    m_panel->tabs()->setCurrentIndex(1);
    retype(m_panel->advanceSpin(), QStringLiteral("7200"));
    QTest::mouseClick(m_panel->advanceButton(), Qt::LeftButton);
    QCOMPARE(m_panel->clockLabel()->text(), QStringLiteral("Browser clock: 7200 s"));
    QCOMPARE(m_panel->cacheModel()->index(0, PreflightCacheModel::ExpiresColumn).data().toString(),
             QStringLiteral("expired"));
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result()->preflightSent);
    QVERIFY(!m_panel->result()->servedFromPreflightCache);
}

void tst_SimulatorPanel::originPresetsIncludeAnAttacker()
{
    QComboBox *origins = m_panel->builder()->originBox();
    QStringList items;
    for (int i = 0; i < origins->count(); ++i)
        items.append(origins->itemText(i));
    QCOMPARE(items,
             (QStringList {QStringLiteral("https://app.example.com"),
                           QStringLiteral("https://attacker.example"), QStringLiteral("null")}));
}

void tst_SimulatorPanel::modelsPassTheTester()
{
    buildBlockedPut();
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QAbstractItemModelTester steps(m_panel->stepsModel(),
                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester headers(m_panel->builder()->headersModel(),
                                     QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester cache(m_panel->cacheModel(),
                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester scenarios(m_panel->scenariosModel(),
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_panel->saveScenario(QStringLiteral("x"), true);
    m_panel->applyFix();
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    m_panel->builder()->headersModel()->appendRow();
    m_panel->builder()->headersModel()->removeRows(0, 1);
}

void tst_SimulatorPanel::emptyRequiredFieldsAreErrorsNotRequests()
{
    RequestBuilder *b = m_panel->builder();
    // Placeholders say what to type: none of them reads as a URL, an origin or a method.
    for (QLineEdit *edit : {b->originBox()->lineEdit(), b->urlEdit(), b->methodBox()->lineEdit()}) {
        const QString placeholder = edit->placeholderText();
        QVERIFY2(placeholder.startsWith(QLatin1String("Required: ")), qPrintable(placeholder));
        QVERIFY2(!placeholder.contains(QLatin1String("://")), qPrintable(placeholder));
        QVERIFY2(!QUrl(placeholder, QUrl::StrictMode).isValid()
                         || QUrl(placeholder).host().isEmpty(),
                 qPrintable(placeholder));
    }

    // Nothing typed in the URL: Run is an error on the field, not a same-origin GET /.
    QVERIFY(b->urlEdit()->text().isEmpty());
    QVERIFY(b->fieldError(b->urlEdit()).isEmpty());
    QVERIFY(!b->fieldErrorLabel(b->urlEdit())->isVisible());
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(!m_panel->result().has_value());
    QVERIFY(!m_panel->verdictLabel()->text().contains(QLatin1String("Allowed")));
    const QString error = b->fieldError(b->urlEdit());
    QVERIFY2(error.contains(QLatin1String("URL")), qPrintable(error));
    QVERIFY(b->fieldErrorLabel(b->urlEdit())->isVisible());
    QCOMPARE(b->fieldErrorLabel(b->urlEdit())->text(), error);
    QCOMPARE(b->urlEdit()->accessibleDescription(), error);
    QCOMPARE(m_panel->focusWidget(), b->urlEdit());
    // Enter in the field does not send it either.
    QTest::keyClick(b->urlEdit(), Qt::Key_Return);
    QVERIFY(!m_panel->result().has_value());

    // Typing the URL clears the error, and Run runs.
    QTest::keyClicks(b->urlEdit(), QStringLiteral("https://api.example.com/api/items"));
    QVERIFY(b->fieldError(b->urlEdit()).isEmpty());
    QVERIFY(!b->fieldErrorLabel(b->urlEdit())->isVisible());
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result().has_value());

    // The method and the page origin are required as well; the last result stays, marked stale.
    retype(b->methodBox()->lineEdit(), QString());
    retype(b->originBox()->lineEdit(), QString());
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(!b->fieldError(b->methodBox()).isEmpty());
    QVERIFY(!b->fieldError(b->originBox()).isEmpty());
    QVERIFY(b->fieldErrorLabel(b->originBox())->isVisible());
    QVERIFY(m_panel->verdictLabel()->text().contains(QLatin1String("edited since")));
    QCOMPARE(m_panel->focusWidget(), b->originBox());
    // Choosing a preset answers it, as typing does.
    QTest::keyClick(b->originBox(), Qt::Key_Down);
    QVERIFY(!b->originBox()->currentText().isEmpty());
    QVERIFY(b->fieldError(b->originBox()).isEmpty());
    retype(b->methodBox()->lineEdit(), QStringLiteral("GET"));
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(!m_panel->verdictLabel()->text().contains(QLatin1String("edited since")));
}

void tst_SimulatorPanel::importWithoutThePageAsksForIt()
{
    RequestBuilder *b = m_panel->builder();
    retype(b->originBox()->lineEdit(), QStringLiteral("https://old.example"));
    QTest::mouseClick(b->importToggle(), Qt::LeftButton);
    // A fetch() from the code, without a referrer: nothing says which page sent it.
    retype(b->importEdit(),
           QStringLiteral("fetch('https://api.example.com/api/items', {method: 'POST'})"));
    QTest::mouseClick(b->importButton(), Qt::LeftButton);
    QCOMPARE(b->urlEdit()->text(), QStringLiteral("https://api.example.com/api/items"));
    QCOMPARE(b->methodBox()->currentText(), QStringLiteral("POST"));
    // The old page origin is not kept silently: the field is empty, marked, and asks.
    QCOMPARE(b->originBox()->currentText(), QString());
    const QString question = b->fieldError(b->originBox());
    QVERIFY2(question.contains(QLatin1String("page origin")), qPrintable(question));
    QVERIFY(b->fieldErrorLabel(b->originBox())->isVisible());
    QCOMPARE(b->originBox()->accessibleDescription(), question);
    QCOMPARE(m_panel->focusWidget(), b->originBox());
    const QString notes = b->importNotes().join(u'\n');
    QVERIFY2(notes.contains(QLatin1String("give the page origin")), qPrintable(notes));
    QVERIFY2(!notes.contains(QLatin1String("old.example")), qPrintable(notes));
    // Run asks again rather than sending.
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(!m_panel->result().has_value());
    // A policy edit refills an empty origin with a preset: the question stays until answered.
    m_doc->setProfile(Profile::V3_14);
    QVERIFY(!b->originBox()->currentText().isEmpty());
    QVERIFY(!b->fieldError(b->originBox()).isEmpty());
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(!m_panel->result().has_value());
    // Typing the page answers it.
    retype(b->originBox()->lineEdit(), QStringLiteral("https://app.example.com"));
    QVERIFY(b->fieldError(b->originBox()).isEmpty());
    QVERIFY(!b->fieldErrorLabel(b->originBox())->isVisible());
    QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
    QVERIFY(m_panel->result().has_value());

    // Text that names the page (an Origin header) asks nothing.
    retype(b->importEdit(),
           QStringLiteral("curl 'https://api.example.com/api/items' "
                          "-H 'origin: https://attacker.example'"));
    QTest::mouseClick(b->importButton(), Qt::LeftButton);
    QCOMPARE(b->originBox()->currentText(), QStringLiteral("https://attacker.example"));
    QVERIFY(b->fieldError(b->originBox()).isEmpty());
    QVERIFY(!b->fieldErrorLabel(b->originBox())->isVisible());
}

QTEST_MAIN(tst_SimulatorPanel)
#include "tst_simulatorpanel.moc"
