// SPDX-License-Identifier: MIT
#pragma once

#include "server/corsengine.h"

#include <QAbstractTableModel>
#include <QIcon>

namespace Cors {

class BackgroundJob;
class PolicyDocument;

/**
 * The origin tester: for one Origin, every entry of the origin settings with the engine's verdict
 * (admits, refuses, raises) and its reason, plus the middleware's decision (summary()). Follows
 * the document: recomputed after every change.
 */
class OriginTesterModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { VerdictColumn, EntryColumn, ReasonColumn, ColumnCount };
    enum Role {
        SettingRole = Qt::UserRole + 1, ///< int SettingId of the entry
        EntryRole,                      ///< int: the entry's index in that setting
        AdmitsRole,                     ///< bool
        RaisesRole,                     ///< bool
    };

    explicit OriginTesterModel(PolicyDocument *document, QObject *parent = nullptr);

    QString origin() const { return m_origin; }
    void setOrigin(const QString &origin);
    const OriginReport &report() const { return m_report; }
    /** The decision in one sentence, from the engine's explanation. */
    QString summary() const;
    bool isUpdating() const;
    /** The job that examines the origin (tests: the thread it ran on). */
    BackgroundJob *job() const { return m_job; }

    /** What the verdict column shows for an entry, and its icon. */
    static QString verdictText(bool raises, bool admits);
    static QIcon verdictIcon(bool raises, bool admits);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    void reportChanged();

private:
    PolicyDocument *m_document;
    QString m_origin;
    OriginReport m_report;
    BackgroundJob *m_job;

    void refresh();
    void showReport(const OriginReport &report);
};

} // namespace Cors
