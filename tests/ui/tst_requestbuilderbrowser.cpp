// SPDX-License-Identifier: MIT
// The request builder's Browser row (issue 19): the engine goes into the scenario and back.
#include "simulator/requestbuilder.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QtTest>

using namespace Cors;

class tst_RequestBuilderBrowser : public QObject
{
    Q_OBJECT

private slots:
    void browserRow();
};

void tst_RequestBuilderBrowser::browserRow()
{
    RequestBuilder builder;
    auto *box = builder.findChild<QComboBox *>(QStringLiteral("browser"));
    QVERIFY(box);
    QCOMPARE(box, builder.browserBox());
    QCOMPARE(box->count(), 3);
    QCOMPARE(builder.scenario().browser, BrowserEngine::Chromium);

    Scenario s;
    s.browser = BrowserEngine::Safari;
    builder.setScenario(s);
    QCOMPARE(box->currentData().toString(), QStringLiteral("safari"));
    QCOMPARE(builder.scenario().browser, BrowserEngine::Safari);

    box->setCurrentIndex(box->findData(QStringLiteral("firefox")));
    QCOMPARE(builder.scenario().browser, BrowserEngine::Firefox);
}

QTEST_MAIN(tst_RequestBuilderBrowser)
#include "tst_requestbuilderbrowser.moc"
