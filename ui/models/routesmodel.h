// SPDX-License-Identifier: MIT
#pragma once

#include "stack/deployment.h"

#include <QAbstractTableModel>

namespace Cors {

class PolicyDocument;
class ProxySite;

/**
 * The deployment's routes (what the URLconf serves): a path() pattern, the view kind and, for a
 * Django REST framework view, its authentication and permission (blank: REST_FRAMEWORK's
 * defaults). Edits in place are undo steps on the document.
 */
class RoutesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PathColumn,
        ViewColumn,
        AuthenticationColumn,
        PermissionColumn,
        NginxColumn, ///< which location of the document's nginx serves the route (read-only)
        ColumnCount
    };

    explicit RoutesModel(PolicyDocument *document, QObject *parent = nullptr);

    /** The document's nginx configuration: the Nginx column follows it. */
    void setProxySite(ProxySite *proxy);
    bool hasProxy() const;

    /** Appends a route (an `ok` view) and returns its row. */
    int append(const QString &path);
    void remove(int row);

    /** The texts the View and Permission editors offer ("ok", "drf", ...; "" is the default). */
    static QStringList viewChoices();
    static QStringList permissionChoices();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    PolicyDocument *m_document;
    QList<Route> m_routes;
    ProxySite *m_proxy = nullptr;
    /** nginxServingText() per route, computed when the routes or the configuration change. */
    QStringList m_serving;
    QStringList m_servingToolTips;

    void updateServing();

    void reload();
    void apply(const QList<Route> &routes, const QString &text);
};

} // namespace Cors
