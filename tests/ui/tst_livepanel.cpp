// SPDX-License-Identifier: MIT
//
// The Live panel (offscreen): toggling Serve starts a real loopback server whose answers follow
// the document's edits, each request shows up in the log next to the policy's decision, and a
// probe runs asynchronously against it.
#include "commands/settingcommands.h"
#include "document/policydocument.h"
#include "live/livelogmodel.h"
#include "live/livepanel.h"
#include "live/policyserver.h"
#include "uitestutils.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStringListModel>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

using namespace Cors;

namespace {

CorsDocument allowAppDocument()
{
    CorsDocument doc;
    doc.policy.setValue(SettingId::AllowedOrigins,
                        PyValue::strList({QStringLiteral("http://app.test")}));
    return doc;
}

/** GET @p url with an Origin header; the reply's Access-Control-Allow-Origin (or "<none>"). */
QByteArray fetchAllowOrigin(QNetworkAccessManager &manager, const QUrl &url,
                            const QByteArray &origin)
{
    QNetworkRequest request(url);
    request.setRawHeader("Origin", origin);
    QNetworkReply *reply = manager.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!done.wait(10000))
        return "<timeout>";
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError)
        return "<error " + reply->errorString().toUtf8() + ">";
    return reply->hasRawHeader("access-control-allow-origin")
            ? reply->rawHeader("access-control-allow-origin")
            : QByteArray("<none>");
}

} // namespace

class TestLivePanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { TestUtils::isolateSettingsAndData(); }

    void serveToggleAndLiveLog()
    {
        PolicyDocument document;
        document.reset(allowAppDocument());
        LivePanel panel(&document);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.isServing());

        QSignalSpy serving(&panel, &LivePanel::servingChanged);
        panel.serveButton()->click();
        QCOMPARE(serving.size(), 1);
        QVERIFY(panel.isServing());
        const quint16 port = panel.policyServer()->port();
        QVERIFY(port > 0);
        QVERIFY(panel.statusLabel()->text().contains(QString::number(port)));
        QVERIFY(!panel.portBox()->isEnabled());

        QNetworkAccessManager manager;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/api/items").arg(port));
        QCOMPARE(fetchAllowOrigin(manager, url, "http://app.test"), QByteArray("http://app.test"));
        QTRY_COMPARE(panel.logModel()->rowCount(), 1);
        const QAbstractItemModel *log = panel.logView()->model();
        QCOMPARE(log->index(0, LiveLogModel::Request).data().toString(),
                 QStringLiteral("GET /api/items"));
        QCOMPARE(log->index(0, LiveLogModel::Origin).data().toString(),
                 QStringLiteral("http://app.test"));
        QVERIFY(log->index(0, LiveLogModel::Sent)
                        .data()
                        .toString()
                        .contains(QStringLiteral("access-control-allow-origin: http://app.test")));
        QCOMPARE(log->index(0, LiveLogModel::Policy).data().toString(),
                 QStringLiteral("Passed to the view; origin http://app.test allowed"));

        // An edit of the document (an undoable command) changes the next answer; undo restores it.
        document.undoStack()->push(new SetSettingCommand(
                &document, SettingId::AllowedOrigins,
                PyValue::strList({QStringLiteral("http://other.test")}), QStringLiteral("edit")));
        QCOMPARE(fetchAllowOrigin(manager, url, "http://app.test"), QByteArray("<none>"));
        QTRY_COMPARE(panel.logModel()->rowCount(), 2);
        QCOMPARE(log->index(1, LiveLogModel::Policy).data().toString(),
                 QStringLiteral("Passed to the view; origin http://app.test refused"));
        document.undoStack()->undo();
        QCOMPARE(fetchAllowOrigin(manager, url, "http://app.test"), QByteArray("http://app.test"));

        panel.serveButton()->click();
        QVERIFY(!panel.isServing());
        QCOMPARE(panel.serveButton()->isChecked(), false);
        QCOMPARE(fetchAllowOrigin(manager, url, "http://app.test").left(6), QByteArray("<error"));
    }

    void probeAgainstTheServedPolicy()
    {
        PolicyDocument document;
        document.reset(allowAppDocument());
        LivePanel panel(&document);
        QVERIFY(panel.setServing(true));
        panel.probeUrlEdit()->setText(panel.policyServer()->url().toString()
                                      + QStringLiteral("api/x"));
        panel.probeOriginEdit()->setText(QStringLiteral("http://app.test"));
        panel.probeMethodBox()->setCurrentText(QStringLiteral("PUT"));
        QSignalSpy finished(&panel, &LivePanel::probeFinished);
        panel.probeButton()->click();
        QVERIFY(!panel.probeButton()->isEnabled());
        QVERIFY(panel.cancelButton()->isEnabled());
        QVERIFY(finished.wait(20000));
        QVERIFY(panel.probeButton()->isEnabled());
        QCOMPARE(panel.differencesModel()->stringList(),
                 QStringList({QStringLiteral(
                         "No differences: the server answers as your policy would.")}));
        QVERIFY(panel.probeReportView()->toPlainText().contains(
                QStringLiteral("> OPTIONS /api/x")));
        // The preflight and the PUT both reached the served policy and are in the log.
        QTRY_COMPARE(panel.logModel()->rowCount(), 2);

        // A URL the form cannot probe is reported in the differences list; nothing is sent.
        panel.setServing(false);
        panel.probeUrlEdit()->setText(QStringLiteral("not a url"));
        QVERIFY(!panel.startProbe());
        QVERIFY(panel.differencesModel()->stringList().first().contains(
                QStringLiteral("absolute http")));
    }
};

QTEST_MAIN(TestLivePanel)
#include "tst_livepanel.moc"
