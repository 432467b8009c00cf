// SPDX-License-Identifier: MIT
#pragma once

#include "stack/deployment.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace Cors {

class ListTextEdit;
class MiddlewareModel;
class PolicyDocument;
class ProxySite;
class RoutesModel;

/**
 * The Deployment group: the Django stack around CorsMiddleware. Switched off, the simulator
 * runs CorsMiddleware alone behind a view that answers 200 (the policy alone); switched on, the
 * middleware list in MIDDLEWARE order (drag or Alt+Up/Down to reorder; each known class says
 * what it does to CORS requests), the Django settings the stack reads, the routes the URLconf
 * serves and who is logged in. Every change is one undo step on the document.
 */
class DeploymentEditor : public QWidget
{
    Q_OBJECT

public:
    explicit DeploymentEditor(PolicyDocument *document, QWidget *parent = nullptr);

    /** Focuses the field of a Django setting ("MIDDLEWARE", "APPEND_SLASH"); false if none. */
    bool focusSetting(const QString &name);

    QPushButton *enableButton() const { return m_enable; }
    QTableView *middlewareView() const { return m_middlewareView; }
    MiddlewareModel *middlewareModel() const { return m_middleware; }
    QTableView *routesView() const { return m_routesView; }
    RoutesModel *routesModel() const { return m_routes; }
    /** The document's nginx configuration: the routes show which location serves each. */
    void setProxySite(ProxySite *proxy);
    QComboBox *middlewareInput() const { return m_middlewareInput; }
    /** The field editing a Django setting, by name ("ALLOWED_HOSTS"). */
    QWidget *settingWidget(const QString &name) const { return m_settingWidgets.value(name); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /** A field of the settings form: how it shows the deployment and how an edit changes it. */
    struct Binding
    {
        std::function<void()> show;
    };

    PolicyDocument *m_document;
    QLabel *m_summary;
    QPushButton *m_enable;
    QPushButton *m_disable;
    QLabel *m_startupErrors;
    QWidget *m_body;
    MiddlewareModel *m_middleware;
    QTableView *m_middlewareView;
    QComboBox *m_middlewareInput;
    QToolButton *m_addMiddleware;
    QToolButton *m_removeMiddleware;
    QToolButton *m_upMiddleware;
    QToolButton *m_downMiddleware;
    RoutesModel *m_routes;
    QTableView *m_routesView;
    QLineEdit *m_routeInput;
    QToolButton *m_addRoute;
    QToolButton *m_removeRoute;
    QHash<QString, QWidget *> m_settingWidgets;
    QList<Binding> m_bindings;
    bool m_showing = false;

    QWidget *buildMiddlewareSection();
    QWidget *buildSettingsSection();
    QWidget *buildRoutesSection();
    QWidget *buildIdentitiesSection();

    /** Applies @p change to a copy of the deployment and pushes it as one undo step. */
    void edit(const QString &text, const std::function<void(Deployment &)> &change);
    void addBool(QWidget *parent, QFormLayout *form, const QString &name, const QString &label,
                 bool StackSettings::*member);
    void addText(QWidget *parent, QFormLayout *form, const QString &name,
                 const QString &placeholder, QString StackSettings::*member);
    void addOptionalText(QWidget *parent, QFormLayout *form, const QString &name,
                         const QString &placeholder, std::optional<QString> StackSettings::*member);
    void addList(QWidget *parent, QFormLayout *form, const QString &name, const QString &label,
                 const QString &placeholder, const std::function<QStringList &(Deployment &)> &get);
    QLabel *settingLabel(const QString &name, QWidget *buddy);

    void refresh();
    void updateMiddlewareButtons();
    void moveMiddleware(int delta);
    void addMiddlewareFromInput();
    void addRouteFromInput();
    void fitTable(QTableView *view);
};

} // namespace Cors
