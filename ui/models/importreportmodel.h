// SPDX-License-Identifier: MIT
#pragma once

#include "python/settingsreader.h"

#include <QAbstractTableModel>
#include <QList>

namespace Cors {

/** The import report of a settings.py: one row per message of core's settings reader. */
class ImportReportModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { LineColumn, SeverityColumn, MessageColumn, ColumnCount };

    explicit ImportReportModel(QObject *parent = nullptr);

    void setMessages(const QList<SettingsMessage> &messages);
    /**
     * The CORS settings that could not be read, listed first as errors with their lines:
     * the policy does not show them and no finding covers them.
     */
    void setUnread(const QList<UnreadSetting> &unread);
    const QList<SettingsMessage> &messages() const { return m_messages; }
    /** Messages of @p severity. */
    int count(SettingsMessage::Severity severity) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QList<SettingsMessage> m_messages; // the unread settings first, then the reader's messages
    qsizetype m_unreadRows = 0;
};

} // namespace Cors
