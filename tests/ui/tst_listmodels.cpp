// SPDX-License-Identifier: MIT
// The models: every one under QAbstractItemModelTester while the document changes under it.
#include "commands/settingcommands.h"
#include "document/policydocument.h"
#include "models/importreportmodel.h"
#include "models/origintestermodel.h"
#include "models/problemsmodel.h"
#include "models/settinglistmodel.h"
#include "uitestutils.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

CorsDocument documentWith(SettingId id, const PyValue &value)
{
    CorsDocument d;
    d.policy.setValue(id, value);
    return d;
}

QStringList column(const QAbstractItemModel &model, int column, int role = Qt::DisplayRole)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, column).data(role).toString());
    return out;
}

QStringList codes(const SettingListModel &model, int row)
{
    return model.index(row, 0).data(SettingListModel::IssueCodesRole).toStringList();
}

} // namespace

class tst_ListModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { TestUtils::isolateSettingsAndData(); }

    void editsThroughTheStackUnderTheTester();
    void listEditsLeaveNoSlack();
    void defaultRowsAndSplices();
    void rowsCarryCoreValidation();
    void aBareStringIsNoRows();
    void legacyNames();
    void modelApiPushesCommands();
    void entriesFromPastedText();
    void problemsFromChecksAndEntries();
    void problemsLeaveDefaultsAlone();
    void originTester();
    void importReport();
};

void tst_ListModels::editsThroughTheStackUnderTheTester()
{
    PolicyDocument doc;
    SettingListModel model(&doc, SettingId::AllowedOrigins);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.isDefault());

    QVERIFY(model.insertEntries(0, {u"https://a.example"_s, u"https://b.example"_s}));
    QCOMPARE(column(model, 0), (QStringList {u"https://a.example"_s, u"https://b.example"_s}));
    QVERIFY(!model.isDefault());
    QCOMPARE(doc.undoStack()->count(), 1);

    QVERIFY(model.setData(model.index(1, 0), u"https://c.example"_s));
    QVERIFY(model.moveEntry(1, 0));
    QCOMPARE(column(model, 0), (QStringList {u"https://c.example"_s, u"https://a.example"_s}));
    QVERIFY(model.removeEntryRows({0}));
    QCOMPARE(column(model, 0), QStringList {u"https://a.example"_s});

    // Undo everything, then redo: the rows follow.
    while (doc.undoStack()->canUndo())
        doc.undoStack()->undo();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.isDefault());
    while (doc.undoStack()->canRedo())
        doc.undoStack()->redo();
    QCOMPARE(column(model, 0), QStringList {u"https://a.example"_s});

    doc.reset(documentWith(SettingId::AllowedOrigins, PyValue::str(u"x"_s)));
    doc.undoStack()->push(new SetProfileCommand(&doc, Profile::V3_14));
}

void tst_ListModels::listEditsLeaveNoSlack()
{
    // Every background job holds a copy of the list, and the next edit detaches the document's:
    // a list allocated with room to grow costs that room again in every copy (16 instead of
    // 8.8 MB at 100,000 origins). Lists read by appending have that room.
    QList<PyValue> items;
    for (int i = 0; i < 1000; ++i)
        items.append(PyValue::str(u"https://app%1.example"_s.arg(i)));
    QVERIFY(items.capacity() > items.size());
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::AllowedOrigins, PyValue::list(items)));
    auto entries = [&] { return doc.policy().value(SettingId::AllowedOrigins)->items(); };
    auto exact = [&] { return entries().capacity() == entries().size(); };
    QVERIFY(exact());

    const CorsDocument held = doc.document(); // what a running job holds
    QUndoStack *stack = doc.undoStack();
    stack->push(new InsertEntriesCommand(&doc, SettingId::AllowedOrigins, 10,
                                         {PyValue::str(u"https://new.example"_s)}));
    QVERIFY(exact());
    QCOMPARE(entries().size(), 1001);
    QCOMPARE(entries().at(10).text(), u"https://new.example"_s);
    QCOMPARE(entries().at(11).text(), u"https://app10.example"_s);
    stack->push(new EditEntryCommand(&doc, SettingId::AllowedOrigins, 0,
                                     PyValue::str(u"https://edited.example"_s)));
    QVERIFY(exact());
    QCOMPARE(entries().at(0).text(), u"https://edited.example"_s);
    stack->push(new MoveEntryCommand(&doc, SettingId::AllowedOrigins, 0, 1000));
    QVERIFY(exact());
    QCOMPARE(entries().at(1000).text(), u"https://edited.example"_s);
    QCOMPARE(entries().at(0).text(), u"https://app1.example"_s);
    stack->push(new RemoveEntriesCommand(&doc, SettingId::AllowedOrigins, {0, 1, 2}));
    QVERIFY(exact());
    QCOMPARE(entries().size(), 998);
    stack->push(new SetSettingCommand(&doc, SettingId::AllowedOrigins, PyValue::list(items),
                                      u"paste"_s));
    QVERIFY(exact());
    QCOMPARE(entries(), items);

    // The job's copy never saw any of it.
    QCOMPARE(held.policy.value(SettingId::AllowedOrigins)->items(), items);
    while (stack->canUndo())
        stack->undo();
    QCOMPARE(entries(), items);
}

void tst_ListModels::defaultRowsAndSplices()
{
    PolicyDocument doc;
    SettingListModel model(&doc, SettingId::AllowHeaders);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex splice = model.index(0, SettingListModel::EntryColumn);
    QCOMPARE(splice.data().toString(), u"*default_headers"_s);
    QVERIFY(splice.data(SettingListModel::SpliceRole).toBool());
    QVERIFY(splice.data(SettingListModel::DefaultRole).toBool());
    QVERIFY(!(model.flags(splice) & Qt::ItemIsEditable));
    QVERIFY(model.index(0, SettingListModel::IssueColumn)
                    .data()
                    .toString()
                    .startsWith(u"accept, authorization"_s));

    QVERIFY(model.insertEntries(1, {u"x-request-id"_s}));
    QCOMPARE(column(model, 0), (QStringList {u"*default_headers"_s, u"x-request-id"_s}));
    // default_headers has 6 entries in 4.x: entry 6 is the first row after the splice.
    QCOMPARE(model.rowForEntry(3), 0);
    QCOMPARE(model.rowForEntry(6), 1);
    QCOMPARE(model.firstEntryOfRow(1), 6);

    // 3.14's default_headers has 9 names.
    doc.undoStack()->push(new SetProfileCommand(&doc, Profile::V3_14));
    QCOMPARE(model.rowForEntry(9), 1);
}

void tst_ListModels::rowsCarryCoreValidation()
{
    PolicyDocument doc;
    SettingListModel origins(&doc, SettingId::AllowedOrigins);
    QAbstractItemModelTester t1(&origins, QAbstractItemModelTester::FailureReportingMode::QtTest);
    origins.insertEntries(0,
                          {u"https://app.example.com/"_s, u"https://Admin.example.com"_s,
                           u"https://a.example.com:443"_s, u"app.example.com"_s,
                           u"https://app.example.com"_s});
    // Duplicates are found across the list, off the GUI thread.
    QVERIFY(TestUtils::landed());
    QVERIFY(codes(origins, 0).contains(u"trailing-slash"_s));
    QVERIFY(codes(origins, 1).contains(u"uppercase"_s));
    QVERIFY(codes(origins, 2).contains(u"default-port"_s));
    QVERIFY(codes(origins, 3).contains(u"missing-scheme"_s));
    QVERIFY(codes(origins, 4).contains(u"duplicate"_s));
    QCOMPARE(origins.index(0, 0).data(SettingListModel::SeverityRole).toInt(),
             int(EntryIssue::Severity::Error));
    QVERIFY(origins.index(0, SettingListModel::IssueColumn)
                    .data()
                    .toString()
                    .contains(u"corsheaders.E014"_s));

    SettingListModel regexes(&doc, SettingId::AllowedOriginRegexes);
    QAbstractItemModelTester t2(&regexes, QAbstractItemModelTester::FailureReportingMode::QtTest);
    regexes.insertEntries(0, {u"^https://(\\w+\\.example\\.com$"_s});
    QVERIFY(codes(regexes, 0).contains(u"regex-syntax"_s));
    // Python reports "missing ), unterminated subpattern at position 9": the '(' .
    QCOMPARE(regexes.index(0, 0).data(SettingListModel::ErrorPositionRole).toInt(), 9);

    SettingListModel headers(&doc, SettingId::AllowHeaders);
    headers.insertEntries(1, {u"cookie"_s, u"bad header"_s});
    QVERIFY(codes(headers, 1).contains(u"forbidden-header"_s));
    QVERIFY(codes(headers, 2).contains(u"not-a-token"_s));
}

void tst_ListModels::aBareStringIsNoRows()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::AllowMethods, PyValue::str(u"GET"_s)));
    SettingListModel model(&doc, SettingId::AllowMethods);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!model.isRowList());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.insertEntries(0, {u"PUT"_s}));
    QCOMPARE(*doc.policy().value(SettingId::AllowMethods), PyValue::str(u"GET"_s));
    // Converted explicitly, it becomes one row.
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::AllowMethods,
                                                PyValue::strList({u"GET"_s}), u"Convert"_s));
    QVERIFY(model.isRowList());
    QCOMPARE(column(model, 0), QStringList {u"GET"_s});
}

void tst_ListModels::legacyNames()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::OriginWhitelist, PyValue::strList({u"https://old"_s})));
    SettingListModel model(&doc, SettingId::AllowedOrigins);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.setting(), SettingId::OriginWhitelist);
    QCOMPARE(column(model, 0), QStringList {u"https://old"_s});
    model.insertEntries(1, {u"https://new"_s});
    QCOMPARE(doc.policy().value(SettingId::OriginWhitelist)->items().size(), 2);
    // The current name, once defined, wins (even empty), and the rows follow it.
    doc.undoStack()->push(
            new SetSettingCommand(&doc, SettingId::AllowedOrigins, PyValue::list(), u"Set"_s));
    QCOMPARE(model.setting(), SettingId::AllowedOrigins);
    QCOMPARE(model.rowCount(), 0);
    doc.undoStack()->undo();
    QCOMPARE(model.setting(), SettingId::OriginWhitelist);
    QCOMPARE(model.rowCount(), 2);
}

void tst_ListModels::modelApiPushesCommands()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::ExposeHeaders, PyValue::strList({u"x-a"_s, u"x-b"_s})));
    SettingListModel model(&doc, SettingId::ExposeHeaders);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.insertRows(2, 1));
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.moveRows({}, 0, 1, {}, 3));
    QCOMPARE(column(model, 0), (QStringList {u"x-b"_s, QString(), u"x-a"_s}));
    QVERIFY(model.removeRows(1, 1));
    QCOMPARE(column(model, 0), (QStringList {u"x-b"_s, u"x-a"_s}));
    QCOMPARE(doc.undoStack()->count(), 3);
    // setData with the same text is no edit at all.
    QVERIFY(!model.setData(model.index(0, 0), u"x-b"_s));
    QCOMPARE(doc.undoStack()->count(), 3);
}

void tst_ListModels::entriesFromPastedText()
{
    QCOMPARE(
            SettingListModel::entriesFromText(
                    u"  https://a.example\n\n\"https://b.example\",\n'https://c.example'\r\n"_s),
            (QStringList {u"https://a.example"_s, u"https://b.example"_s, u"https://c.example"_s}));
    // Not "fixed": a trailing slash stays for the validation to flag.
    QCOMPARE(SettingListModel::entriesFromText(u"https://d.example/"_s),
             QStringList {u"https://d.example/"_s});
}

void tst_ListModels::problemsFromChecksAndEntries()
{
    PolicyDocument doc;
    ProblemsModel problems(&doc);
    QAbstractItemModelTester tester(&problems,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(problems.rowCount(), 0);
    doc.undoStack()->push(new InsertEntriesCommand(&doc, SettingId::AllowedOrigins, 0,
                                                   {PyValue::str(u"https://ok.example"_s),
                                                    PyValue::str(u"https://a.example/"_s),
                                                    PyValue::str(u"https://B.example"_s)}));
    QVERIFY(TestUtils::landed());
    QStringList rows = column(problems, ProblemsModel::CodeColumn);
    // Django's check for entry 1, the linter's finding for entry 2 (an upper-case host no
    // browser sends); entry 1's own trailing-slash finding is not repeated under the check.
    QCOMPARE(rows, (QStringList {u"corsheaders.E014"_s, u"origin-never-matches"_s}));
    QCOMPARE(problems.index(0, 0).data(ProblemsModel::EntryRole).toInt(), 1);
    QCOMPARE(problems.index(0, 0).data(ProblemsModel::SettingRole).toInt(),
             int(SettingId::AllowedOrigins));
    QCOMPARE(problems.count(EntryIssue::Severity::Error), 1);
    QCOMPARE(problems.count(EntryIssue::Severity::Warning), 1);

    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::UrlsRegex,
                                                PyValue::str(u"^/api/("_s), u"Set"_s));
    QVERIFY(TestUtils::landed());
    QVERIFY(column(problems, ProblemsModel::CodeColumn).contains(u"regex-syntax"_s));
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::AllowCredentials,
                                                PyValue::str(u"yes"_s), u"Set"_s));
    QVERIFY(TestUtils::landed());
    QVERIFY(column(problems, ProblemsModel::CodeColumn).contains(u"corsheaders.E003"_s));
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QVERIFY(TestUtils::landed());
    QCOMPARE(problems.rowCount(), 0);
}

void tst_ListModels::problemsLeaveDefaultsAlone()
{
    // 3.14's default_headers lists names browsers forbid scripts to set; that is not the
    // policy's problem, so the Problems panel does not list it (the row shows it).
    PolicyDocument doc;
    ProblemsModel problems(&doc);
    doc.undoStack()->push(new SetProfileCommand(&doc, Profile::V3_14));
    doc.undoStack()->push(
            new InsertEntriesCommand(&doc, SettingId::AllowHeaders, 1, {PyValue::str(u"x-id"_s)}));
    QCOMPARE(problems.rowCount(), 0);
    SettingListModel rows(&doc, SettingId::AllowHeaders);
    QVERIFY(codes(rows, 0).contains(u"forbidden-header"_s));
}

void tst_ListModels::originTester()
{
    PolicyDocument doc;
    CorsDocument d;
    d.policy.setValue(SettingId::AllowedOrigins,
                      PyValue::strList({u"https://app.example.com"_s, u"https://x.example"_s}));
    d.policy.setValue(SettingId::AllowedOriginRegexes,
                      PyValue::strList({u"^https://[a-z]+\\.preview\\.example\\.com$"_s}));
    doc.reset(d);
    OriginTesterModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setOrigin(u"https://app.example.com"_s);
    // Examined off the GUI thread.
    QVERIFY(TestUtils::landed());
    QVERIFY(model.report().allowed);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.index(0, 0).data(OriginTesterModel::AdmitsRole).toBool());
    QVERIFY(!model.index(1, 0).data(OriginTesterModel::AdmitsRole).toBool());
    QVERIFY(model.summary().startsWith(u"Allowed"_s));

    model.setOrigin(u"https://pr.preview.example.com"_s);
    QVERIFY(TestUtils::landed());
    QVERIFY(model.index(2, 0).data(OriginTesterModel::AdmitsRole).toBool());
    QCOMPARE(model.index(2, 0).data(OriginTesterModel::SettingRole).toInt(),
             int(SettingId::AllowedOriginRegexes));

    model.setOrigin(u"https://evil.example"_s);
    QVERIFY(TestUtils::landed());
    QVERIFY(!model.report().allowed);
    QVERIFY(model.summary().startsWith(u"Refused"_s));
    // Every entry says why it does not admit the origin.
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(!model.index(row, OriginTesterModel::ReasonColumn).data().toString().isEmpty());

    // The tester follows the document.
    doc.undoStack()->push(new InsertEntriesCommand(&doc, SettingId::AllowedOrigins, 2,
                                                   {PyValue::str(u"https://evil.example"_s)}));
    QVERIFY(TestUtils::landed());
    QVERIFY(model.report().allowed);
}

void tst_ListModels::importReport()
{
    ImportReportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SettingsMessage read {SettingsMessage::Severity::Info, 3, 1, u"CORS_X = 1"_s, {}};
    SettingsMessage skipped {SettingsMessage::Severity::Warning, 5, 1, u"skipped"_s, {}};
    model.setMessages({read, skipped});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.count(SettingsMessage::Severity::Warning), 1);
    QCOMPARE(model.index(1, ImportReportModel::LineColumn).data().toInt(), 5);
}

QTEST_MAIN(tst_ListModels)
#include "tst_listmodels.moc"
