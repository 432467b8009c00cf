// SPDX-License-Identifier: MIT
#pragma once

#include "checks/entryvalidation.h"
#include "policy/policy.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace Cors {

class BackgroundJob;
class PolicyDocument;

/**
 * The rows of one list setting (origins, origin patterns, methods, headers, CSRF origins), with
 * core's per-entry validation and the security linter's findings on each row. Edits (setData, insertRows, removeRows, moveRows and
 * the helpers below) push undo commands; the rows follow the document's signals.
 *
 * The model is built for a field (the current name): when only the legacy alias is defined it
 * shows and edits that one. While the setting is unset the rows show the profile's default
 * (italic, DefaultRole); the first edit sets the setting. A value the rows cannot show (a bare
 * string, a set) gives no rows and isRowList() false: the editor shows it as Python.
 */
class SettingListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { EntryColumn, IssueColumn, ColumnCount };
    enum Role {
        /** int: the worst EntryIssue::Severity of the row, -1 for none. */
        SeverityRole = Qt::UserRole + 1,
        /** QStringList: every issue message of the row. */
        IssueMessagesRole,
        /** QStringList: the issue codes ("trailing-slash", ...). */
        IssueCodesRole,
        /** int: UTF-16 index in the entry text where the error is (regex errors), or -1. */
        ErrorPositionRole,
        /** bool: a `*default_headers`-style splice. */
        SpliceRole,
        /** bool: the row shows the default (the setting is unset). */
        DefaultRole,
    };

    SettingListModel(PolicyDocument *document, SettingId field, QObject *parent = nullptr);

    PolicyDocument *document() const { return m_document; }
    /** Validates the whole list (duplicates) after an edit, off the GUI thread. */
    BackgroundJob *validationJob() const { return m_validationJob; }
    SettingId field() const { return m_field; }
    /** The setting the rows belong to (the field or its legacy alias). */
    SettingId setting() const { return m_setting; }
    bool isDefault() const { return m_default; }
    bool isRowList() const { return m_rowList; }
    /** The row that holds the resolved entry @p index (Django's and core's numbering), or -1. */
    int rowForEntry(int index) const;
    /** The first resolved entry of @p row. */
    int firstEntryOfRow(int row) const;
    int issueCount(EntryIssue::Severity severity) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    /** Inserts empty entries (one undo step). */
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    /** Moves one row (one undo step). */
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

    /** Inserts entries as strings at @p row (one undo step); false when there is nothing to add. */
    bool insertEntries(int row, const QStringList &texts);
    /** Removes any set of rows (one undo step). */
    bool removeEntryRows(const QList<int> &rows);
    /** Moves @p from so that it ends at @p to (one undo step). */
    bool moveEntry(int from, int to);

    /**
     * The entries in pasted text: one per line, surrounding whitespace, a trailing comma and
     * matching quotes taken off ("https://a.example", pasted from a Python list, gives
     * https://a.example); blank lines skipped.
     */
    static QStringList entriesFromText(const QString &text);

    /**
     * The rows' texts that may be the widest in a fixed-pitch font: the longest, and those at
     * least half as long (a wide character takes two columns), longest first, at most @p max.
     * Measuring these instead of every row keeps an edit in a 100,000-entry list cheap.
     */
    QStringList widestCandidates(int max) const;

signals:
    /** The rows' issues may have changed (after every change of the setting). */
    void issuesChanged();

private:
    struct Row
    {
        PyValue item;
        QString text;
        bool splice = false;
        int first = 0;
        int span = 1;
        QList<EntryIssue> validation; ///< core's per-entry validation, computed with the row
        QList<EntryIssue> lint;       ///< the linter's own findings, landed later
        QList<EntryIssue> issues;     ///< both, worst first
    };

    /** A row's issues, kept while the jobs run on the edited version. */
    struct Carried
    {
        QList<EntryIssue> validation;
        QList<EntryIssue> lint;
    };

    PolicyDocument *m_document;
    BackgroundJob *m_validationJob;
    SettingId m_field;
    SettingId m_setting;
    bool m_default = true;
    bool m_rowList = true;
    QList<Row> m_rows;
    bool m_resetting = false;
    bool m_hasSplices = false;

    bool concerns(SettingId id) const;
    static QString rowText(const PyValue &item);
    /** @p validateNow: the whole list now (reset, open); otherwise from the validation job. */
    void rebuild(bool validateNow);
    void revalidate();
    void validateRowAlone(int row);
    void applyValidation(const QList<EntryIssue> &issues);
    void addLinterFindings();
    QList<Carried> takeCarried() const;
    void restoreCarried(const QList<Carried> &carried);
    static void mergeIssues(Row &row);
    void beginReset();
    void endReset();
    void emitAllChanged();
    int worstSeverity(const Row &row) const;
};

} // namespace Cors
