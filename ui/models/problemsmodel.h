// SPDX-License-Identifier: MIT
#pragma once

#include "checks/entryvalidation.h"
#include "lint/finding.h"
#include "policy/policy.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace Cors {

class PolicyDocument;

/**
 * The Problems panel: the security linter's findings on the document (PolicyDocument::findings):
 * django-cors-headers' system checks (corsheaders.E0xx, exactly as `manage.py check` reports
 * them), core's per-entry validation (an upper-case host, an invalid regex, a forbidden header
 * name, ...) and the linter's own rules (an unanchored regex, credentials with a wildcard, ...),
 * errors first. Recomputed after every change of the document.
 */
class ProblemsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { CodeColumn, SettingColumn, MessageColumn, ColumnCount };
    enum Role {
        /** int: the SettingId the problem is about, -1 for none. */
        SettingRole = Qt::UserRole + 1,
        /** int: the resolved entry index in that setting, -1 for the whole setting. */
        EntryRole,
        /** int: EntryIssue::Severity. */
        SeverityRole,
        /** bool: the finding carries an edit that fixes it (applyFix). */
        HasFixRole,
        /** QString: the deployment's Django setting the problem is about, or empty. */
        DjangoSettingRole,
    };

    struct Problem
    {
        EntryIssue::Severity severity = EntryIssue::Severity::Error;
        /** "corsheaders.E014" for checks, the linter's rule id otherwise ("regex-unanchored-end"). */
        QString code;
        std::optional<SettingId> setting;
        /**
         * A Django setting of the deployment the problem is about ("MIDDLEWARE"), when it is
         * not a CORS setting of the policy; edited in the Deployment group.
         */
        QString djangoSetting;
        int entry = -1;
        QString message;
        QString hint;
        /** From Django's system checks (otherwise from CORS Studio's linter). */
        bool djangoCheck = false;
        /** What to do, in words. */
        QString fixText;
        /** The edits that fix it, applied together as one undo step; may be empty. */
        QList<PolicyFix> fixes;
        /** An origin the policy admits by mistake, checked against the engine. */
        QString attackerOrigin;
        QString attackRequest;
    };

    /** A linter finding as a problem of the panel. */
    static Problem fromFinding(const Finding &finding);
    /** Finding::Severity as the editor's severity (the same three levels). */
    static EntryIssue::Severity severityOf(Finding::Severity severity);

    explicit ProblemsModel(PolicyDocument *document, QObject *parent = nullptr);

    const Problem &problem(int row) const { return m_problems.at(row); }
    int count(EntryIssue::Severity severity) const;
    /** Recomputes (done automatically after every change of the document). */
    void refresh();
    /**
     * Rows among which the widest cell of @p column is (Code, Setting), one per kind of text
     * the column shows: a view measures these instead of every row.
     */
    QList<int> widestRows(int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    void countsChanged();

private:
    PolicyDocument *m_document;
    QList<Problem> m_problems;
};

} // namespace Cors
