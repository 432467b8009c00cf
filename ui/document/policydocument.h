// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"
#include "lint/finding.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QFileSystemWatcher;
class QTimer;
class QUndoStack;

namespace Cors {

class BackgroundJob;
class RecoveryFile;
struct RecoveryLeftover;

/**
 * The open document: a CorsDocument (policy and saved scenarios), its undo stack, the file it
 * saves to, and its autosave copy. `modified` is the undo stack's clean state.
 *
 * Every edit goes through a command on undoStack(); the commands call the narrow mutators below,
 * which emit fine-grained signals for the models (about-to / done pairs for row changes), then
 * changed().
 *
 * A settings.py is imported: the document is then untitled-with-source (importedFrom()), and
 * saving asks for a *.cors.yaml; the settings module is never written.
 */
class PolicyDocument : public QObject
{
    Q_OBJECT

public:
    explicit PolicyDocument(QObject *parent = nullptr);
    ~PolicyDocument() override;

    const CorsDocument &document() const { return m_document; }
    const Policy &policy() const { return m_document.policy; }
    Profile profile() const { return m_document.policy.profile(); }
    QUndoStack *undoStack() const { return m_undoStack; }

    /** The *.cors.yaml the document saves to; empty while untitled. */
    QString filePath() const { return m_filePath; }
    /** The settings.py the document was imported from, if any. */
    QString importedFrom() const { return m_importedFrom; }
    bool isUntitled() const { return m_filePath.isEmpty(); }
    /** "policy.cors.yaml", "settings.py (imported)", "Untitled". */
    QString displayName() const;
    bool isModified() const;

    /** Replaces everything (New, Open): clears the undo stack; the document is then clean. */
    void reset(const CorsDocument &document, const QString &filePath = {},
               const QString &importedFrom = {}, const QString &displayName = {});
    /** Writes a *.cors.yaml; on success the document is clean and saves to @p path from now on. */
    bool save(const QString &path, QString *error);
    /** Opens a leftover autosave copy: the document is then modified (it was never saved). */
    bool recover(const RecoveryLeftover &leftover, QString *error);

    /**
     * The security linter's findings (django-cors-headers' checks, the per-entry validation and
     * the linter's own rules), shared by the Problems panel and the rows that show them. The
     * linter runs on a copy of the document off the GUI thread after every change: until it
     * lands (findingsChanged), these are the findings of an earlier version and
     * findingsCurrent() is false.
     */
    const QList<Finding> &findings() const { return m_findings; }
    bool findingsCurrent() const { return m_findingsCurrent; }
    /** The job that runs the linter (tests: the thread it ran on). */
    BackgroundJob *lintJob() const { return m_lintJob; }

    /**
     * The setting a field edits: the current name, or its legacy alias when only the alias is
     * defined (the field then shows and edits that name).
     */
    SettingId editedSetting(SettingId field) const;

    /** Typing merges into one undo step until the field loses focus (endTypingSession). */
    int typingSession() const { return m_typingSession; }
    void endTypingSession() { ++m_typingSession; }

    // Mutators: for undo commands only.
    void setSettingValue(SettingId id, const std::optional<PyValue> &value);
    /** The setting must hold a list or tuple. */
    void insertEntries(SettingId id, int row, const QList<PyValue> &values);
    void removeEntries(SettingId id, int row, int count);
    void moveEntry(SettingId id, int from, int to);
    void setEntry(SettingId id, int row, const PyValue &value);
    void setProfile(Profile profile);
    /** Replaces the Django stack around the middleware (nullopt: CorsMiddleware alone). */
    void setDeployment(const std::optional<Deployment> &deployment);
    /** Who answers CORS (deploymentChanged() and changed() follow, as for the deployment). */
    void setCorsLayer(CorsLayer layer);
    /** Replaces the saved scenarios (the simulator panel's undo commands). */
    void setScenarios(const QList<SavedScenario> &scenarios);

    /** Autosave: a copy is written this long after the last edit (default from Settings). */
    void setAutosaveDelay(int milliseconds);
    int autosaveDelay() const;
    /** Whether an edit waits for its autosave copy (the delay is running). */
    bool autosavePending() const;
    /** Writes the autosave copy now if one is pending; returns whether a copy exists. */
    bool flushAutosave();
    QString recoveryFilePath() const;
    bool hasRecoveryFile() const;
    /** Leaves the autosave copy behind as a crash would (tests, never in normal use). */
    void simulateCrash();

    /**
     * After the file changed on disk: keep the open version, which then counts as unsaved (the
     * file no longer holds it).
     */
    void keepOwnVersion();

signals:
    void settingAboutToBeReplaced(Cors::SettingId id);
    void settingReplaced(Cors::SettingId id);
    void entriesAboutToBeInserted(Cors::SettingId id, int first, int last);
    void entriesInserted(Cors::SettingId id, int first, int last);
    void entriesAboutToBeRemoved(Cors::SettingId id, int first, int last);
    void entriesRemoved(Cors::SettingId id, int first, int last);
    void entryAboutToBeMoved(Cors::SettingId id, int from, int to);
    void entryMoved(Cors::SettingId id, int from, int to);
    void entryChanged(Cors::SettingId id, int row);
    void profileChanged(Cors::Profile profile);
    /** The deployment changed (changed() follows: findings and simulations depend on it). */
    void deploymentChanged();
    /** The saved scenarios changed; the policy did not (changed() is not emitted). */
    void scenariosChanged();
    /** Before/after reset(): everything may have changed. */
    void aboutToBeReset();
    void documentReset();
    /** After any change of the policy (edits, undo/redo, reset). */
    void changed();
    /** The linter's findings on the current policy have landed. */
    void findingsChanged();
    void modifiedChanged(bool modified);
    /** The file path, the imported-from path or the display name changed. */
    void fileChanged();
    /** An autosave copy was written. */
    void autosaved();
    /** Another program changed the file the document saves to (its content differs now). */
    void fileChangedOnDisk();
    /** Another program deleted or moved the file the document saves to. */
    void fileRemovedOnDisk();

private:
    CorsDocument m_document;
    QUndoStack *m_undoStack;
    QString m_filePath;
    QString m_importedFrom;
    QString m_displayName;
    int m_typingSession = 0;
    bool m_wasModified = false;
    QList<Finding> m_findings;
    bool m_findingsCurrent = false;
    BackgroundJob *m_lintJob;

    QTimer *m_autosaveTimer;
    QFileSystemWatcher *m_watcher;
    QTimer *m_diskCheck;
    /** What the file held when the document last read or wrote it. */
    QByteArray m_diskContent;
    bool m_diskMissing = false;
    std::unique_ptr<RecoveryFile> m_recovery;

    void relint();
    void updateJobConcurrency();
    PyValue &mutableList(SettingId id);
    void updateModified();
    void scheduleAutosave();
    bool writeAutosave();
    void watchFile();
    void checkDisk();
};

} // namespace Cors
