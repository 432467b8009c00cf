// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

namespace Cors {

class PolicyDocument;

/**
 * The deployment's MIDDLEWARE in order: each class and what it does to CORS requests (core's
 * middleware catalog, for the document's Django), "not modelled" for classes the stack passes
 * through. Rows are reordered by dragging or with move(); each change is one undo step on the
 * document.
 */
class MiddlewareModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ClassColumn, EffectColumn, ColumnCount };
    enum Role {
        /** QString: the dotted path as written in MIDDLEWARE. */
        PathRole = Qt::UserRole + 1,
        /** bool: the stack models the class (false: passed through). */
        ModelledRole,
    };

    explicit MiddlewareModel(PolicyDocument *document, QObject *parent = nullptr);

    /** Moves the row at @p from to position @p to (the row index it has afterwards). */
    void move(int from, int to);
    /** Inserts a dotted path at @p row (the end for -1). */
    void insert(const QString &dottedPath, int row = -1);
    void remove(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

private:
    PolicyDocument *m_document;
    QStringList m_middleware;

    void reload();
    void apply(const QStringList &middleware, const QString &text);
};

} // namespace Cors
