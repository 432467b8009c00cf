// SPDX-License-Identifier: MIT
#pragma once

#include "browser/crossbrowser.h"

#include <QAbstractTableModel>

namespace Cors {

/**
 * The side-by-side view of one request in every engine: a row per aspect (crossBrowserRows()),
 * a column per engine; the rows where the engines differ are marked.
 */
class CrossBrowserModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role { DiffersRole = Qt::UserRole + 1 };

    explicit CrossBrowserModel(QObject *parent = nullptr);

    void setResult(const CrossBrowserResult &result);
    void clear();
    const CrossBrowserResult &result() const { return m_result; }
    /** The rows shown (crossBrowserRows() of the result). */
    const QList<CrossBrowserRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    CrossBrowserResult m_result;
    QList<CrossBrowserRow> m_rows;
};

} // namespace Cors
