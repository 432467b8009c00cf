// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QAbstractTableModel>

namespace Cors {

/** Editable name/value rows of an HTTP header list (request headers, the endpoint's headers). */
class HeaderTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ValueColumn, ColumnCount };

    explicit HeaderTableModel(QObject *parent = nullptr);

    /** The rows with a name; rows still being filled in (empty name) are left out. */
    HttpHeaders headers() const;
    void setHeaders(const HttpHeaders &headers);
    /** Appends an empty row and returns its index (name column). */
    QModelIndex appendRow();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

signals:
    /** The header list changed by editing (not by setHeaders). */
    void edited();

private:
    HttpHeaders m_rows;
};

} // namespace Cors
