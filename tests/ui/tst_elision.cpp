// SPDX-License-Identifier: MIT
// Long texts cut to fit keep their whole text one hover away: the eliding label's tooltip, and
// the tooltip of a table cell cut by its column; columns sized to what they show.
#include "document/policydocument.h"
#include "editor/origintester.h"
#include "mainwindow.h"
#include "models/origintestermodel.h"
#include "models/problemsmodel.h"
#include "uitestutils.h"
#include "widgets/elidedtooltips.h"
#include "widgets/elidinglabel.h"

#include <QApplication>
#include <QHeaderView>
#include <QHelpEvent>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QToolTip>
#include <QTreeView>

using namespace Cors;
using namespace Qt::StringLiterals;

class tst_Elision : public QObject
{
    Q_OBJECT

private slots:
    void labelElidesWithItsTextInTheTooltip();
    void cutCellsShowTheirText();
    void originTesterVerdictsFit();
    void problemColumnsFit();
};

void tst_Elision::labelElidesWithItsTextInTheTooltip()
{
    const QString text = u"Add 'https://app.example.com' to CORS_ALLOWED_ORIGINS and "
                         u"'x-trace-id' to CORS_ALLOW_HEADERS"_s;
    ElidingLabel label;
    label.setToolTip(u"own tooltip"_s);
    label.setText(text);
    label.resize(label.fontMetrics().horizontalAdvance(text) + 20, 30);
    label.show();
    QVERIFY(QTest::qWaitForWindowExposed(&label));
    QVERIFY(!label.isElided());
    QCOMPARE(label.toolTip(), u"own tooltip"_s);
    // Its minimum is a few characters: a layout never has to clip around it.
    QVERIFY(label.minimumSizeHint().width() < label.fontMetrics().horizontalAdvance(text) / 4);
    label.resize(120, 30);
    QVERIFY(label.isElided());
    QCOMPARE(label.toolTip(), text);
    label.resize(label.fontMetrics().horizontalAdvance(text) + 20, 30);
    QVERIFY(!label.isElided());
    QCOMPARE(label.toolTip(), u"own tooltip"_s);
    // A new text that does not fit.
    label.resize(120, 30);
    label.setText(text + u" too"_s);
    QCOMPARE(label.toolTip(), text + u" too"_s);
}

void tst_Elision::cutCellsShowTheirText()
{
    const QString longText = u"https://a-very-long-preview-name.preview.example.com/api/items/42"_s;
    QStandardItemModel model(1, 2);
    model.setItem(0, 0, new QStandardItem(u"GET"_s));
    model.setItem(0, 1, new QStandardItem(longText));
    QTableView view;
    view.setModel(&model);
    view.horizontalHeader()->setStretchLastSection(false);
    view.setColumnWidth(0, 120);
    view.setColumnWidth(1, 120);
    ElidedToolTips::install(&view);
    view.resize(300, 120);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    auto hover = [&view](int column) {
        const QPoint at = view.visualRect(view.model()->index(0, column)).center();
        QHelpEvent help(QEvent::ToolTip, at, view.viewport()->mapToGlobal(at));
        QApplication::sendEvent(view.viewport(), &help);
        return QToolTip::isVisible() ? QToolTip::text() : QString();
    };
    QCOMPARE(hover(1), longText);
    QToolTip::hideText();
    QTRY_VERIFY(!QToolTip::isVisible());
    QCOMPARE(hover(0), QString()); // "GET" fits
    // The model's own tooltip wins.
    model.item(0, 1)->setToolTip(u"model's"_s);
    QCOMPARE(hover(1), u"model's"_s);
}

QTEST_MAIN(tst_Elision)
void tst_Elision::originTesterVerdictsFit()
{
    // The verdict column is measured on its three words, not on the rows: every verdict must fit
    // uncut, also after the font grows.
    PolicyDocument document;
    CorsDocument d;
    d.policy.setValue(SettingId::AllowedOrigins,
                      PyValue::strList({u"https://app.example.com"_s, u"https://x.example"_s}));
    d.policy.setValue(SettingId::AllowedOriginRegexes, PyValue::strList({u"("_s}));
    document.reset(d);
    OriginTester tester(&document);
    tester.resize(700, 400);
    tester.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tester));
    tester.setOrigin(u"https://app.example.com"_s);
    QVERIFY(TestUtils::landed());
    QTreeView *view = tester.view();
    QSet<QString> shown;
    auto verifyFits = [&] {
        const int width = view->header()->sectionSize(OriginTesterModel::VerdictColumn);
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            const QModelIndex index = view->model()->index(row, OriginTesterModel::VerdictColumn);
            shown.insert(index.data().toString());
            QVERIFY2(view->sizeHintForIndex(index).width() <= width,
                     qPrintable(u"%1: %2 > %3"_s.arg(index.data().toString())
                                        .arg(view->sizeHintForIndex(index).width())
                                        .arg(width)));
        }
    };
    verifyFits();
    QCOMPARE(shown.size(), 3); // admits, refuses, raises
    const int before = view->header()->sectionSize(OriginTesterModel::VerdictColumn);
    QFont larger = tester.font();
    larger.setPointSizeF(larger.pointSizeF() * 2);
    tester.setFont(larger);
    QVERIFY(view->header()->sectionSize(OriginTesterModel::VerdictColumn) > before);
    verifyFits();
}

void tst_Elision::problemColumnsFit()
{
    // The code and setting columns are measured on the rows the model names: every cell must
    // fit uncut, whichever row holds the widest one.
    MainWindow window;
    CorsDocument d;
    QStringList origins;
    for (int i = 0; i < 150; ++i)
        origins << (i % 7 == 0 ? u"https://App%1.example.com/"_s.arg(i)
                               : u"https://app%1.example.com"_s.arg(i));
    d.policy.setValue(SettingId::AllowedOrigins, PyValue::strList(origins));
    d.policy.setValue(SettingId::AllowCredentials, PyValue::boolean(true));
    window.document()->reset(d);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(TestUtils::landed());
    auto *view = window.findChild<QTreeView *>(u"problemsView"_s);
    QVERIFY(view);
    QAbstractItemModel *model = view->model();
    QVERIFY2(model->rowCount() > 40, qPrintable(QString::number(model->rowCount())));
    QSet<QString> codes;
    for (const int column : {int(ProblemsModel::CodeColumn), int(ProblemsModel::SettingColumn)}) {
        const int width = view->header()->sectionSize(column);
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, column);
            if (column == ProblemsModel::CodeColumn)
                codes.insert(index.data().toString());
            QVERIFY2(view->sizeHintForIndex(index).width() <= width,
                     qPrintable(u"row %1: %2 (%3 > %4)"_s.arg(row)
                                        .arg(index.data().toString())
                                        .arg(view->sizeHintForIndex(index).width())
                                        .arg(width)));
        }
    }
    QVERIFY2(codes.size() >= 2, qPrintable(QStringList(codes.values()).join(u", "_s)));
}

#include "tst_elision.moc"
