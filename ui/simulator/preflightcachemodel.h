// SPDX-License-Identifier: MIT
#pragma once

#include "browser/preflightcache.h"

#include <QAbstractTableModel>

namespace Cors {

/** The browser session's preflight cache entries, with the time each has left on its clock. */
class PreflightCacheModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        OriginColumn,
        UrlColumn,
        MethodsColumn,
        HeadersColumn,
        CredentialsColumn,
        ExpiresColumn,
        ColumnCount
    };

    explicit PreflightCacheModel(QObject *parent = nullptr);

    void setEntries(const QList<PreflightCacheEntry> &entries, qint64 nowMs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<PreflightCacheEntry> m_entries;
    qint64 m_nowMs = 0;
};

} // namespace Cors
