// SPDX-License-Identifier: MIT
// The editor's Deployment group, driven as a user would: switching the stack on, reordering
// MIDDLEWARE (buttons, keys, drag and drop), editing the Django settings and the routes, and
// following a stack problem from the Problems panel. Every edit must be one undo step on the
// document and must change what the stack does (checked through the linter's stack rules and
// core's DjangoStack, whose behaviour the differential suite proves against real Django).

#include "document/policydocument.h"
#include "editor/deploymenteditor.h"
#include "editor/listtextedit.h"
#include "editor/policyeditor.h"
#include "io/corsyaml.h"
#include "mainwindow.h"
#include "models/middlewaremodel.h"
#include "models/problemsmodel.h"
#include "models/routesmodel.h"
#include "simulator/requestbuilder.h"
#include "simulator/simulatorpanel.h"
#include "stack/djangostack.h"
#include "uitestutils.h"
#include <QListWidget>

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

#include <memory>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

// CorsMiddleware below CommonMiddleware: the classic mistake (stack-cors-below).
const QByteArray stackYaml = "cors-studio: 1\n"
                             "profile: \"3.14\"\n"
                             "settings:\n"
                             "  CORS_ALLOWED_ORIGINS:\n"
                             "    - \"https://app.example.com\"\n"
                             "deployment:\n"
                             "  middleware:\n"
                             "    - \"django.middleware.security.SecurityMiddleware\"\n"
                             "    - \"django.middleware.common.CommonMiddleware\"\n"
                             "    - \"corsheaders.middleware.CorsMiddleware\"\n"
                             "  settings:\n"
                             "    ALLOWED_HOSTS:\n"
                             "      - \"api.example.com\"\n"
                             "  routes:\n"
                             "    - path: \"api/items/\"\n"
                             "      view: ok\n";

CorsDocument load(const QByteArray &yaml)
{
    const CorsYamlResult result = loadCorsYaml(yaml);
    if (!result.ok)
        qFatal("test document does not load: %s", qPrintable(result.messages.value(0).text));
    return result.document;
}

QStringList middleware(const PolicyDocument &document)
{
    return document.document().deployment ? document.document().deployment->settings.middleware
                                          : QStringList();
}

bool hasFinding(const PolicyDocument &document, const QString &id)
{
    // The linter runs off the GUI thread: its findings on the current version first.
    if (!TestUtils::landed())
        return false;
    for (const Finding &f : document.findings()) {
        if (f.id == id)
            return true;
    }
    return false;
}

/** The answer to a preflight for the slash-less URL, as the stack gives it. */
StackResponse slashlessPreflight(const PolicyDocument &document)
{
    HttpRequest request;
    request.method = u"OPTIONS"_s;
    request.path = u"/api/items"_s;
    request.headers = {{u"Host"_s, u"api.example.com"_s},
                       {u"Origin"_s, u"https://app.example.com"_s},
                       {u"Access-Control-Request-Method"_s, u"PUT"_s}};
    return DjangoStack(document.policy(), *document.document().deployment).respond(request);
}

} // namespace

class tst_DeploymentEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { TestUtils::isolateSettingsAndData(); }
    void switchingTheStackOnAndOffIsOneUndoStep();
    void reorderingMiddlewareFixesTheRedirectedPreflight();
    void dragAndDropMovesARow();
    void addAndRemoveMiddleware();
    void settingsFieldsEditTheDeployment();
    void malformedProxyHeaderIsRefusedOnTheField();
    void routesAreEditedInPlace();
    void stackProblemsLeadToTheDeploymentGroup();
    void simulatorAsksForNoEndpointResponseWithAStack();
};

void tst_DeploymentEditor::switchingTheStackOnAndOffIsOneUndoStep()
{
    PolicyDocument document;
    DeploymentEditor editor(&document);
    QVERIFY(!document.document().deployment);
    QVERIFY(editor.enableButton()->isVisibleTo(&editor));
    QVERIFY(!editor.middlewareView()->isVisibleTo(&editor));

    QTest::mouseClick(editor.enableButton(), Qt::LeftButton);
    QVERIFY(document.document().deployment);
    // django-admin startproject's list, CorsMiddleware above CommonMiddleware as documented.
    const QStringList list = middleware(document);
    QCOMPARE(list.size(), 8);
    QVERIFY(list.indexOf(u"corsheaders.middleware.CorsMiddleware"_s)
            < list.indexOf(u"django.middleware.common.CommonMiddleware"_s));
    QVERIFY(!hasFinding(document, u"stack-cors-below"_s));
    QVERIFY(editor.middlewareView()->isVisibleTo(&editor));
    QCOMPARE(editor.middlewareModel()->rowCount(), 8);
    QCOMPARE(document.undoStack()->count(), 1);

    document.undoStack()->undo();
    QVERIFY(!document.document().deployment);
    QCOMPARE(editor.middlewareModel()->rowCount(), 0);
    QVERIFY(editor.enableButton()->isVisibleTo(&editor));
    document.undoStack()->redo();
    QCOMPARE(middleware(document), list);

    auto *disable = editor.findChild<QPushButton *>(u"disableStack"_s);
    QVERIFY(disable && disable->isVisibleTo(&editor));
    QTest::mouseClick(disable, Qt::LeftButton);
    QVERIFY(!document.document().deployment);
    QCOMPARE(document.undoStack()->count(), 2);
}

void tst_DeploymentEditor::reorderingMiddlewareFixesTheRedirectedPreflight()
{
    PolicyDocument document;
    document.reset(load(stackYaml));
    DeploymentEditor editor(&document);
    QAbstractItemModelTester tester(editor.middlewareModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(hasFinding(document, u"stack-cors-below"_s));
    // Below CommonMiddleware the 301 to /api/items/ goes out without CORS headers.
    StackResponse before = slashlessPreflight(document);
    QCOMPARE(before.status, 301);
    QVERIFY(!before.corsApplied);

    QTableView *view = editor.middlewareView();
    view->setCurrentIndex(editor.middlewareModel()->index(2, 0));
    QTest::keyClick(view, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(middleware(document).at(1), u"corsheaders.middleware.CorsMiddleware"_s);
    QCOMPARE(view->currentIndex().row(), 1);
    QCOMPARE(editor.middlewareModel()->index(1, MiddlewareModel::ClassColumn).data().toString(),
             u"CorsMiddleware"_s);
    QVERIFY(!hasFinding(document, u"stack-cors-below"_s));
    // CorsMiddleware answers the preflight itself now, before CommonMiddleware redirects.
    StackResponse after = slashlessPreflight(document);
    QCOMPARE(after.status, 200);
    QVERIFY(after.corsShortCircuit);
    QCOMPARE(document.undoStack()->undoText(), u"Move CorsMiddleware up"_s);

    // The Up button does the same; Down moves back; each is its own undo step.
    auto *down = editor.findChild<QToolButton *>(u"downMiddleware"_s);
    QVERIFY(down->isEnabled());
    QTest::mouseClick(down, Qt::LeftButton);
    QCOMPARE(middleware(document).at(2), u"corsheaders.middleware.CorsMiddleware"_s);
    QCOMPARE(document.undoStack()->count(), 2);
    document.undoStack()->undo();
    QCOMPARE(middleware(document).at(1), u"corsheaders.middleware.CorsMiddleware"_s);
    document.undoStack()->undo();
    QCOMPARE(middleware(document).at(2), u"corsheaders.middleware.CorsMiddleware"_s);
    QVERIFY(hasFinding(document, u"stack-cors-below"_s));
}

void tst_DeploymentEditor::dragAndDropMovesARow()
{
    PolicyDocument document;
    document.reset(load(stackYaml));
    DeploymentEditor editor(&document);
    MiddlewareModel *model = editor.middlewareModel();
    // Drops land between rows, never onto one (that would replace it).
    QVERIFY(!model->flags(model->index(0, 0)).testFlag(Qt::ItemIsDropEnabled));
    QVERIFY(model->flags(QModelIndex()).testFlag(Qt::ItemIsDropEnabled));

    // CorsMiddleware (row 2) dropped before row 0: first in the list.
    std::unique_ptr<QMimeData> data(model->mimeData({model->index(2, 0)}));
    QVERIFY(data);
    QVERIFY(!model->dropMimeData(data.get(), Qt::MoveAction, 0, 0, {}));
    QCOMPARE(middleware(document),
             (QStringList {u"corsheaders.middleware.CorsMiddleware"_s,
                           u"django.middleware.security.SecurityMiddleware"_s,
                           u"django.middleware.common.CommonMiddleware"_s}));
    // SecurityMiddleware (row 1) dropped at the end (row == rowCount).
    data.reset(model->mimeData({model->index(1, 0)}));
    model->dropMimeData(data.get(), Qt::MoveAction, 3, 0, {});
    QCOMPARE(middleware(document).last(), u"django.middleware.security.SecurityMiddleware"_s);
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(document.undoStack()->count(), 2);
    // Text from elsewhere is not a row of this list.
    QMimeData foreign;
    foreign.setText(u"django.middleware.gzip.GZipMiddleware"_s);
    QVERIFY(!model->dropMimeData(&foreign, Qt::MoveAction, 0, 0, {}));
    QCOMPARE(document.undoStack()->count(), 2);
}

void tst_DeploymentEditor::addAndRemoveMiddleware()
{
    PolicyDocument document;
    document.reset(load(stackYaml));
    DeploymentEditor editor(&document);
    editor.middlewareView()->setCurrentIndex(editor.middlewareModel()->index(1, 0));
    QComboBox *input = editor.middlewareInput();
    input->setFocus();
    QTest::keyClicks(input->lineEdit(), u"myapp.middleware.AuditMiddleware"_s);
    QTest::keyClick(input->lineEdit(), Qt::Key_Return);
    // Inserted above the selected row.
    QCOMPARE(middleware(document).at(1), u"myapp.middleware.AuditMiddleware"_s);
    QVERIFY(input->currentText().isEmpty());
    const QModelIndex audit = editor.middlewareModel()->index(1, MiddlewareModel::EffectColumn);
    QVERIFY(!audit.data(MiddlewareModel::ModelledRole).toBool());
    QVERIFY(audit.data().toString().startsWith(u"Not modelled"_s));
    // Known classes are explained for the profile's Django.
    const QModelIndex common = editor.middlewareModel()->index(2, MiddlewareModel::EffectColumn);
    QCOMPARE(common.data().toString(),
             middlewareDescription(MiddlewareKind::Common, Profile::V3_14));
    QCOMPARE(common.siblingAtColumn(0).data(Qt::ToolTipRole).toString(),
             u"django.middleware.common.CommonMiddleware"_s);

    editor.middlewareView()->setCurrentIndex(editor.middlewareModel()->index(1, 0));
    QTest::keyClick(editor.middlewareView(), Qt::Key_Delete);
    QCOMPARE(middleware(document).size(), 3);
    QVERIFY(!middleware(document).contains(u"myapp.middleware.AuditMiddleware"_s));
    QCOMPARE(document.undoStack()->count(), 2);
}

void tst_DeploymentEditor::settingsFieldsEditTheDeployment()
{
    PolicyDocument document;
    document.reset(load(stackYaml));
    DeploymentEditor editor(&document);
    editor.show();

    auto *appendSlash = qobject_cast<QCheckBox *>(editor.settingWidget(u"APPEND_SLASH"_s));
    QVERIFY(appendSlash && appendSlash->isChecked());
    appendSlash->click();
    QCOMPARE(document.document().deployment->settings.appendSlash, false);
    QCOMPARE(document.undoStack()->undoText(), u"Set APPEND_SLASH to False"_s);
    // Without APPEND_SLASH nothing redirects: the preflight reaches CorsMiddleware, which
    // answers it itself (the URL is resolved only after the middleware).
    QCOMPARE(slashlessPreflight(document).status, 200);
    QVERIFY(slashlessPreflight(document).corsShortCircuit);
    document.undoStack()->undo();
    QVERIFY(appendSlash->isChecked());

    // ALLOWED_HOSTS: one host per line, applied when focus leaves, one undo step.
    auto *hosts = qobject_cast<ListTextEdit *>(editor.settingWidget(u"ALLOWED_HOSTS"_s));
    QVERIFY(hosts);
    QCOMPARE(hosts->toPlainText(), u"api.example.com"_s);
    hosts->setFocus();
    QTest::keyClick(hosts, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClick(hosts, Qt::Key_Return);
    QTest::keyClicks(hosts, u"  .example.org  "_s);
    QCOMPARE(document.undoStack()->index(), 0); // nothing yet while typing
    QTest::keyClick(hosts, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(document.document().deployment->settings.allowedHosts,
             (QStringList {u"api.example.com"_s, u".example.org"_s}));
    QCOMPARE(document.undoStack()->index(), 1);

    auto *login = qobject_cast<QLineEdit *>(editor.settingWidget(u"LOGIN_URL"_s));
    QVERIFY(login);
    QCOMPARE(login->text(), u"/accounts/login/"_s);
    login->setFocus();
    login->selectAll();
    QTest::keyClicks(login, u"/login/"_s);
    QTest::keyClick(login, Qt::Key_Return);
    QCOMPARE(document.document().deployment->settings.loginUrl, u"/login/"_s);

    auto *cookieDomain = qobject_cast<QLineEdit *>(editor.settingWidget(u"CSRF_COOKIE_DOMAIN"_s));
    QVERIFY(cookieDomain && cookieDomain->text().isEmpty());
    QVERIFY(!cookieDomain->placeholderText().isEmpty());
    cookieDomain->setFocus();
    QTest::keyClicks(cookieDomain, u".example.com"_s);
    QTest::keyClick(cookieDomain, Qt::Key_Return);
    QCOMPARE(document.document().deployment->settings.csrfCookieDomain,
             std::optional<QString>(u".example.com"_s));
    // Undo shows the old value in the field again.
    document.undoStack()->undo();
    QVERIFY(!document.document().deployment->settings.csrfCookieDomain);
    cookieDomain->clearFocus();
    document.undoStack()->redo();
    document.undoStack()->undo();
    QVERIFY(cookieDomain->text().isEmpty());
}

void tst_DeploymentEditor::malformedProxyHeaderIsRefusedOnTheField()
{
    PolicyDocument document;
    document.reset(load(stackYaml));
    DeploymentEditor editor(&document);
    editor.show();
    auto *header = qobject_cast<QLineEdit *>(editor.settingWidget(u"SECURE_PROXY_SSL_HEADER"_s));
    QVERIFY(header);
    header->setFocus();
    QTest::keyClicks(header, u"HTTP_X_FORWARDED_PROTO"_s);
    QTest::keyClick(header, Qt::Key_Return);
    auto *error = editor.findChild<QLabel *>(u"proxyHeaderError"_s);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(u"SECURE_PROXY_SSL_HEADER"_s));
    QVERIFY(!document.document().deployment->settings.secureProxySslHeader);
    QCOMPARE(document.undoStack()->count(), 0);

    QTest::keyClicks(header, u", https"_s);
    QTest::keyClick(header, Qt::Key_Return);
    QVERIFY(!error->isVisible());
    const auto value = document.document().deployment->settings.secureProxySslHeader;
    QVERIFY(value);
    QCOMPARE(value->first, u"HTTP_X_FORWARDED_PROTO"_s);
    QCOMPARE(value->second, u"https"_s);
}

void tst_DeploymentEditor::routesAreEditedInPlace()
{
    PolicyDocument document;
    document.reset(load(stackYaml));
    DeploymentEditor editor(&document);
    RoutesModel *routes = editor.routesModel();
    QAbstractItemModelTester tester(routes, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(routes->rowCount(), 1);

    auto *input = editor.findChild<QLineEdit *>(u"routeInput"_s);
    input->setFocus();
    QTest::keyClicks(input, u"/api/drf/"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(routes->rowCount(), 2);
    QCOMPARE(document.document().deployment->routes.at(1).path, u"api/drf/"_s);

    const QModelIndex view = routes->index(1, RoutesModel::ViewColumn);
    const QModelIndex auth = routes->index(1, RoutesModel::AuthenticationColumn);
    // Authentication only means something for a DRF view.
    QVERIFY(!routes->flags(auth).testFlag(Qt::ItemIsEditable));
    QVERIFY(routes->setData(view, u"drf"_s));
    QVERIFY(routes->flags(auth).testFlag(Qt::ItemIsEditable));
    QCOMPARE(auth.data().toString(), u"default"_s);
    QVERIFY(routes->setData(auth, u"Token, session"_s));
    QCOMPARE(document.document().deployment->routes.at(1).authentication,
             std::optional<QStringList>(QStringList {u"token"_s, u"session"_s}));
    // Not a DRF authentication this model knows: refused, nothing changes.
    const int steps = document.undoStack()->count();
    QVERIFY(!routes->setData(auth, u"cookie"_s));
    QVERIFY(!routes->setData(view, u"class_view"_s));
    QCOMPARE(document.undoStack()->count(), steps);
    QVERIFY(routes->setData(routes->index(1, RoutesModel::PermissionColumn),
                            u"is_authenticated"_s));

    // An anonymous GET on the DRF route: 403 from DRF (no WWW-Authenticate with token first).
    HttpRequest request;
    request.method = u"GET"_s;
    request.path = u"/api/drf/"_s;
    request.headers
            = {{u"Host"_s, u"api.example.com"_s}, {u"Origin"_s, u"https://app.example.com"_s}};
    const StackResponse response
            = DjangoStack(document.policy(), *document.document().deployment).respond(request);
    QCOMPARE(response.status, 401);

    // Back to a function view: DRF's columns are cleared, not kept hidden.
    QVERIFY(routes->setData(view, u"ok"_s));
    QVERIFY(!document.document().deployment->routes.at(1).authentication);
    QVERIFY(!document.document().deployment->routes.at(1).permission);

    editor.routesView()->setCurrentIndex(routes->index(0, 0));
    QTest::mouseClick(editor.findChild<QToolButton *>(u"removeRoute"_s), Qt::LeftButton);
    QCOMPARE(routes->rowCount(), 1);
    QCOMPARE(document.document().deployment->routes.at(0).path, u"api/drf/"_s);
}

void tst_DeploymentEditor::stackProblemsLeadToTheDeploymentGroup()
{
    MainWindow window;
    window.document()->reset(load(stackYaml));
    window.show();
    QVERIFY(TestUtils::landed());
    ProblemsModel *problems = window.problemsModel();
    int row = -1;
    for (int r = 0; r < problems->rowCount(); ++r) {
        if (problems->problem(r).code == u"stack-cors-below"_s)
            row = r;
    }
    QVERIFY(row >= 0);
    QCOMPARE(problems->problem(row).djangoSetting, u"MIDDLEWARE"_s);
    QVERIFY(!problems->problem(row).setting);
    QCOMPARE(problems->index(row, ProblemsModel::SettingColumn).data().toString(), u"MIDDLEWARE"_s);
    // The group list marks Deployment, not Origins, with the error.
    QListWidgetItem *item = window.editor()->groupList()->item(PolicyEditor::Deployment);
    QVERIFY(!item->icon().isNull());
    QVERIFY(item->toolTip().contains(u'1'));

    window.editor()->showGroup(PolicyEditor::Origins);
    emit window.problemsView()->activated(problems->index(row, 0));
    QCOMPARE(window.editor()->currentGroup(), PolicyEditor::Deployment);
    QTRY_COMPARE(QApplication::focusWidget(),
                 static_cast<QWidget *>(window.editor()->deploymentEditor()->middlewareView()));
}

void tst_DeploymentEditor::simulatorAsksForNoEndpointResponseWithAStack()
{
    PolicyDocument document;
    SimulatorPanel panel(&document);
    panel.show();
    RequestBuilder *builder = panel.findChild<RequestBuilder *>();
    QVERIFY(builder);
    auto *endpoint = builder->findChild<QTableView *>(u"endpointHeaders"_s);
    auto *note = builder->findChild<QLabel *>(u"stackEndpointNote"_s);
    QVERIFY(endpoint->isVisible());
    QVERIFY(!note->isVisible());

    document.reset(load(stackYaml));
    QVERIFY(builder->stackMode());
    QVERIFY(!endpoint->isVisible());
    QVERIFY(note->isVisible());
    document.setDeployment(std::nullopt);
    QVERIFY(endpoint->isVisible());
}

QTEST_MAIN(tst_DeploymentEditor)
#include "tst_deploymenteditor.moc"
