// SPDX-License-Identifier: MIT
#include "simulator/requestbuilder.h"

#include "browser/requestimport.h"
#include "icons.h"
#include "simulator/headertablemodel.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStringListModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace Cors {

namespace {

void setComboData(QComboBox *box, const QString &data)
{
    const int index = box->findData(data);
    if (index >= 0)
        box->setCurrentIndex(index);
}

} // namespace

RequestBuilder::RequestBuilder(QWidget *parent)
    : QWidget(parent)
    , m_origin(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_method(new QComboBox(this))
    , m_credentials(new QComboBox(this))
    , m_mode(new QComboBox(this))
    , m_bodyKind(new QComboBox(this))
    , m_browser(new QComboBox(this))
    , m_bodyText(new QLineEdit(this))
    , m_blobType(new QLineEdit(this))
    , m_cookies(new QLineEdit(this))
    , m_headers(new HeaderTableModel(this))
    , m_endpointStatus(new QSpinBox(this))
    , m_endpointHeaders(new HeaderTableModel(this))
    , m_importToggle(new QToolButton(this))
    , m_importBox(new QWidget(this))
    , m_importEdit(new QPlainTextEdit(m_importBox))
    , m_importButton(new QPushButton(tr("Import"), m_importBox))
    , m_notes(new QStringListModel(this))
    , m_notesView(new QListView(m_importBox))
{
    m_origin->setObjectName(QStringLiteral("pageOrigin"));
    m_origin->setEditable(true);
    m_origin->setInsertPolicy(QComboBox::NoInsert);
    m_origin->setToolTip(tr("The page the script runs on: an origin, a page URL, or null for an "
                            "opaque document (a sandboxed iframe)."));
    // Placeholders are instructions, never something that reads as a value already typed.
    m_origin->lineEdit()->setPlaceholderText(tr("Required: the origin of the page that sends it"));
    m_url->setObjectName(QStringLiteral("requestUrl"));
    m_url->setPlaceholderText(tr("Required: the URL the script fetches"));
    m_url->setToolTip(tr("The URL passed to fetch(), e.g. https://api.example.com/api/items; a "
                         "relative one is resolved against the page origin."));
    m_url->setClearButtonEnabled(true);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setEditable(true);
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("HEAD"), QStringLiteral("POST"),
                        QStringLiteral("PUT"), QStringLiteral("PATCH"), QStringLiteral("DELETE"),
                        QStringLiteral("OPTIONS")});
    m_method->lineEdit()->setPlaceholderText(tr("Required: the method"));
    m_credentials->setObjectName(QStringLiteral("credentials"));
    m_credentials->addItem(tr("omit"), credentialsModeName(CredentialsMode::Omit));
    m_credentials->addItem(tr("same-origin (default)"),
                           credentialsModeName(CredentialsMode::SameOrigin));
    m_credentials->addItem(tr("include"), credentialsModeName(CredentialsMode::Include));
    m_mode->setObjectName(QStringLiteral("mode"));
    m_mode->addItem(tr("cors (default)"), requestModeName(RequestMode::Cors));
    m_mode->addItem(tr("no-cors"), requestModeName(RequestMode::NoCors));
    m_mode->addItem(tr("same-origin"), requestModeName(RequestMode::SameOrigin));
    m_browser->setObjectName(QStringLiteral("browser"));
    for (BrowserEngine engine : allBrowserEngines())
        m_browser->addItem(engine == BrowserEngine::Chromium
                                   ? tr("%1 (default)").arg(browserEngineTitle(engine))
                                   : browserEngineTitle(engine),
                           browserEngineName(engine));
    m_browser->setToolTip(tr("The browser whose console lines, script error and limits the run "
                             "shows; the verdicts are the same in every engine."));
    m_browser->setAccessibleName(tr("Browser"));
    m_bodyKind->setObjectName(QStringLiteral("bodyKind"));
    m_bodyKind->addItem(tr("none"), bodyKindName(BodyKind::None));
    m_bodyKind->addItem(tr("string"), bodyKindName(BodyKind::Text));
    m_bodyKind->addItem(tr("URLSearchParams"), bodyKindName(BodyKind::UrlSearchParams));
    m_bodyKind->addItem(tr("FormData"), bodyKindName(BodyKind::FormData));
    m_bodyKind->addItem(tr("Blob"), bodyKindName(BodyKind::Blob));
    m_bodyKind->addItem(tr("ArrayBuffer"), bodyKindName(BodyKind::ArrayBuffer));
    m_bodyKind->addItem(tr("ReadableStream"), bodyKindName(BodyKind::ReadableStream));
    m_bodyText->setObjectName(QStringLiteral("bodyText"));
    m_bodyText->setPlaceholderText(tr("The text the script sends as the body"));
    m_blobType->setPlaceholderText(tr("Blob type, e.g. application/json"));
    m_cookies->setPlaceholderText(
            tr("Cookies the browser holds for the API, e.g. sessionid=… (sent only with "
               "credentials)"));
    m_endpointStatus->setRange(100, 599);
    m_endpointStatus->setValue(200);
    m_endpointStatus->setToolTip(tr("The status the view behind the middleware answers with."));
    m_origin->setAccessibleName(tr("Page origin"));
    m_url->setAccessibleName(tr("Request URL"));
    m_method->setAccessibleName(tr("Method"));
    m_credentials->setAccessibleName(tr("Credentials mode"));
    m_mode->setAccessibleName(tr("Request mode"));
    m_bodyKind->setAccessibleName(tr("Body kind"));
    m_bodyText->setAccessibleName(tr("Body text"));
    m_blobType->setAccessibleName(tr("Blob type"));
    m_cookies->setAccessibleName(tr("Cookies"));
    m_endpointStatus->setAccessibleName(tr("Endpoint status"));
    m_importEdit->setAccessibleName(tr("Text to import"));
    m_notesView->setAccessibleName(tr("Import notes"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Page &origin:"), m_origin);
    addRequired(form, m_origin, m_origin->lineEdit());
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("Bro&wser:"), m_browser);
    addRequired(form, m_url, m_url);
    auto *methodRow = new QHBoxLayout;
    methodRow->addWidget(m_method, 1);
    auto *credentialsLabel = new QLabel(tr("&Credentials:"), this);
    credentialsLabel->setBuddy(m_credentials);
    methodRow->addWidget(credentialsLabel);
    methodRow->addWidget(m_credentials, 1);
    auto *methodLabel = new QLabel(tr("&Method:"), this);
    methodLabel->setBuddy(m_method);
    form->addRow(methodLabel, methodRow);
    addRequired(form, m_method, m_method->lineEdit());
    auto *modeRow = new QHBoxLayout;
    modeRow->addWidget(m_mode, 1);
    auto *bodyLabel = new QLabel(tr("&Body:"), this);
    bodyLabel->setBuddy(m_bodyKind);
    modeRow->addWidget(bodyLabel);
    modeRow->addWidget(m_bodyKind, 1);
    auto *modeLabel = new QLabel(tr("Mo&de:"), this);
    modeLabel->setBuddy(m_mode);
    form->addRow(modeLabel, modeRow);
    auto *bodyRow = new QHBoxLayout;
    bodyRow->addWidget(m_bodyText, 1);
    bodyRow->addWidget(m_blobType, 1);
    form->addRow(QString(), bodyRow);
    m_form = form;
    m_bodyRow = bodyRow;

    QWidget *headerButtons = nullptr;
    m_headersView = createHeaderTable(m_headers, &m_addHeader, &headerButtons);
    m_headersView->setObjectName(QStringLiteral("requestHeaders"));
    m_headersView->setAccessibleName(tr("Request headers"));
    m_addHeader->setObjectName(QStringLiteral("addHeader"));
    auto *headersLabel = new QLabel(tr("&Headers:"), this);
    headersLabel->setBuddy(m_headersView);
    form->addRow(headersLabel, headerButtons);
    form->addRow(m_headersView);
    form->addRow(tr("Coo&kies:"), m_cookies);

    auto *endpointTitle
            = new QLabel(tr("<b>The endpoint's own response</b> (before the middleware)"), this);
    form->addRow(endpointTitle);
    QPushButton *addEndpointHeader = nullptr;
    QWidget *endpointButtons = nullptr;
    QTableView *endpointView
            = createHeaderTable(m_endpointHeaders, &addEndpointHeader, &endpointButtons);
    endpointView->setObjectName(QStringLiteral("endpointHeaders"));
    endpointView->setAccessibleName(tr("Endpoint response headers"));
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_endpointStatus);
    statusRow->addWidget(endpointButtons, 1);
    auto *statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_endpointStatus);
    form->addRow(statusLabel, statusRow);
    form->addRow(endpointView);
    m_endpointRows = {endpointTitle, statusLabel, endpointView};
    m_stackNote = new QLabel(tr("<b>The endpoint's response</b> comes from the Deployment: the "
                                "route's view behind the Django middleware."),
                             this);
    m_stackNote->setObjectName(QStringLiteral("stackEndpointNote"));
    m_stackNote->setWordWrap(true);
    form->addRow(m_stackNote);
    form->setRowVisible(m_stackNote, false);

    // Import from pasted text, folded away until asked for.
    m_importToggle->setObjectName(QStringLiteral("importToggle"));
    m_importToggle->setText(tr("Import from fetch() or curl\u2026"));
    m_importToggle->setCheckable(true);
    m_importToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_importToggle->setArrowType(Qt::RightArrow);
    m_importToggle->setAutoRaise(true);
    m_importEdit->setObjectName(QStringLiteral("importText"));
    m_importEdit->setPlaceholderText(
            tr("Paste DevTools' \u201cCopy as fetch\u201d or \u201cCopy as cURL\u201d "
               "(bash or cmd), or a fetch() call from your code."));
    m_importEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_importEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_importEdit->setFixedHeight(fontMetrics().height() * 6);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_notesView->setObjectName(QStringLiteral("importNotes"));
    m_notesView->setModel(m_notes);
    m_notesView->setWordWrap(true);
    m_notesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_notesView->setFixedHeight(fontMetrics().height() * 5);
    m_notesView->hide();
    auto *importLayout = new QVBoxLayout(m_importBox);
    importLayout->setContentsMargins(0, 0, 0, 0);
    importLayout->addWidget(m_importEdit);
    auto *importButtons = new QHBoxLayout;
    importButtons->addStretch(1);
    importButtons->addWidget(m_importButton);
    importLayout->addLayout(importButtons);
    importLayout->addWidget(m_notesView);
    m_importBox->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_importToggle);
    layout->addWidget(m_importBox);
    layout->addLayout(form, 1);

    connect(m_importToggle, &QToolButton::toggled, this, [this](bool on) {
        m_importBox->setVisible(on);
        m_importToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        if (on)
            m_importEdit->setFocus();
    });
    connect(m_importButton, &QPushButton::clicked, this,
            [this] { importText(m_importEdit->toPlainText()); });

    for (QComboBox *box : {m_credentials, m_mode, m_bodyKind, m_browser})
        connect(box, &QComboBox::currentIndexChanged, this, &RequestBuilder::emitEdited);
    for (QComboBox *box : {m_origin, m_method})
        connect(box, &QComboBox::currentTextChanged, this, &RequestBuilder::emitEdited);
    for (QLineEdit *edit : {m_url, m_bodyText, m_blobType, m_cookies})
        connect(edit, &QLineEdit::textEdited, this, &RequestBuilder::emitEdited);
    connect(m_url, &QLineEdit::returnPressed, this, &RequestBuilder::runRequested);
    connect(m_endpointStatus, &QSpinBox::valueChanged, this, &RequestBuilder::emitEdited);
    connect(m_headers, &HeaderTableModel::edited, this, &RequestBuilder::emitEdited);
    connect(m_endpointHeaders, &HeaderTableModel::edited, this, &RequestBuilder::emitEdited);
    connect(m_bodyKind, &QComboBox::currentIndexChanged, this, &RequestBuilder::updateBodyFields);

    setScenario(Scenario());
}

QTableView *RequestBuilder::createHeaderTable(HeaderTableModel *model, QPushButton **add,
                                              QWidget **buttons)
{
    auto *view = new QTableView(this);
    view->setModel(model);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->resizeSection(HeaderTableModel::NameColumn,
                                            fontMetrics().averageCharWidth() * 22);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::AllEditTriggers);
    view->setMinimumHeight(fontMetrics().height() * 5);
    view->setMaximumHeight(fontMetrics().height() * 9);
    view->setCornerButtonEnabled(false);
    if (auto *corner = view->findChild<QAbstractButton *>())
        corner->setAccessibleName(tr("Select all"));

    auto *row = new QWidget(this);
    auto *rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    *add = new QPushButton(tr("Add"), row);
    auto *remove = new QPushButton(tr("Remove"), row);
    rowLayout->addStretch(1);
    rowLayout->addWidget(*add);
    rowLayout->addWidget(remove);
    *buttons = row;
    connect(*add, &QPushButton::clicked, this, [view, model] {
        const QModelIndex index = model->appendRow();
        view->setFocus();
        // Becoming current opens the editor (AllEditTriggers includes CurrentChanged).
        view->setCurrentIndex(index);
        if (!view->indexWidget(index))
            view->edit(index);
    });
    connect(remove, &QPushButton::clicked, this, [view, model] {
        QList<int> rows;
        for (const QModelIndex &index : view->selectionModel()->selectedRows())
            rows.append(index.row());
        if (rows.isEmpty() && view->currentIndex().isValid())
            rows.append(view->currentIndex().row());
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int r : rows)
            model->removeRows(r, 1);
    });
    return view;
}

void RequestBuilder::addRequired(QFormLayout *form, QWidget *field, QLineEdit *edit)
{
    RequiredField r;
    r.field = field;
    r.edit = edit;
    r.label = new QLabel(this);
    r.label->setObjectName(field->objectName() + QStringLiteral("Error"));
    r.label->setWordWrap(true);
    r.label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = r.label->palette();
    palette.setColor(QPalette::WindowText,
                     Icons::severityColor(EntryIssue::Severity::Error, palette));
    r.label->setPalette(palette);
    r.mark = edit->addAction(Icons::severity(EntryIssue::Severity::Error),
                             QLineEdit::TrailingPosition);
    r.mark->setVisible(false);
    // The sentence goes on its own row, right below the field's.
    form->addRow(static_cast<QWidget *>(nullptr), r.label);
    form->setRowVisible(r.label, false);
    m_required.append(r);

    // A value that appears clears a plain "required" error; the user's own edit clears any.
    connect(edit, &QLineEdit::textChanged, this, [this, field](const QString &text) {
        const RequiredField *r = required(field);
        if (r && !r->error.isEmpty() && !r->sticky && !text.trimmed().isEmpty())
            setFieldError(field, QString());
    });
    connect(edit, &QLineEdit::textEdited, this, [this, field] { setFieldError(field, QString()); });
    if (auto *combo = qobject_cast<QComboBox *>(field))
        connect(combo, &QComboBox::activated, this,
                [this, field] { setFieldError(field, QString()); });
}

RequestBuilder::RequiredField *RequestBuilder::required(const QWidget *field)
{
    for (RequiredField &r : m_required) {
        if (r.field == field)
            return &r;
    }
    return nullptr;
}

const RequestBuilder::RequiredField *RequestBuilder::required(const QWidget *field) const
{
    for (const RequiredField &r : m_required) {
        if (r.field == field)
            return &r;
    }
    return nullptr;
}

void RequestBuilder::setFieldError(QWidget *field, const QString &error, bool sticky)
{
    RequiredField *r = required(field);
    if (!r || (r->error == error && r->sticky == sticky))
        return;
    r->error = error;
    r->sticky = sticky && !error.isEmpty();
    r->label->setText(error);
    if (m_form)
        m_form->setRowVisible(r->label, !error.isEmpty());
    r->mark->setVisible(!error.isEmpty());
    r->mark->setToolTip(error);
    r->field->setAccessibleDescription(error);
    // The field itself is tinted, so that it stands out even where the sentence scrolls away.
    QPalette palette = r->edit->parentWidget() ? r->edit->parentWidget()->palette() : QPalette();
    if (!error.isEmpty()) {
        QColor tint = Icons::severityColor(EntryIssue::Severity::Error, palette);
        const QColor base = palette.color(QPalette::Base);
        tint.setRgbF(base.redF() * 0.82 + tint.redF() * 0.18,
                     base.greenF() * 0.82 + tint.greenF() * 0.18,
                     base.blueF() * 0.82 + tint.blueF() * 0.18);
        palette.setColor(QPalette::Base, tint);
        r->edit->setPalette(palette);
    } else {
        r->edit->setPalette(QPalette());
    }
}

QString RequestBuilder::fieldError(const QWidget *field) const
{
    const RequiredField *r = required(field);
    return r ? r->error : QString();
}

QLabel *RequestBuilder::fieldErrorLabel(const QWidget *field) const
{
    const RequiredField *r = required(field);
    return r ? r->label : nullptr;
}

bool RequestBuilder::validate()
{
    QWidget *first = nullptr;
    for (const RequiredField &r : std::as_const(m_required)) {
        if (r.edit->text().trimmed().isEmpty() && r.error.isEmpty()) {
            if (r.field == m_origin)
                setFieldError(r.field,
                              tr("Give the page origin: the origin of the page whose script "
                                 "sends the request, or null for a sandboxed iframe."));
            else if (r.field == m_url)
                setFieldError(r.field,
                              tr("Give the URL the script fetches, e.g. "
                                 "https://api.example.com/api/items."));
            else
                setFieldError(r.field, tr("Give the method, e.g. GET."));
        }
        if (!first && !required(r.field)->error.isEmpty())
            first = r.field;
    }
    if (first)
        first->setFocus(Qt::OtherFocusReason);
    return first == nullptr;
}

void RequestBuilder::updateBodyFields()
{
    const auto kind
            = bodyKindFromName(m_bodyKind->currentData().toString()).value_or(BodyKind::None);
    m_bodyText->setVisible(kind == BodyKind::Text || kind == BodyKind::UrlSearchParams);
    m_blobType->setVisible(kind == BodyKind::Blob);
    m_form->setRowVisible(m_bodyRow,
                          m_bodyText->isVisibleTo(this) || m_blobType->isVisibleTo(this));
}

void RequestBuilder::emitEdited()
{
    if (!m_filling)
        emit edited();
}

Scenario RequestBuilder::scenario() const
{
    Scenario s = m_base;
    s.pageOrigin = m_origin->currentText().trimmed();
    s.url = m_url->text().trimmed();
    s.method = m_method->currentText().trimmed();
    s.headers = m_headers->headers();
    s.credentials = credentialsModeFromName(m_credentials->currentData().toString())
                            .value_or(CredentialsMode::SameOrigin);
    s.mode = requestModeFromName(m_mode->currentData().toString()).value_or(RequestMode::Cors);
    s.browser = browserEngineFromName(m_browser->currentData().toString())
                        .value_or(BrowserEngine::Chromium);
    s.body = bodyKindFromName(m_bodyKind->currentData().toString()).value_or(BodyKind::None);
    s.bodyText = (s.body == BodyKind::Text || s.body == BodyKind::UrlSearchParams)
            ? m_bodyText->text()
            : QString();
    s.blobType = s.body == BodyKind::Blob ? m_blobType->text().trimmed() : QString();
    s.cookies = m_cookies->text().trimmed();
    s.endpoint.status = m_endpointStatus->value();
    s.endpoint.headers = m_endpointHeaders->headers();
    return s;
}

void RequestBuilder::setScenario(const Scenario &scenario)
{
    m_filling = true;
    m_base = scenario;
    m_origin->setCurrentText(scenario.pageOrigin);
    m_url->setText(scenario.url);
    m_method->setCurrentText(scenario.method);
    m_headers->setHeaders(scenario.headers);
    setComboData(m_credentials, credentialsModeName(scenario.credentials));
    setComboData(m_mode, requestModeName(scenario.mode));
    setComboData(m_browser, browserEngineName(scenario.browser));
    setComboData(m_bodyKind, bodyKindName(scenario.body));
    m_bodyText->setText(scenario.bodyText);
    m_blobType->setText(scenario.blobType);
    m_cookies->setText(scenario.cookies);
    m_endpointStatus->setValue(scenario.endpoint.status);
    m_endpointHeaders->setHeaders(scenario.endpoint.headers);
    updateBodyFields();
    // A whole new request: what was said about the last one's fields no longer applies.
    for (const RequiredField &r : std::as_const(m_required))
        setFieldError(r.field, QString());
    m_filling = false;
}

void RequestBuilder::setOriginPresets(const QStringList &origins)
{
    const QString current = m_origin->currentText();
    QStringList items;
    for (int i = 0; i < m_origin->count(); ++i)
        items.append(m_origin->itemText(i));
    if (items == origins)
        return;
    m_filling = true;
    m_origin->clear();
    m_origin->addItems(origins);
    m_origin->setCurrentText(current);
    m_filling = false;
}

void RequestBuilder::setStackMode(bool stack)
{
    if (stack == m_stackMode)
        return;
    m_stackMode = stack;
    for (QWidget *row : std::as_const(m_endpointRows))
        m_form->setRowVisible(row, !stack);
    m_form->setRowVisible(m_stackNote, stack);
}

bool RequestBuilder::importText(const QString &text)
{
    // The page comes from the text or from the user, never silently from the last request.
    Scenario base = scenario();
    base.pageOrigin.clear();
    const ImportedRequest imported = importRequest(text, base);
    if (!imported.ok) {
        m_notes->setStringList({imported.error});
        m_notesView->show();
        return false;
    }
    setScenario(imported.scenario);
    QStringList notes {tr("Imported from %1.").arg(imported.format)};
    notes.append(imported.notes);
    m_notes->setStringList(notes);
    m_notesView->show();
    if (!imported.pageOriginFound) {
        setFieldError(m_origin,
                      tr("The imported text does not say which page sent it (no Origin or "
                         "Referer header): choose or type the page origin."),
                      true);
        m_origin->setFocus(Qt::OtherFocusReason);
    }
    emit edited();
    return true;
}

QStringList RequestBuilder::importNotes() const
{
    return m_notes->stringList();
}

} // namespace Cors
