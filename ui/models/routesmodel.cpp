// SPDX-License-Identifier: MIT
#include "models/routesmodel.h"

#include "commands/deploymentcommands.h"
#include "document/policydocument.h"
#include "document/proxysite.h"
#include "nginx/nginxroutes.h"

#include <QFileInfo>
#include <QPalette>
#include <QRegularExpression>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

const QStringList authenticationNames = {u"session"_s, u"token"_s, u"basic"_s};

QString viewToolTip(ViewKind kind)
{
    switch (kind) {
    case ViewKind::Ok:
        return RoutesModel::tr("A function view answering 200 to every method; CSRF applies.");
    case ViewKind::CsrfExempt:
        return RoutesModel::tr("The same view, decorated with @csrf_exempt.");
    case ViewKind::LoginRequired:
        return RoutesModel::tr("The same view, decorated with @login_required: anonymous "
                               "requests are redirected to LOGIN_URL.");
    case ViewKind::Error:
        return RoutesModel::tr("A view that raises: Django answers 500.");
    case ViewKind::Drf:
        return RoutesModel::tr("A Django REST framework APIView with its authentication and "
                               "permission classes.");
    }
    return {};
}

} // namespace

RoutesModel::RoutesModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(m_document, &PolicyDocument::deploymentChanged, this, &RoutesModel::reload);
    connect(m_document, &PolicyDocument::documentReset, this, &RoutesModel::reload);
    reload();
}

QStringList RoutesModel::viewChoices()
{
    return {u"ok"_s, u"csrf_exempt"_s, u"login_required"_s, u"error"_s, u"drf"_s};
}

QStringList RoutesModel::permissionChoices()
{
    return {QString(), u"allow_any"_s, u"is_authenticated"_s};
}

void RoutesModel::setProxySite(ProxySite *proxy)
{
    m_proxy = proxy;
    connect(proxy, &ProxySite::changed, this, [this] {
        updateServing();
        if (!m_routes.isEmpty())
            emit dataChanged(index(0, NginxColumn), index(rowCount() - 1, NginxColumn));
    });
    updateServing();
}

bool RoutesModel::hasProxy() const
{
    return m_proxy && m_proxy->site();
}

void RoutesModel::updateServing()
{
    m_serving.clear();
    m_servingToolTips.clear();
    const std::shared_ptr<const NginxSite> site = m_proxy ? m_proxy->site() : nullptr;
    for (const Route &route : std::as_const(m_routes)) {
        if (!site) {
            m_serving.append(u"\u2014"_s);
            m_servingToolTips.append(
                    m_proxy && !m_proxy->error().isEmpty()
                            ? m_proxy->error()
                            : tr("The document names no nginx configuration (proxy:)."));
            continue;
        }
        const NginxRouteServing serving = nginxServing(*site, route.path);
        m_serving.append(nginxServingText(serving, QFileInfo(m_proxy->path()).absolutePath()));
        m_servingToolTips.append(
                tr("What nginx does with GET %1: %2").arg(serving.path, nginxServingText(serving)));
    }
}

void RoutesModel::reload()
{
    const auto &deployment = m_document->document().deployment;
    const QList<Route> routes = deployment ? deployment->routes : QList<Route>();
    if (routes == m_routes)
        return;
    // Same rows, other values (an edit in place): keep the view's current row and editor.
    if (routes.size() == m_routes.size()) {
        m_routes = routes;
        updateServing();
        if (!m_routes.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_routes = routes;
    updateServing();
    endResetModel();
}

void RoutesModel::apply(const QList<Route> &routes, const QString &text)
{
    std::optional<Deployment> deployment = m_document->document().deployment;
    if (!deployment || deployment->routes == routes)
        return;
    deployment->routes = routes;
    m_document->undoStack()->push(new SetDeploymentCommand(m_document, deployment, text));
}

int RoutesModel::append(const QString &path)
{
    QList<Route> routes = m_routes;
    routes.append(Route {path, ViewKind::Ok, std::nullopt, std::nullopt});
    apply(routes, tr("Add route %1").arg(path));
    return int(m_routes.size()) - 1;
}

void RoutesModel::remove(int row)
{
    if (row < 0 || row >= m_routes.size())
        return;
    QList<Route> routes = m_routes;
    routes.removeAt(row);
    apply(routes, tr("Remove route %1").arg(m_routes.at(row).path));
}

int RoutesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_routes.size());
}

int RoutesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RoutesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_routes.size())
        return {};
    const Route &route = m_routes.at(index.row());
    const bool drf = route.view == ViewKind::Drf;
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case PathColumn:
            return route.path.isEmpty() && role == Qt::DisplayRole ? tr("(the site root)")
                                                                   : route.path;
        case ViewColumn:
            return viewKindName(route.view);
        case AuthenticationColumn:
            if (!drf)
                return role == Qt::DisplayRole ? u"\u2014"_s : QString();
            if (!route.authentication)
                return role == Qt::DisplayRole ? tr("default") : QString();
            return route.authentication->join(u", "_s);
        case PermissionColumn:
            if (!drf)
                return role == Qt::DisplayRole ? u"\u2014"_s : QString();
            if (!route.permission)
                return role == Qt::DisplayRole ? tr("default") : QString();
            return *route.permission;
        case NginxColumn:
            return m_serving.value(index.row());
        }
    }
    if (index.column() == NginxColumn) {
        if (role == Qt::ToolTipRole)
            return m_servingToolTips.value(index.row());
        if (role == Qt::ForegroundRole && !hasProxy())
            return QPalette().brush(QPalette::PlaceholderText);
        return {};
    }
    if (role == Qt::ForegroundRole) {
        const bool placeholder = (index.column() == PathColumn && route.path.isEmpty())
                || (index.column() == AuthenticationColumn && (!drf || !route.authentication))
                || (index.column() == PermissionColumn && (!drf || !route.permission));
        if (placeholder)
            return QPalette().brush(QPalette::PlaceholderText);
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case PathColumn:
            return tr("A Django path() pattern without the leading slash, e.g. "
                      "api/items/<int:pk>/");
        case ViewColumn:
            return viewToolTip(route.view);
        case AuthenticationColumn:
            return tr("session, token, basic in the order DRF tries them; blank for "
                      "REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES.");
        case PermissionColumn:
            return tr("allow_any or is_authenticated; blank for REST_FRAMEWORK's "
                      "DEFAULT_PERMISSION_CLASSES.");
        }
    }
    return {};
}

bool RoutesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.row() >= m_routes.size())
        return false;
    QList<Route> routes = m_routes;
    Route &route = routes[index.row()];
    const QString text = value.toString().trimmed();
    switch (index.column()) {
    case PathColumn:
        route.path = text.startsWith(u'/') ? text.mid(1) : text;
        break;
    case ViewColumn: {
        const std::optional<ViewKind> kind = viewKindFromName(text);
        if (!kind)
            return false;
        route.view = *kind;
        if (*kind != ViewKind::Drf) {
            route.authentication.reset();
            route.permission.reset();
        }
        break;
    }
    case AuthenticationColumn: {
        if (text.isEmpty()) {
            route.authentication.reset();
            break;
        }
        QStringList names;
        for (const QString &part :
             text.split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts)) {
            const QString name = part.toLower();
            if (!authenticationNames.contains(name))
                return false;
            names.append(name);
        }
        route.authentication = names;
        break;
    }
    case PermissionColumn:
        if (text.isEmpty())
            route.permission.reset();
        else if (permissionChoices().contains(text))
            route.permission = text;
        else
            return false;
        break;
    }
    if (routes == m_routes)
        return true;
    apply(routes,
          tr("Edit route %1")
                  .arg(m_routes.at(index.row()).path.isEmpty() ? tr("(the site root)")
                                                               : m_routes.at(index.row()).path));
    return true;
}

QVariant RoutesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PathColumn:
        return tr("Path");
    case ViewColumn:
        return tr("View");
    case AuthenticationColumn:
        return tr("Authentication");
    case PermissionColumn:
        return tr("Permission");
    case NginxColumn:
        return tr("nginx");
    }
    return {};
}

Qt::ItemFlags RoutesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_routes.size())
        return Qt::NoItemFlags;
    const bool drfOnly
            = index.column() == AuthenticationColumn || index.column() == PermissionColumn;
    const bool editable = index.column() != NginxColumn
            && (!drfOnly || m_routes.at(index.row()).view == ViewKind::Drf);
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable
            | (editable ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

} // namespace Cors
