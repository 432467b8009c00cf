// SPDX-License-Identifier: MIT
// nginx in the window: "CORS by: nginx" in the export pane (an undo step; the Django export
// then stays silent; the simulator runs the nginx export in front), and the document's own
// nginx (`proxy:`) read off the GUI thread, in front of the simulated stack and in the routes.
#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "document/proxysite.h"
#include "editor/deploymenteditor.h"
#include "editor/policyeditor.h"
#include "export/exportpane.h"
#include "io/corsyaml.h"
#include "mainwindow.h"
#include "models/routesmodel.h"
#include "simulator/requestbuilder.h"
#include "simulator/simulatorpanel.h"
#include "uitestutils.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUndoStack>

using namespace Cors;
using namespace Qt::StringLiterals;

class tst_NginxDeployment : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { TestUtils::isolateSettingsAndData(); }
    void exportPaneSwitchesWhoAnswersCors();
    void simulatorRunsTheNginxExport();
    void documentNginxIsReadAndShown();
    void brokenNginxIsNamedNotUsed();
};

static const QByteArray PolicyYaml = "cors-studio: 1\n"
                                     "profile: \"4.x\"\n"
                                     "settings:\n"
                                     "  CORS_ALLOWED_ORIGINS: [\"https://app.example.com\"]\n"
                                     "  CORS_ALLOW_CREDENTIALS: true\n";

static const QByteArray Deployed = PolicyYaml
        + "deployment:\n"
          "  middleware:\n"
          "    - \"corsheaders.middleware.CorsMiddleware\"\n"
          "    - \"django.middleware.common.CommonMiddleware\"\n"
          "  settings:\n"
          "    ALLOWED_HOSTS: [\"api.example.com\"]\n"
          "  routes:\n"
          "    - path: \"api/items/<int:pk>/\"\n"
          "      view: ok\n"
          "    - path: \"health\"\n"
          "      view: ok\n"
          "proxy: \"site.conf\"\n";

// nginx adds its own Access-Control-Allow-Origin on /api/ too: the classic duplicate.
static const QByteArray Site
        = "server {\n"             // 1
          "    listen 8080;\n"     // 2
          "    location /api/ {\n" // 3
          "        add_header Access-Control-Allow-Origin $http_origin always;\n"
          "        proxy_pass http://127.0.0.1:8000;\n" // 5
          "    }\n"                                     // 6
          "    location = /health { return 204; }\n"    // 7
          "}\n";

static CorsDocument load(const QByteArray &yaml)
{
    const CorsYamlResult r = loadCorsYaml(yaml);
    if (!r.ok)
        qFatal("%s", qPrintable(r.messages.first().text));
    return r.document;
}

static Scenario put()
{
    Scenario s;
    s.pageOrigin = u"https://app.example.com"_s;
    s.url = u"https://api.example.com/api/items/42/"_s;
    s.method = u"PUT"_s;
    s.headers.append({u"Content-Type"_s, u"application/json"_s});
    s.credentials = CredentialsMode::Include;
    return s;
}

static bool traceMentions(const SimulationResult &r, const QString &text)
{
    for (const TraceStep &step : r.steps) {
        if (step.summary.contains(text))
            return true;
        if (step.response) {
            for (const ExplanationStep &e : step.response->explanation) {
                if (e.text.contains(text))
                    return true;
            }
        }
    }
    return false;
}

void tst_NginxDeployment::exportPaneSwitchesWhoAnswersCors()
{
    MainWindow window;
    window.document()->reset(load(Deployed));
    ExportPane *pane = window.exportPane();
    QComboBox *layer = pane->corsLayerBox();
    QCOMPARE(layer->currentData().toInt(), int(CorsLayer::Django));
    pane->setCurrentExporter(u"django"_s);
    QVERIFY(pane->text(u"django"_s).contains(u"CORS_ALLOWED_ORIGINS"));

    layer->setCurrentIndex(layer->findData(int(CorsLayer::Nginx)));
    emit layer->activated(layer->currentIndex());
    QCOMPARE(window.document()->document().corsLayer, CorsLayer::Nginx);
    QCOMPARE(window.document()->undoStack()->count(), 1);
    QVERIFY(window.document()->isModified());
    QTRY_VERIFY(!pane->text(u"django"_s).contains(u"CORS_ALLOWED_ORIGINS"));
    QVERIFY(!pane->text(u"django"_s).contains(u"'corsheaders."));
    QVERIFY(window.simulatorPanel()->serverDescription().contains(u"nginx answers CORS"));

    window.document()->undoStack()->undo();
    QCOMPARE(window.document()->document().corsLayer, CorsLayer::Django);
    QCOMPARE(layer->currentData().toInt(), int(CorsLayer::Django));
    QTRY_VERIFY(pane->text(u"django"_s).contains(u"CORS_ALLOWED_ORIGINS"));
}

void tst_NginxDeployment::simulatorRunsTheNginxExport()
{
    PolicyDocument document;
    CorsDocument d = load(PolicyYaml);
    d.corsLayer = CorsLayer::Nginx;
    document.reset(d);
    SimulatorPanel panel(&document);
    panel.builder()->setScenario(put());
    panel.run();
    QVERIFY(panel.result());
    QVERIFY(panel.result()->allowed);
    QVERIFY(traceMentions(*panel.result(), u"(cors.conf:"_s));
    QVERIFY(traceMentions(*panel.result(), u"nginx decides the answer: 204"_s));
    // The same request with django-cors-headers answering: no nginx at all.
    document.setCorsLayer(CorsLayer::Django);
    QVERIFY(panel.result()->allowed);
    QVERIFY(!traceMentions(*panel.result(), u"(cors.conf:"_s));
}

void tst_NginxDeployment::documentNginxIsReadAndShown()
{
    QTemporaryDir dir;
    QFile conf(dir.filePath(u"site.conf"_s));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write(Site);
    conf.close();
    const QString path = dir.filePath(u"api.cors.yaml"_s);
    QFile yaml(path);
    QVERIFY(yaml.open(QIODevice::WriteOnly));
    // A saved request that passes without nginx and fails with it.
    yaml.write(Deployed
               + "scenarios:\n"
                 "  - name: \"save\"\n"
                 "    expect: allowed\n"
                 "    request:\n"
                 "      origin: \"https://app.example.com\"\n"
                 "      url: \"https://api.example.com/api/items/42/\"\n"
                 "      method: \"PUT\"\n"
                 "      headers: {\"Content-Type\": \"application/json\"}\n"
                 "      credentials: include\n");
    yaml.close();

    MainWindow window;
    QVERIFY(window.openFile(path));
    auto *proxy = window.findChild<ProxySite *>();
    QVERIFY(proxy);
    QCOMPARE(proxy->path(), dir.filePath(u"site.conf"_s));
    QTRY_VERIFY(proxy->site());
    // Read on a pool thread, never the window's.
    QVERIFY(proxy->job()->lastThread());
    QVERIFY(proxy->job()->lastThread() != QThread::currentThread());

    RoutesModel *routes = window.editor()->deploymentEditor()->routesModel();
    QCOMPARE(routes->index(0, RoutesModel::NginxColumn).data().toString(),
             u"location /api/ (site.conf:3) → Django"_s);
    QCOMPARE(routes->index(1, RoutesModel::NginxColumn).data().toString(),
             u"location = /health (site.conf:7): nginx answers 204"_s);
    QVERIFY(!window.editor()->deploymentEditor()->routesView()->isColumnHidden(
            RoutesModel::NginxColumn));

    // The simulator puts it in front: nginx and CorsMiddleware both send the header.
    SimulatorPanel *panel = window.simulatorPanel();
    QVERIFY(panel->serverDescription().contains(u"behind nginx"));
    panel->builder()->setScenario(put());
    panel->run();
    QVERIFY(panel->result());
    QVERIFY(!panel->result()->allowed);
    QCOMPARE(panel->result()->failure->error, CorsError::PreflightMultipleAllowOriginValues);
    QVERIFY(traceMentions(*panel->result(), u"site.conf:4)"_s));
    // The fix names nginx's line, not a django-cors-headers setting.
    QVERIFY(panel->result()->fixes.isEmpty());
    QVERIFY2(panel->result()->fixExplanation.contains(u"site.conf:4)"),
             qPrintable(panel->result()->fixExplanation));
    // Loading the configuration is not an edit: no "this edit blocks" banner.
    auto *banner = panel->findChild<QLabel *>(u"scenarioBanner"_s);
    QVERIFY(banner);
    QVERIFY2(banner->isHidden(), qPrintable(banner->text()));
}

void tst_NginxDeployment::brokenNginxIsNamedNotUsed()
{
    QTemporaryDir dir;
    QFile conf(dir.filePath(u"site.conf"_s));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("server {\n    listen 8080;\n    location /api/ {\n");
    conf.close();
    const QString path = dir.filePath(u"api.cors.yaml"_s);
    QFile yaml(path);
    QVERIFY(yaml.open(QIODevice::WriteOnly));
    yaml.write(Deployed);
    yaml.close();

    MainWindow window;
    QVERIFY(window.openFile(path));
    auto *proxy = window.findChild<ProxySite *>();
    QTRY_VERIFY(!proxy->isLoading());
    QVERIFY(!proxy->site());
    QVERIFY2(proxy->error().contains(u"site.conf:"), qPrintable(proxy->error()));
    QVERIFY(window.simulatorPanel()->serverDescription().contains(u"is not used"));
    RoutesModel *routes = window.editor()->deploymentEditor()->routesModel();
    QCOMPARE(routes->index(0, RoutesModel::NginxColumn).data(Qt::ToolTipRole).toString(),
             proxy->error());
    QVERIFY(window.editor()->deploymentEditor()->routesView()->isColumnHidden(
            RoutesModel::NginxColumn));
}

QTEST_MAIN(tst_NginxDeployment)
#include "tst_nginxdeployment.moc"
