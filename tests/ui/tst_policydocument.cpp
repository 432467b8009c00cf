// SPDX-License-Identifier: MIT
// PolicyDocument: commands, undo/redo and merging, the clean state, save/load, autosave and
// recovery after a crash.
#include "commands/settingcommands.h"
#include "document/documentfile.h"
#include "document/policydocument.h"
#include "document/recoveryfile.h"
#include "document/settingvalues.h"
#include "uitestutils.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Cors;
using namespace Qt::StringLiterals;

namespace {

PyValue strings(const QStringList &items)
{
    return PyValue::strList(items);
}

CorsDocument documentWith(SettingId id, const PyValue &value)
{
    CorsDocument d;
    d.policy.setValue(id, value);
    return d;
}

} // namespace

class tst_PolicyDocument : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void insertUndoRedo();
    void insertIntoDefaultHeadersKeepsTheSplice();
    void removeAndMove();
    void editEntry();
    void typingMergesIntoOneStep();
    void typingBackToTheStartIsNoStep();
    void resetToDefault();
    void profileChange();
    void modifiedFollowsTheCleanState();
    void legacyNameIsEdited();
    void conversions();
    void pythonValues();
    void saveAndLoadRoundTrip();
    void importedSettingsSaveAsYaml();
    void autosaveWritesAfterTheDelay();
    void autosaveCopyGoesWhenClean();
    void crashLeavesARecoverableCopy();
    void runningSessionIsNotALeftover();

private:
    QTemporaryDir m_dir;
};

void tst_PolicyDocument::initTestCase()
{
    TestUtils::isolateSettingsAndData();
    QVERIFY(m_dir.isValid());
}

void tst_PolicyDocument::init()
{
    QDir(RecoveryFile::directory()).removeRecursively();
}

void tst_PolicyDocument::insertUndoRedo()
{
    PolicyDocument doc;
    QSignalSpy inserted(&doc, &PolicyDocument::entriesInserted);
    QSignalSpy modified(&doc, &PolicyDocument::modifiedChanged);
    doc.undoStack()->push(new InsertEntriesCommand(&doc, SettingId::AllowedOrigins, 0,
                                                   {PyValue::str(u"https://a.example"_s)}));
    QCOMPARE(*doc.policy().value(SettingId::AllowedOrigins), strings({u"https://a.example"_s}));
    QCOMPARE(inserted.size(), 1);
    QVERIFY(doc.isModified());
    QCOMPARE(modified.size(), 1);

    doc.undoStack()->undo();
    // The setting was unset before: undo unsets it again, not an empty list.
    QVERIFY(!doc.policy().isSet(SettingId::AllowedOrigins));
    QVERIFY(!doc.isModified());
    doc.undoStack()->redo();
    QCOMPARE(*doc.policy().value(SettingId::AllowedOrigins), strings({u"https://a.example"_s}));
}

void tst_PolicyDocument::insertIntoDefaultHeadersKeepsTheSplice()
{
    PolicyDocument doc;
    // Unset CORS_ALLOW_HEADERS shows one row, *default_headers; adding after it writes the
    // django-cors-headers idiom (*default_headers, "x-custom").
    doc.undoStack()->push(new InsertEntriesCommand(&doc, SettingId::AllowHeaders, 1,
                                                   {PyValue::str(u"x-custom"_s)}));
    PyValue splice = PyValue::defaultHeaders();
    splice.setStarred(true);
    QCOMPARE(*doc.policy().value(SettingId::AllowHeaders),
             PyValue::tuple({splice, PyValue::str(u"x-custom"_s)}));
    doc.undoStack()->undo();
    QVERIFY(!doc.policy().isSet(SettingId::AllowHeaders));
}

void tst_PolicyDocument::removeAndMove()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::AllowedOrigins,
                           strings({u"https://a"_s, u"https://b"_s, u"https://c"_s})));
    doc.undoStack()->push(new RemoveEntriesCommand(&doc, SettingId::AllowedOrigins, {2, 0}));
    QCOMPARE(*doc.policy().value(SettingId::AllowedOrigins), strings({u"https://b"_s}));
    doc.undoStack()->undo();
    QCOMPARE(*doc.policy().value(SettingId::AllowedOrigins),
             strings({u"https://a"_s, u"https://b"_s, u"https://c"_s}));

    doc.undoStack()->push(new MoveEntryCommand(&doc, SettingId::AllowedOrigins, 0, 2));
    QCOMPARE(*doc.policy().value(SettingId::AllowedOrigins),
             strings({u"https://b"_s, u"https://c"_s, u"https://a"_s}));
    doc.undoStack()->undo();
    QCOMPARE(*doc.policy().value(SettingId::AllowedOrigins),
             strings({u"https://a"_s, u"https://b"_s, u"https://c"_s}));
}

void tst_PolicyDocument::editEntry()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::ExposeHeaders, PyValue::strTuple({u"x-a"_s, u"x-b"_s})));
    doc.undoStack()->push(
            new EditEntryCommand(&doc, SettingId::ExposeHeaders, 1, PyValue::str(u"x-c"_s)));
    // The container kind (a tuple here) is kept.
    QCOMPARE(*doc.policy().value(SettingId::ExposeHeaders),
             PyValue::strTuple({u"x-a"_s, u"x-c"_s}));
    doc.undoStack()->undo();
    QCOMPARE(*doc.policy().value(SettingId::ExposeHeaders),
             PyValue::strTuple({u"x-a"_s, u"x-b"_s}));
}

void tst_PolicyDocument::typingMergesIntoOneStep()
{
    PolicyDocument doc;
    for (const QString &text : {u"^/"_s, u"^/a"_s, u"^/ap"_s, u"^/api"_s})
        doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::UrlsRegex, PyValue::str(text),
                                                    u"Edit"_s, true));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(*doc.policy().value(SettingId::UrlsRegex), PyValue::str(u"^/api"_s));

    // Leaving the field ends the typing session: the next typing is a step of its own.
    doc.endTypingSession();
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::UrlsRegex,
                                                PyValue::str(u"^/api/"_s), u"Edit"_s, true));
    QCOMPARE(doc.undoStack()->count(), 2);
    // Another setting never merges.
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::PreflightMaxAge,
                                                PyValue::integer(6), u"Edit"_s, true));
    QCOMPARE(doc.undoStack()->count(), 3);

    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QCOMPARE(*doc.policy().value(SettingId::UrlsRegex), PyValue::str(u"^/api"_s));
    doc.undoStack()->undo();
    QVERIFY(!doc.policy().isSet(SettingId::UrlsRegex));
}

void tst_PolicyDocument::typingBackToTheStartIsNoStep()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::UrlsRegex, PyValue::str(u"^/api"_s)));
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::UrlsRegex,
                                                PyValue::str(u"^/apix"_s), u"Edit"_s, true));
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::UrlsRegex,
                                                PyValue::str(u"^/api"_s), u"Edit"_s, true));
    QCOMPARE(doc.undoStack()->count(), 0);
    QVERIFY(!doc.isModified());
}

void tst_PolicyDocument::resetToDefault()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::PreflightMaxAge, PyValue::integer(600)));
    doc.undoStack()->push(SetSettingCommand::reset(&doc, SettingId::PreflightMaxAge));
    QVERIFY(!doc.policy().isSet(SettingId::PreflightMaxAge));
    doc.undoStack()->undo();
    QCOMPARE(*doc.policy().value(SettingId::PreflightMaxAge), PyValue::integer(600));
}

void tst_PolicyDocument::profileChange()
{
    PolicyDocument doc;
    QSignalSpy spy(&doc, &PolicyDocument::profileChanged);
    doc.undoStack()->push(new SetProfileCommand(&doc, Profile::V3_14));
    QCOMPARE(doc.profile(), Profile::V3_14);
    doc.undoStack()->undo();
    QCOMPARE(doc.profile(), Profile::V4);
    QCOMPARE(spy.size(), 2);
}

void tst_PolicyDocument::modifiedFollowsTheCleanState()
{
    PolicyDocument doc;
    const QString path = m_dir.filePath(u"clean.cors.yaml"_s);
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::AllowCredentials,
                                                PyValue::boolean(true), u"Set"_s));
    QVERIFY(doc.isModified());
    QString error;
    QVERIFY2(doc.save(path, &error), qPrintable(error));
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.filePath(), QFileInfo(path).absoluteFilePath());
    doc.undoStack()->undo();
    QVERIFY(doc.isModified());
    doc.undoStack()->redo();
    QVERIFY(!doc.isModified());
}

void tst_PolicyDocument::legacyNameIsEdited()
{
    PolicyDocument doc;
    doc.reset(documentWith(SettingId::OriginWhitelist, strings({u"https://old"_s})));
    QCOMPARE(doc.editedSetting(SettingId::AllowedOrigins), SettingId::OriginWhitelist);
    doc.undoStack()->push(new InsertEntriesCommand(&doc, SettingId::OriginWhitelist, 1,
                                                   {PyValue::str(u"https://new"_s)}));
    QVERIFY(!doc.policy().isSet(SettingId::AllowedOrigins));
    QCOMPARE(*doc.policy().value(SettingId::OriginWhitelist),
             strings({u"https://old"_s, u"https://new"_s}));
    // Once the current name is defined, it wins and is the one edited.
    doc.undoStack()->push(
            new SetSettingCommand(&doc, SettingId::AllowedOrigins, PyValue::list(), u"Set"_s));
    QCOMPARE(doc.editedSetting(SettingId::AllowedOrigins), SettingId::AllowedOrigins);
}

void tst_PolicyDocument::conversions()
{
    const auto bare = formConversion(SettingId::AllowMethods, PyValue::str(u"GET"_s));
    QVERIFY(bare);
    QCOMPARE(bare->value, strings({u"GET"_s}));
    // "False" is a non-empty string: Python reads it as true, and the conversion says so.
    const auto yes = formConversion(SettingId::AllowCredentials, PyValue::str(u"False"_s));
    QVERIFY(yes);
    QCOMPARE(yes->value, PyValue::boolean(true));
    const auto number = formConversion(SettingId::PreflightMaxAge, PyValue::str(u"600"_s));
    QVERIFY(number);
    QCOMPARE(number->value, PyValue::integer(600));
    QVERIFY(!formConversion(SettingId::AllowedOrigins, strings({u"https://a"_s})));
}

void tst_PolicyDocument::pythonValues()
{
    PythonValueError error;
    const auto yes
            = parsePythonValue(SettingId::AllowCredentials, u"\"yes\""_s, Profile::V4, &error);
    QVERIFY2(yes, qPrintable(error.message));
    QCOMPARE(*yes, PyValue::str(u"yes"_s));

    const auto headers
            = parsePythonValue(SettingId::AllowHeaders,
                               u"(\n    *default_headers,\n    'x-id',\n)"_s, Profile::V4, &error);
    QVERIFY2(headers, qPrintable(error.message));
    PyValue splice = PyValue::defaultHeaders();
    splice.setStarred(true);
    QCOMPARE(*headers, PyValue::tuple({splice, PyValue::str(u"x-id"_s)}));
    QCOMPARE(parsePythonValue(SettingId::AllowHeaders, pythonSource(*headers), Profile::V4, &error),
             headers);

    QVERIFY(!parsePythonValue(SettingId::AllowCredentials, u"yes"_s, Profile::V4, &error));
    QVERIFY(error.message.contains(u"'yes' is not defined"_s));
    QVERIFY(!parsePythonValue(SettingId::AllowedOrigins, u"[\n'a',\n"_s, Profile::V4, &error));
    QCOMPARE(error.line, 1);
    QVERIFY(error.column > 0);
    QVERIFY(!parsePythonValue(SettingId::AllowedOrigins, u"[]\nCORS_ALLOW_CREDENTIALS = True"_s,
                              Profile::V4, &error));
}

void tst_PolicyDocument::saveAndLoadRoundTrip()
{
    PolicyDocument doc;
    CorsDocument d;
    PyValue splice = PyValue::defaultHeaders();
    splice.setStarred(true);
    d.policy.setValue(SettingId::AllowHeaders, PyValue::tuple({splice, PyValue::str(u"x"_s)}));
    d.policy.setValue(SettingId::AllowedOrigins, PyValue::str(u"https://bare.example"_s));
    d.policy.setValue(SettingId::AllowCredentials, PyValue::str(u"yes"_s));
    d.policy.setValue(SettingId::UrlsRegex, PyValue::pattern(u"^/api"_s, PyReFlag::IgnoreCase));
    d.policy.setProfile(Profile::V3_14);
    doc.reset(d);
    const QString path = m_dir.filePath(u"round.cors.yaml"_s);
    QString error;
    QVERIFY2(doc.save(path, &error), qPrintable(error));
    const DocumentFileResult read = readDocumentFile(path);
    QVERIFY2(read.ok, qPrintable(read.errorString));
    QVERIFY(!read.imported);
    QCOMPARE(read.document, d);
}

void tst_PolicyDocument::importedSettingsSaveAsYaml()
{
    const QString py = m_dir.filePath(u"settings.py"_s);
    QFile file(py);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("CORS_ALLOWED_ORIGINS = ['https://a.example']\nDEBUG = True\n");
    file.close();
    const DocumentFileResult read = readDocumentFile(py);
    QVERIFY(read.ok);
    QVERIFY(read.imported);
    QVERIFY(!read.messages.isEmpty());
    PolicyDocument doc;
    doc.reset(read.document, QString(), py);
    QVERIFY(doc.isUntitled());
    QCOMPARE(doc.displayName(), u"settings.py (imported)"_s);
}

void tst_PolicyDocument::autosaveWritesAfterTheDelay()
{
    PolicyDocument doc;
    doc.setAutosaveDelay(30);
    QSignalSpy autosaved(&doc, &PolicyDocument::autosaved);
    for (int i = 0; i < 3; ++i)
        doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::PreflightMaxAge,
                                                    PyValue::integer(60 + i), u"Set"_s));
    QVERIFY(!doc.hasRecoveryFile());
    QVERIFY(autosaved.wait(2000));
    // Debounced: three quick edits, one write.
    QTest::qWait(100);
    QCOMPARE(autosaved.size(), 1);
    QVERIFY(doc.hasRecoveryFile());
    const DocumentFileResult copy = readDocumentFile(doc.recoveryFilePath());
    QVERIFY2(copy.ok, qPrintable(copy.errorString));
    QCOMPARE(copy.document, doc.document());
}

void tst_PolicyDocument::autosaveCopyGoesWhenClean()
{
    PolicyDocument doc;
    doc.setAutosaveDelay(10);
    doc.undoStack()->push(
            new SetSettingCommand(&doc, SettingId::PreflightMaxAge, PyValue::integer(5), u"Set"_s));
    QTRY_VERIFY(doc.hasRecoveryFile());
    const QString copy = doc.recoveryFilePath();
    doc.undoStack()->undo();
    QVERIFY(!QFileInfo::exists(copy));

    doc.undoStack()->redo();
    QTRY_VERIFY(doc.hasRecoveryFile());
    QString error;
    QVERIFY(doc.save(m_dir.filePath(u"saved.cors.yaml"_s), &error));
    QVERIFY(!doc.hasRecoveryFile());
    QVERIFY(RecoveryFile::findLeftovers().isEmpty());
}

void tst_PolicyDocument::crashLeavesARecoverableCopy()
{
    CorsDocument edited;
    {
        auto *doc = new PolicyDocument;
        doc->reset(CorsDocument {}, m_dir.filePath(u"work.cors.yaml"_s));
        doc->undoStack()->push(new InsertEntriesCommand(doc, SettingId::AllowedOrigins, 0,
                                                        {PyValue::str(u"https://x"_s)}));
        QVERIFY(doc->flushAutosave());
        edited = doc->document();
        doc->simulateCrash();
        delete doc;
    }
    const QList<RecoveryLeftover> leftovers = RecoveryFile::findLeftovers();
    QCOMPARE(leftovers.size(), 1);
    QCOMPARE(leftovers.first().info.filePath, m_dir.filePath(u"work.cors.yaml"_s));

    PolicyDocument recovered;
    QString error;
    QVERIFY2(recovered.recover(leftovers.first(), &error), qPrintable(error));
    QCOMPARE(recovered.document(), edited);
    QVERIFY(recovered.isModified());
    QCOMPARE(recovered.filePath(), m_dir.filePath(u"work.cors.yaml"_s));
    // The leftover is gone, and the recovered work is safe under this session's own copy.
    QVERIFY(!QFileInfo::exists(leftovers.first().documentPath));
    QVERIFY(recovered.hasRecoveryFile());
    QVERIFY(RecoveryFile::findLeftovers().isEmpty());
}

void tst_PolicyDocument::runningSessionIsNotALeftover()
{
    PolicyDocument doc;
    doc.undoStack()->push(new SetSettingCommand(&doc, SettingId::AllowCredentials,
                                                PyValue::boolean(true), u"Set"_s));
    QVERIFY(doc.flushAutosave());
    QVERIFY(RecoveryFile::findLeftovers().isEmpty());
}

QTEST_GUILESS_MAIN(tst_PolicyDocument)
#include "tst_policydocument.moc"
