// SPDX-License-Identifier: MIT
#include "editor/deploymenteditor.h"

#include "commands/deploymentcommands.h"
#include "document/policydocument.h"
#include "document/proxysite.h"
#include "editor/listtextedit.h"
#include "icons.h"
#include "models/middlewaremodel.h"
#include "models/routesmodel.h"
#include "stack/djangostack.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

/** A section of the page: its bold title and the note under it; returns its layout. */
QVBoxLayout *startSection(QWidget *box, const QString &title, const QString &text)
{
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(sectionTitle(title, box));
    layout->addWidget(note(text, box));
    return layout;
}

QToolButton *toolButton(QWidget *parent, const QString &name, const QString &text,
                        const QString &toolTip, const QIcon &icon = {})
{
    auto *button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAccessibleName(toolTip);
    button->setIcon(icon);
    button->setToolButtonStyle(icon.isNull() ? Qt::ToolButtonTextOnly
                                             : Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

/** Offers the fixed choices of a column (the view kind, the permission) as a combo box. */
class ChoiceDelegate : public QStyledItemDelegate
{
public:
    ChoiceDelegate(QStringList choices, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_choices(std::move(choices))
    { }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &) const override
    {
        auto *box = new QComboBox(parent);
        for (const QString &choice : m_choices)
            box->addItem(choice.isEmpty() ? RoutesModel::tr("default") : choice, choice);
        // One click chooses: the edit is committed as soon as a choice is made.
        connect(box, &QComboBox::activated, this, [this, box] {
            auto *self = const_cast<ChoiceDelegate *>(this);
            emit self->commitData(box);
            emit self->closeEditor(box);
        });
        return box;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        auto *box = static_cast<QComboBox *>(editor);
        box->setCurrentIndex(qMax(0, box->findData(index.data(Qt::EditRole).toString())));
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QComboBox *>(editor)->currentData(), Qt::EditRole);
    }

private:
    QStringList m_choices;
};

/** What a Django setting does to cross-origin requests, for its field's tooltip. */
QString settingToolTip(const QString &name)
{
    if (name == u"DEBUG")
        return DeploymentEditor::tr("Django's technical 404 and 500 pages, and CommonMiddleware's "
                                    "RuntimeError for a POST, PUT or PATCH APPEND_SLASH would "
                                    "redirect (the body would be lost).");
    if (name == u"APPEND_SLASH")
        return DeploymentEditor::tr("CommonMiddleware redirects a URL no route matches to the "
                                    "same URL with a trailing slash when that one matches: a "
                                    "301 the browser refuses to follow for a preflight.");
    if (name == u"PREPEND_WWW")
        return DeploymentEditor::tr("CommonMiddleware redirects example.com to www.example.com.");
    if (name == u"SECURE_SSL_REDIRECT")
        return DeploymentEditor::tr("SecurityMiddleware answers plain-HTTP requests with a 301 "
                                    "to https, preflights too.");
    if (name == u"USE_X_FORWARDED_HOST")
        return DeploymentEditor::tr("The host Django checks against ALLOWED_HOSTS and redirects "
                                    "to comes from X-Forwarded-Host.");
    if (name == u"CSRF_USE_SESSIONS")
        return DeploymentEditor::tr("CsrfViewMiddleware keeps its secret in the session instead "
                                    "of the csrftoken cookie.");
    return {};
}

} // namespace

DeploymentEditor::DeploymentEditor(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_summary(new QLabel(this))
    , m_enable(new QPushButton(tr("Model the Django Stack"), this))
    , m_disable(new QPushButton(tr("Simulate CorsMiddleware Alone"), this))
    , m_startupErrors(new QLabel(this))
    , m_body(new QWidget(this))
    , m_middleware(new MiddlewareModel(document, this))
    , m_routes(new RoutesModel(document, this))
{
    setObjectName(u"deploymentEditor"_s);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(u"deploymentSummary"_s);
    m_enable->setObjectName(u"enableStack"_s);
    m_enable->setToolTip(tr("Start from django-admin startproject's MIDDLEWARE with "
                            "CorsMiddleware placed as django-cors-headers documents it"));
    m_disable->setObjectName(u"disableStack"_s);
    m_disable->setToolTip(tr("Forget the stack: the simulator runs CorsMiddleware behind a view "
                             "that answers 200"));
    m_startupErrors->setObjectName(u"stackStartupErrors"_s);
    m_startupErrors->setWordWrap(true);
    m_startupErrors->setTextFormat(Qt::PlainText);
    m_startupErrors->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_enable, &QPushButton::clicked, this, [this] {
        m_document->undoStack()->push(new SetDeploymentCommand(m_document, startprojectDeployment(),
                                                               tr("Model the Django stack")));
    });
    connect(m_disable, &QPushButton::clicked, this, [this] {
        m_document->undoStack()->push(new SetDeploymentCommand(
                m_document, std::nullopt, tr("Simulate CorsMiddleware alone")));
    });

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_enable);
    buttons->addWidget(m_disable);
    buttons->addStretch(1);

    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(22);
    body->addWidget(buildMiddlewareSection());
    body->addWidget(buildSettingsSection());
    body->addWidget(buildRoutesSection());
    body->addWidget(buildIdentitiesSection());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    layout->addWidget(m_startupErrors);
    layout->addWidget(m_body);

    connect(m_document, &PolicyDocument::changed, this, &DeploymentEditor::refresh);
    connect(m_document, &PolicyDocument::documentReset, this, &DeploymentEditor::refresh);
    refresh();
}

void DeploymentEditor::setProxySite(ProxySite *proxy)
{
    m_routes->setProxySite(proxy);
    const auto showColumn = [this] {
        m_routesView->setColumnHidden(RoutesModel::NginxColumn, !m_routes->hasProxy());
        fitTable(m_routesView);
    };
    connect(proxy, &ProxySite::changed, this, showColumn);
    showColumn();
}

QLabel *DeploymentEditor::settingLabel(const QString &name, QWidget *buddy)
{
    auto *label = new QLabel(u"<code>%1</code>"_s.arg(name), buddy->parentWidget());
    label->setBuddy(buddy);
    label->setTextFormat(Qt::RichText);
    buddy->setObjectName(u"setting_"_s + name);
    buddy->setAccessibleName(name);
    m_settingWidgets.insert(name, buddy);
    return label;
}

void DeploymentEditor::edit(const QString &text, const std::function<void(Deployment &)> &change)
{
    if (m_showing || !m_document->document().deployment)
        return;
    Deployment deployment = *m_document->document().deployment;
    change(deployment);
    if (deployment == *m_document->document().deployment)
        return;
    m_document->undoStack()->push(new SetDeploymentCommand(m_document, deployment, text));
}

void DeploymentEditor::addBool(QWidget *parent, QFormLayout *form, const QString &name,
                               const QString &label, bool StackSettings::*member)
{
    auto *box = new QCheckBox(label, parent);
    box->setToolTip(settingToolTip(name));
    form->addRow(settingLabel(name, box), box);
    connect(box, &QCheckBox::toggled, this, [this, name, member](bool on) {
        edit(tr("Set %1 to %2").arg(name, on ? u"True"_s : u"False"_s),
             [&](Deployment &d) { d.settings.*member = on; });
    });
    m_bindings.append({[this, box, member] {
        box->setChecked(m_document->document().deployment->settings.*member);
    }});
}

void DeploymentEditor::addText(QWidget *parent, QFormLayout *form, const QString &name,
                               const QString &placeholder, QString StackSettings::*member)
{
    auto *line = new QLineEdit(parent);
    line->setPlaceholderText(placeholder);
    line->setClearButtonEnabled(true);
    form->addRow(settingLabel(name, line), line);
    connect(line, &QLineEdit::editingFinished, this, [this, name, line, member] {
        edit(tr("Set %1").arg(name),
             [&](Deployment &d) { d.settings.*member = line->text().trimmed(); });
    });
    m_bindings.append({[this, line, member] {
        const QString value = m_document->document().deployment->settings.*member;
        if (line->text() != value)
            line->setText(value);
    }});
}

void DeploymentEditor::addOptionalText(QWidget *parent, QFormLayout *form, const QString &name,
                                       const QString &placeholder,
                                       std::optional<QString> StackSettings::*member)
{
    auto *line = new QLineEdit(parent);
    line->setPlaceholderText(placeholder);
    line->setClearButtonEnabled(true);
    form->addRow(settingLabel(name, line), line);
    connect(line, &QLineEdit::editingFinished, this, [this, name, line, member] {
        const QString text = line->text().trimmed();
        edit(tr("Set %1").arg(name), [&](Deployment &d) {
            d.settings.*member = text.isEmpty() ? std::nullopt : std::optional<QString>(text);
        });
    });
    m_bindings.append({[this, line, member] {
        const QString value
                = (m_document->document().deployment->settings.*member).value_or(QString());
        if (line->text() != value)
            line->setText(value);
    }});
}

void DeploymentEditor::addList(QWidget *parent, QFormLayout *form, const QString &name,
                               const QString &label, const QString &placeholder,
                               const std::function<QStringList &(Deployment &)> &get)
{
    auto *edit = new ListTextEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(tr("One entry per line; applied when you leave the field or press "
                        "Ctrl+Enter."));
    auto *title = settingLabel(name, edit);
    if (!label.isEmpty())
        title->setText(label);
    form->addRow(title, edit);
    connect(edit, &ListTextEdit::committed, this, [this, name, edit, get] {
        const QStringList entries = edit->entries();
        this->edit(tr("Set %1").arg(name), [&](Deployment &d) { get(d) = entries; });
    });
    m_bindings.append({[this, edit, get] {
        Deployment d = *m_document->document().deployment;
        edit->setEntries(get(d));
    }});
}

QWidget *DeploymentEditor::buildMiddlewareSection()
{
    auto *box = new QWidget(m_body);
    QVBoxLayout *layout
            = startSection(box, tr("Middleware"),
                           tr("MIDDLEWARE in order: a request passes down the list, the response "
                              "back up. A middleware that answers (a redirect, a 403) skips "
                              "everything below it, CorsMiddleware too. Drag a row or use Up and "
                              "Down to reorder."));

    m_middlewareView = new QTableView(box);
    m_middlewareView->setObjectName(u"middlewareView"_s);
    m_middlewareView->setAccessibleName(u"MIDDLEWARE"_s);
    m_settingWidgets.insert(u"MIDDLEWARE"_s, m_middlewareView);
    m_middlewareView->setModel(m_middleware);
    m_middlewareView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_middlewareView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_middlewareView->setDragDropMode(QAbstractItemView::InternalMove);
    m_middlewareView->setDragDropOverwriteMode(false);
    m_middlewareView->setDefaultDropAction(Qt::MoveAction);
    m_middlewareView->setDropIndicatorShown(true);
    m_middlewareView->setWordWrap(true);
    m_middlewareView->setShowGrid(false);
    m_middlewareView->setAlternatingRowColors(true);
    m_middlewareView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_middlewareView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_middlewareView->horizontalHeader()->setSectionResizeMode(MiddlewareModel::ClassColumn,
                                                               QHeaderView::ResizeToContents);
    m_middlewareView->horizontalHeader()->setSectionResizeMode(MiddlewareModel::EffectColumn,
                                                               QHeaderView::Stretch);
    m_middlewareView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_middlewareView->installEventFilter(this);
    layout->addWidget(m_middlewareView);

    m_middlewareInput = new QComboBox(box);
    m_middlewareInput->setObjectName(u"middlewareInput"_s);
    m_middlewareInput->setEditable(true);
    m_middlewareInput->setInsertPolicy(QComboBox::NoInsert);
    m_middlewareInput->addItems(knownMiddlewarePaths());
    m_middlewareInput->setCurrentIndex(-1);
    m_middlewareInput->lineEdit()->setPlaceholderText(
            tr("Add a middleware by its dotted path, e.g. myapp.middleware.AuditMiddleware"));
    m_middlewareInput->setAccessibleName(tr("Middleware to add"));
    m_middlewareInput->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_middlewareInput->setMinimumContentsLength(12);
    m_addMiddleware = toolButton(box, u"addMiddleware"_s, tr("Add"),
                                 tr("Add the middleware above the selected row (at the end when "
                                    "none is selected)"));
    m_removeMiddleware = toolButton(box, u"removeMiddleware"_s, tr("Remove"),
                                    tr("Remove the selected middleware"),
                                    Icons::themed("list-remove", QStyle::SP_DialogDiscardButton));
    m_upMiddleware
            = toolButton(box, u"upMiddleware"_s, tr("Up"), tr("Move the middleware up (Alt+Up)"),
                         Icons::themed("go-up", QStyle::SP_ArrowUp));
    m_downMiddleware = toolButton(box, u"downMiddleware"_s, tr("Down"),
                                  tr("Move the middleware down (Alt+Down)"),
                                  Icons::themed("go-down", QStyle::SP_ArrowDown));
    connect(m_addMiddleware, &QToolButton::clicked, this,
            &DeploymentEditor::addMiddlewareFromInput);
    connect(m_middlewareInput->lineEdit(), &QLineEdit::returnPressed, this,
            &DeploymentEditor::addMiddlewareFromInput);
    connect(m_removeMiddleware, &QToolButton::clicked, this,
            [this] { m_middleware->remove(m_middlewareView->currentIndex().row()); });
    connect(m_upMiddleware, &QToolButton::clicked, this, [this] { moveMiddleware(-1); });
    connect(m_downMiddleware, &QToolButton::clicked, this, [this] { moveMiddleware(+1); });
    connect(m_middlewareView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &DeploymentEditor::updateMiddlewareButtons);
    connect(m_middleware, &QAbstractItemModel::modelReset, this, [this] {
        updateMiddlewareButtons();
        fitTable(m_middlewareView);
    });

    auto *row = new QHBoxLayout;
    row->addWidget(m_middlewareInput, 1);
    row->addWidget(m_addMiddleware);
    row->addSpacing(8);
    row->addWidget(m_removeMiddleware);
    row->addWidget(m_upMiddleware);
    row->addWidget(m_downMiddleware);
    layout->addLayout(row);
    return box;
}

QWidget *DeploymentEditor::buildSettingsSection()
{
    auto *box = new QWidget(m_body);
    QVBoxLayout *layout
            = startSection(box, tr("Django settings"),
                           tr("What the middleware above reads. A setting left as Django's "
                              "default is not written to an export."));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    layout->addLayout(form);

    addBool(box, form, u"DEBUG"_s, tr("Debug mode"), &StackSettings::debug);
    addList(box, form, u"ALLOWED_HOSTS"_s, {}, tr("api.example.com\n.example.com"),
            [](Deployment &d) -> QStringList & { return d.settings.allowedHosts; });
    addBool(box, form, u"APPEND_SLASH"_s, tr("Add a missing trailing slash"),
            &StackSettings::appendSlash);
    addBool(box, form, u"PREPEND_WWW"_s, tr("Redirect to www."), &StackSettings::prependWww);
    addBool(box, form, u"SECURE_SSL_REDIRECT"_s, tr("Redirect http to https"),
            &StackSettings::secureSslRedirect);
    addText(box, form, u"SECURE_SSL_HOST"_s, tr("None: the request's own host"),
            &StackSettings::secureSslHost);
    addList(box, form, u"SECURE_REDIRECT_EXEMPT"_s, {}, tr("^api/health/$"),
            [](Deployment &d) -> QStringList & { return d.settings.secureRedirectExempt; });

    auto *proxyHeader = new QLineEdit(box);
    proxyHeader->setPlaceholderText(tr("None, or a header and its value: "
                                       "HTTP_X_FORWARDED_PROTO, https"));
    proxyHeader->setClearButtonEnabled(true);
    auto *proxyError = new QLabel(box);
    proxyError->setObjectName(u"proxyHeaderError"_s);
    proxyError->setWordWrap(true);
    proxyError->hide();
    auto *proxyField = new QWidget(box);
    auto *proxyLayout = new QVBoxLayout(proxyField);
    proxyLayout->setContentsMargins(0, 0, 0, 0);
    proxyLayout->setSpacing(2);
    proxyLayout->addWidget(proxyHeader);
    proxyLayout->addWidget(proxyError);
    form->addRow(settingLabel(u"SECURE_PROXY_SSL_HEADER"_s, proxyHeader), proxyField);
    connect(proxyHeader, &QLineEdit::editingFinished, this, [this, proxyHeader, proxyError] {
        const QString text = proxyHeader->text().trimmed();
        std::optional<std::pair<QString, QString>> value;
        if (!text.isEmpty()) {
            const QStringList parts = text.split(u',');
            if (parts.size() != 2 || parts[0].trimmed().isEmpty() || parts[1].trimmed().isEmpty()) {
                proxyError->setText(tr("SECURE_PROXY_SSL_HEADER needs a header and a value "
                                       "separated by a comma, e.g. HTTP_X_FORWARDED_PROTO, "
                                       "https; the setting keeps its value."));
                proxyError->setStyleSheet(u"color: %1"_s.arg(
                        Icons::severityColor(EntryIssue::Severity::Error, palette()).name()));
                proxyError->show();
                return;
            }
            value = std::pair(parts[0].trimmed(), parts[1].trimmed());
        }
        proxyError->hide();
        edit(tr("Set SECURE_PROXY_SSL_HEADER"),
             [&](Deployment &d) { d.settings.secureProxySslHeader = value; });
    });
    m_bindings.append({[this, proxyHeader] {
        const auto &value = m_document->document().deployment->settings.secureProxySslHeader;
        const QString text = value ? value->first + u", "_s + value->second : QString();
        if (!proxyHeader->hasFocus() && proxyHeader->text() != text)
            proxyHeader->setText(text);
    }});

    addBool(box, form, u"USE_X_FORWARDED_HOST"_s, tr("Trust X-Forwarded-Host"),
            &StackSettings::useXForwardedHost);
    addText(box, form, u"LOGIN_URL"_s, u"/accounts/login/"_s, &StackSettings::loginUrl);
    addText(box, form, u"CSRF_COOKIE_NAME"_s, u"csrftoken"_s, &StackSettings::csrfCookieName);
    addText(box, form, u"CSRF_HEADER_NAME"_s, u"HTTP_X_CSRFTOKEN"_s,
            &StackSettings::csrfHeaderName);
    addOptionalText(box, form, u"CSRF_COOKIE_DOMAIN"_s, tr("None: the host that set it"),
                    &StackSettings::csrfCookieDomain);
    addBool(box, form, u"CSRF_USE_SESSIONS"_s, tr("Keep the CSRF secret in the session"),
            &StackSettings::csrfUseSessions);
    addText(box, form, u"SESSION_COOKIE_NAME"_s, u"sessionid"_s, &StackSettings::sessionCookieName);
    addOptionalText(box, form, u"SESSION_COOKIE_DOMAIN"_s, tr("None: the host that set it"),
                    &StackSettings::sessionCookieDomain);
    addList(box, form, u"DEFAULT_AUTHENTICATION_CLASSES"_s,
            u"<code>REST_FRAMEWORK</code><br><code>DEFAULT_AUTHENTICATION_CLASSES</code>"_s,
            u"rest_framework.authentication.SessionAuthentication"_s,
            [](Deployment &d) -> QStringList & { return d.settings.drfAuthenticationClasses; });
    addList(box, form, u"DEFAULT_PERMISSION_CLASSES"_s,
            u"<code>REST_FRAMEWORK</code><br><code>DEFAULT_PERMISSION_CLASSES</code>"_s,
            u"rest_framework.permissions.AllowAny"_s,
            [](Deployment &d) -> QStringList & { return d.settings.drfPermissionClasses; });
    return box;
}

QWidget *DeploymentEditor::buildRoutesSection()
{
    auto *box = new QWidget(m_body);
    QVBoxLayout *layout
            = startSection(box, tr("Routes"),
                           tr("What the URLconf serves: Django path() patterns and the kind of "
                              "view behind each. A URL no route matches gets Django's 404."));
    m_routesView = new QTableView(box);
    m_routesView->setObjectName(u"routesView"_s);
    m_routesView->setAccessibleName(tr("Routes"));
    m_routesView->setModel(m_routes);
    m_routesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_routesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_routesView->setEditTriggers(QAbstractItemView::DoubleClicked
                                  | QAbstractItemView::EditKeyPressed
                                  | QAbstractItemView::SelectedClicked);
    m_routesView->setShowGrid(false);
    m_routesView->setAlternatingRowColors(true);
    m_routesView->verticalHeader()->hide();
    m_routesView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_routesView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_routesView->horizontalHeader()->setSectionResizeMode(RoutesModel::PathColumn,
                                                           QHeaderView::Stretch);
    for (int column = RoutesModel::ViewColumn; column < RoutesModel::ColumnCount; ++column)
        m_routesView->horizontalHeader()->setSectionResizeMode(column,
                                                               QHeaderView::ResizeToContents);
    m_routesView->setItemDelegateForColumn(
            RoutesModel::ViewColumn, new ChoiceDelegate(RoutesModel::viewChoices(), m_routesView));
    m_routesView->setItemDelegateForColumn(
            RoutesModel::PermissionColumn,
            new ChoiceDelegate(RoutesModel::permissionChoices(), m_routesView));
    // The path and what nginx does with it share the width; the other columns are short.
    m_routesView->horizontalHeader()->setSectionResizeMode(RoutesModel::NginxColumn,
                                                           QHeaderView::Stretch);
    m_routesView->setColumnHidden(RoutesModel::NginxColumn, true); // until a proxy loads
    m_settingWidgets.insert(u"ROUTES"_s, m_routesView);
    m_routesView->installEventFilter(this);
    layout->addWidget(m_routesView);
    connect(m_routes, &QAbstractItemModel::modelReset, this, [this] { fitTable(m_routesView); });

    m_routeInput = new QLineEdit(box);
    m_routeInput->setObjectName(u"routeInput"_s);
    m_routeInput->setPlaceholderText(tr("Add a route, e.g. api/items/<int:pk>/"));
    m_routeInput->setAccessibleName(tr("Route to add"));
    m_addRoute = toolButton(box, u"addRoute"_s, tr("Add"), tr("Add the route (an ok view)"));
    m_removeRoute = toolButton(box, u"removeRoute"_s, tr("Remove"), tr("Remove the selected route"),
                               Icons::themed("list-remove", QStyle::SP_DialogDiscardButton));
    connect(m_addRoute, &QToolButton::clicked, this, &DeploymentEditor::addRouteFromInput);
    connect(m_routeInput, &QLineEdit::returnPressed, this, &DeploymentEditor::addRouteFromInput);
    connect(m_removeRoute, &QToolButton::clicked, this,
            [this] { m_routes->remove(m_routesView->currentIndex().row()); });
    auto *row = new QHBoxLayout;
    row->addWidget(m_routeInput, 1);
    row->addWidget(m_addRoute);
    row->addSpacing(8);
    row->addWidget(m_removeRoute);
    layout->addLayout(row);
    return box;
}

QWidget *DeploymentEditor::buildIdentitiesSection()
{
    auto *box = new QWidget(m_body);
    QVBoxLayout *layout
            = startSection(box, tr("Who is logged in"),
                           tr("Credentials that belong to a user; any other session cookie, "
                              "token or password is anonymous."));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);
    addList(box, form, u"identities.sessions"_s, tr("Session keys:"),
            tr("a session key, as the sessionid cookie carries it"),
            [](Deployment &d) -> QStringList & { return d.identities.sessions; });
    addList(box, form, u"identities.tokens"_s, tr("DRF tokens:"),
            tr("a token, as Authorization: Token … carries it"),
            [](Deployment &d) -> QStringList & { return d.identities.tokens; });
    addList(box, form, u"identities.basic"_s, tr("Basic credentials:"), u"alice:wonderland"_s,
            [](Deployment &d) -> QStringList & { return d.identities.basic; });
    return box;
}

void DeploymentEditor::refresh()
{
    const auto &deployment = m_document->document().deployment;
    m_enable->setVisible(!deployment);
    m_disable->setVisible(bool(deployment));
    m_body->setVisible(bool(deployment));
    if (!deployment) {
        m_summary->setText(tr("The simulator runs CorsMiddleware alone, behind a view that "
                              "answers every request with 200. Model the Django stack around it "
                              "to see what the middleware order, redirects (APPEND_SLASH, "
                              "SECURE_SSL_REDIRECT), CSRF, login and Django REST framework do to "
                              "cross-origin requests."));
        m_startupErrors->hide();
        return;
    }
    m_summary->setText(tr("The simulator sends each request through this Django stack: the "
                          "middleware in order, the URL resolver over the routes, then the "
                          "view, as Django %1 does.")
                               .arg(m_document->profile() == Profile::V4 ? u"5.2"_s : u"3.2"_s));
    const QStringList errors = DjangoStack(m_document->policy(), *deployment).startupErrors();
    m_startupErrors->setVisible(!errors.isEmpty());
    if (!errors.isEmpty()) {
        m_startupErrors->setText(
                tr("Django would not start, so every request fails:\n%1").arg(errors.join(u'\n')));
        m_startupErrors->setStyleSheet(u"color: %1"_s.arg(
                Icons::severityColor(EntryIssue::Severity::Error, palette()).name()));
    }
    m_showing = true;
    for (const Binding &binding : std::as_const(m_bindings))
        binding.show();
    m_showing = false;
    updateMiddlewareButtons();
    fitTable(m_middlewareView);
    fitTable(m_routesView);
}

void DeploymentEditor::updateMiddlewareButtons()
{
    const int row = m_middlewareView->currentIndex().row();
    m_removeMiddleware->setEnabled(row >= 0);
    m_upMiddleware->setEnabled(row > 0);
    m_downMiddleware->setEnabled(row >= 0 && row < m_middleware->rowCount() - 1);
}

void DeploymentEditor::moveMiddleware(int delta)
{
    const int row = m_middlewareView->currentIndex().row();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_middleware->rowCount())
        return;
    m_middleware->move(row, to);
    m_middlewareView->setCurrentIndex(m_middleware->index(to, 0));
}

void DeploymentEditor::addMiddlewareFromInput()
{
    const QString path = m_middlewareInput->currentText().trimmed();
    if (path.isEmpty())
        return;
    const int current = m_middlewareView->currentIndex().row();
    const int row = current >= 0 ? current : m_middleware->rowCount();
    m_middleware->insert(path, row);
    m_middlewareInput->setCurrentIndex(-1);
    m_middlewareInput->clearEditText();
    m_middlewareView->setCurrentIndex(m_middleware->index(row, 0));
}

void DeploymentEditor::addRouteFromInput()
{
    QString path = m_routeInput->text().trimmed();
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (path.isEmpty() && m_routeInput->text().trimmed().isEmpty())
        return;
    const int row = m_routes->append(path);
    m_routeInput->clear();
    m_routesView->setCurrentIndex(m_routes->index(row, RoutesModel::ViewColumn));
}

void DeploymentEditor::fitTable(QTableView *view)
{
    // The page scrolls, not the table: show every row.
    view->resizeRowsToContents();
    int height = view->horizontalHeader()->height() + 2 * view->frameWidth();
    for (int row = 0; row < view->model()->rowCount(); ++row)
        height += view->rowHeight(row);
    if (view->model()->rowCount() == 0)
        height += view->fontMetrics().height() + 8;
    view->setFixedHeight(height);
}

bool DeploymentEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize
        && (watched == m_middlewareView || watched == m_routesView)) {
        auto *resize = static_cast<QResizeEvent *>(event);
        // Wrapped descriptions take more or fewer lines at the new width; the columns follow
        // the width once this event is handled.
        if (resize->size().width() != resize->oldSize().width()) {
            auto *view = static_cast<QTableView *>(watched);
            QMetaObject::invokeMethod(
                    this, [this, view] { fitTable(view); }, Qt::QueuedConnection);
        }
    }
    if (watched == m_middlewareView && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::AltModifier
            && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down)) {
            moveMiddleware(key->key() == Qt::Key_Up ? -1 : +1);
            return true;
        }
        if (key->matches(QKeySequence::Delete)) {
            m_middleware->remove(m_middlewareView->currentIndex().row());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool DeploymentEditor::focusSetting(const QString &name)
{
    QWidget *widget = m_settingWidgets.value(name);
    if (!widget)
        return false;
    widget->setFocus(Qt::OtherFocusReason);
    return true;
}

} // namespace Cors
