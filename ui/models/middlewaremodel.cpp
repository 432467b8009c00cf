// SPDX-License-Identifier: MIT
#include "models/middlewaremodel.h"

#include "commands/deploymentcommands.h"
#include "document/policydocument.h"
#include "stack/djangostack.h"

#include <QMimeData>
#include <QPalette>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

constexpr auto rowMimeType = "application/x-cors-studio-middleware-row"_L1;

} // namespace

MiddlewareModel::MiddlewareModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(m_document, &PolicyDocument::deploymentChanged, this, &MiddlewareModel::reload);
    connect(m_document, &PolicyDocument::documentReset, this, &MiddlewareModel::reload);
    // The descriptions depend on the Django release the profile targets.
    connect(m_document, &PolicyDocument::profileChanged, this, [this] {
        if (!m_middleware.isEmpty())
            emit dataChanged(index(0, EffectColumn), index(rowCount() - 1, EffectColumn));
    });
    reload();
}

void MiddlewareModel::reload()
{
    const auto &deployment = m_document->document().deployment;
    const QStringList middleware = deployment ? deployment->settings.middleware : QStringList();
    if (middleware == m_middleware)
        return;
    beginResetModel();
    m_middleware = middleware;
    endResetModel();
}

void MiddlewareModel::apply(const QStringList &middleware, const QString &text)
{
    std::optional<Deployment> deployment = m_document->document().deployment;
    if (!deployment || deployment->settings.middleware == middleware)
        return;
    deployment->settings.middleware = middleware;
    m_document->undoStack()->push(new SetDeploymentCommand(m_document, deployment, text));
}

void MiddlewareModel::move(int from, int to)
{
    if (from < 0 || from >= m_middleware.size() || to < 0 || to >= m_middleware.size()
        || from == to)
        return;
    QStringList middleware = m_middleware;
    middleware.move(from, to);
    apply(middleware,
          tr("Move %1 %2")
                  .arg(middlewareClassName(m_middleware.at(from)),
                       to < from ? tr("up") : tr("down")));
}

void MiddlewareModel::insert(const QString &dottedPath, int row)
{
    QStringList middleware = m_middleware;
    middleware.insert(row < 0 || row > middleware.size() ? middleware.size() : row, dottedPath);
    apply(middleware, tr("Add %1").arg(middlewareClassName(dottedPath)));
}

void MiddlewareModel::remove(int row)
{
    if (row < 0 || row >= m_middleware.size())
        return;
    QStringList middleware = m_middleware;
    middleware.removeAt(row);
    apply(middleware, tr("Remove %1").arg(middlewareClassName(m_middleware.at(row))));
}

int MiddlewareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_middleware.size());
}

int MiddlewareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MiddlewareModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_middleware.size())
        return {};
    const QString &path = m_middleware.at(index.row());
    const MiddlewareKind kind = middlewareKind(path);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == ClassColumn)
            return middlewareClassName(path);
        return kind == MiddlewareKind::Unknown
                ? tr("Not modelled: passed through unchanged; what it does is not shown.")
                : middlewareDescription(kind, m_document->profile());
    case Qt::ToolTipRole:
        return index.column() == ClassColumn ? path : data(index, Qt::DisplayRole);
    case Qt::ForegroundRole:
        if (kind == MiddlewareKind::Unknown)
            return QPalette().brush(QPalette::PlaceholderText);
        return {};
    case Qt::AccessibleDescriptionRole:
        return data(index.siblingAtColumn(EffectColumn), Qt::DisplayRole);
    case PathRole:
        return path;
    case ModelledRole:
        return kind != MiddlewareKind::Unknown;
    default:
        return {};
    }
}

QVariant MiddlewareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return QString::number(section + 1);
    return section == ClassColumn ? tr("Middleware") : tr("What it does to CORS requests");
}

Qt::ItemFlags MiddlewareModel::flags(const QModelIndex &index) const
{
    // Drops land between rows only: dropping onto a row would mean "replace it".
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
}

Qt::DropActions MiddlewareModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList MiddlewareModel::mimeTypes() const
{
    return {rowMimeType};
}

QMimeData *MiddlewareModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(rowMimeType, QByteArray::number(indexes.first().row()));
    data->setText(m_middleware.value(indexes.first().row()));
    return data;
}

bool MiddlewareModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row,
                                   int column, const QModelIndex &parent)
{
    Q_UNUSED(column);
    if (action != Qt::MoveAction || !data || !data->hasFormat(rowMimeType))
        return false;
    bool ok = false;
    const int from = data->data(rowMimeType).toInt(&ok);
    if (!ok || from < 0 || from >= m_middleware.size())
        return false;
    int before = row >= 0 ? row : parent.isValid() ? parent.row() : int(m_middleware.size());
    // "Before row N" counts the dragged row itself when it sits above N.
    const int to = before > from ? before - 1 : before;
    move(from, qBound(0, to, int(m_middleware.size()) - 1));
    // The move is an undo command that reloads the rows; the view must not remove the source.
    return false;
}

} // namespace Cors
