// SPDX-License-Identifier: MIT
#include "editor/settingfield.h"

#include "commands/settingcommands.h"
#include "document/policydocument.h"
#include "document/settingvalues.h"
#include "editor/pythonvaluedialog.h"
#include "icons.h"
#include "policy/settinghelp.h"
#include "python/pysemantics.h"

#include <QApplication>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QToolButton>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>
#include <QWhatsThis>
#include <QWhatsThisClickedEvent>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString objectNameFor(SettingId id, const char *part)
{
    return settingName(id) + u'_' + QLatin1StringView(part);
}

} // namespace

SettingField::SettingField(PolicyDocument *document, SettingId field, QWidget *parent)
    : QFrame(parent)
    , m_document(document)
    , m_field(field)
{
    setObjectName(settingName(field));
    setFrameShape(QFrame::NoFrame);
    const SettingHelp help = settingHelp(field);

    m_title = new QLabel(help.title, this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_name = new QLabel(this);
    m_name->setObjectName(objectNameFor(field, "name"));
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(m_title->font().pointSizeF() * 0.92);
    m_name->setFont(mono);
    m_name->setForegroundRole(QPalette::PlaceholderText);

    m_state = new QLabel(this);
    m_state->setObjectName(objectNameFor(field, "state"));
    m_state->setAlignment(Qt::AlignCenter);
    m_state->setStyleSheet(u"QLabel { border: 1px solid palette(mid); border-radius: 8px; "
                           "padding: 0px 7px; }"_s);

    m_help = new QToolButton(this);
    m_help->setObjectName(objectNameFor(field, "help"));
    m_help->setText(u"?"_s);
    m_help->setAutoRaise(true);
    m_help->setToolTip(tr("What %1 does").arg(settingName(field)));
    m_help->setAccessibleName(tr("Help on %1").arg(help.title));
    connect(m_help, &QToolButton::clicked, this, [this] {
        QWhatsThis::showText(m_help->mapToGlobal(QPoint(0, m_help->height())), whatsThis(), this);
    });

    m_reset = new QToolButton(this);
    m_reset->setObjectName(objectNameFor(field, "reset"));
    m_reset->setText(tr("Reset"));
    m_reset->setAutoRaise(true);
    m_reset->setAccessibleName(tr("Reset %1 to default").arg(help.title));
    connect(m_reset, &QToolButton::clicked, this, &SettingField::resetToDefault);

    m_more = new QToolButton(this);
    m_more->setObjectName(objectNameFor(field, "more"));
    m_more->setText(u"\u22ef"_s);
    m_more->setAutoRaise(true);
    m_more->setPopupMode(QToolButton::InstantPopup);
    m_more->setAccessibleName(tr("More actions for %1").arg(help.title));
    m_more->setToolTip(tr("More actions"));
    auto *menu = new QMenu(m_more);
    menu->setObjectName(objectNameFor(field, "menu"));
    QAction *editPython = menu->addAction(tr("Edit as &Python…"));
    connect(editPython, &QAction::triggered, this, &SettingField::editAsPython);
    QAction *reset = menu->addAction(tr("&Reset to Default"));
    connect(reset, &QAction::triggered, this, &SettingField::resetToDefault);
    connect(menu, &QMenu::aboutToShow, this,
            [this, reset] { reset->setEnabled(m_document->policy().isSet(editedSetting())); });
    m_more->setMenu(menu);

    m_summary = new QLabel(this);
    m_summary->setObjectName(objectNameFor(field, "summary"));
    m_summary->setText(u"%1 <a href=\"%2\">%3</a>"_s.arg(help.summary.toHtmlEscaped(),
                                                         help.link.toHtmlEscaped(),
                                                         help.linkText.toHtmlEscaped()));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setOpenExternalLinks(true);
    m_summary->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_summary->setToolTip(tr("Opens %1 in the browser").arg(help.link));
    m_summary->setWordWrap(true);
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    m_noteBox = new QFrame(this);
    m_noteBox->setObjectName(objectNameFor(field, "notes"));
    m_noteBox->setFrameShape(QFrame::StyledPanel);
    m_note = new QLabel(m_noteBox);
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::RichText);
    m_noteAction = new QPushButton(m_noteBox);
    m_noteAction->setObjectName(objectNameFor(field, "noteAction"));
    m_noteAction->setAccessibleName(tr("Use the current name"));
    connect(m_noteAction, &QPushButton::clicked, this, &SettingField::runNoteAction);
    auto *noteLayout = new QHBoxLayout(m_noteBox);
    noteLayout->setContentsMargins(8, 4, 8, 4);
    auto *noteIcon = new QLabel(m_noteBox);
    noteIcon->setPixmap(Icons::severity(EntryIssue::Severity::Info).pixmap(16, 16));
    noteLayout->addWidget(noteIcon, 0, Qt::AlignTop);
    noteLayout->addWidget(m_note, 1);
    noteLayout->addWidget(m_noteAction, 0, Qt::AlignVCenter);

    m_pythonBox = new QFrame(this);
    m_pythonBox->setObjectName(objectNameFor(field, "python"));
    m_pythonBox->setFrameShape(QFrame::StyledPanel);
    auto *pythonIcon = new QLabel(m_pythonBox);
    pythonIcon->setPixmap(Icons::python().pixmap(22, 22));
    m_pythonText = new QLabel(m_pythonBox);
    m_pythonText->setObjectName(objectNameFor(field, "pythonText"));
    m_pythonText->setWordWrap(true);
    m_pythonText->setTextFormat(Qt::RichText);
    m_pythonText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_editPython = new QPushButton(tr("Edit as Python…"), m_pythonBox);
    m_editPython->setObjectName(objectNameFor(field, "editPython"));
    m_editPython->setAccessibleName(tr("Edit %1 as Python").arg(settingName(field)));
    connect(m_editPython, &QPushButton::clicked, this, &SettingField::editAsPython);
    m_convert = new QPushButton(tr("Convert"), m_pythonBox);
    m_convert->setObjectName(objectNameFor(field, "convert"));
    m_convert->setAccessibleName(tr("Convert the value"));
    connect(m_convert, &QPushButton::clicked, this, &SettingField::convert);
    auto *pythonButtons = new QHBoxLayout;
    pythonButtons->addWidget(m_editPython);
    pythonButtons->addWidget(m_convert);
    pythonButtons->addStretch(1);
    auto *pythonText = new QVBoxLayout;
    pythonText->addWidget(m_pythonText);
    pythonText->addLayout(pythonButtons);
    auto *pythonLayout = new QHBoxLayout(m_pythonBox);
    pythonLayout->setContentsMargins(8, 6, 8, 6);
    pythonLayout->addWidget(pythonIcon, 0, Qt::AlignTop);
    pythonLayout->addLayout(pythonText, 1);

    auto *header = new QHBoxLayout;
    header->setSpacing(8);
    header->addWidget(m_title);
    header->addWidget(m_name);
    header->addWidget(m_state);
    header->addStretch(1);
    header->addWidget(m_reset);
    header->addWidget(m_help);
    header->addWidget(m_more);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_summary);
    layout->addWidget(m_noteBox);
    layout->addWidget(m_pythonBox);

    connect(document, &PolicyDocument::changed, this, &SettingField::updateFromDocument);
    connect(document, &PolicyDocument::profileChanged, this, &SettingField::updateHelp);
    updateHelp();
}

SettingId SettingField::editedSetting() const
{
    return m_document->editedSetting(m_field);
}

void SettingField::setEditor(QWidget *editor)
{
    m_editor = editor;
    static_cast<QVBoxLayout *>(layout())->insertWidget(3, editor);
    updateFromDocument();
}

void SettingField::setTitleVisible(bool visible)
{
    m_title->setVisible(visible);
}

void SettingField::setSummaryVisible(bool visible)
{
    m_summary->setVisible(visible);
}

QWidget *SettingField::focusTarget() const
{
    return showsPython() ? static_cast<QWidget *>(m_editPython) : m_editor;
}

void SettingField::focusEntry(int entry)
{
    Q_UNUSED(entry);
    for (QWidget *w = parentWidget(); w; w = w->parentWidget()) {
        if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
            scroll->ensureWidgetVisible(this, 0, 40);
            break;
        }
    }
    if (QWidget *target = focusTarget())
        target->setFocus(Qt::OtherFocusReason);
}

bool SettingField::showsPython() const
{
    const PyValue *value = m_document->policy().value(editedSetting());
    return value && !canShow(*value);
}

void SettingField::pushValue(const PyValue &value, const QString &text, bool typing)
{
    if (m_updating)
        return;
    const SettingId id = editedSetting();
    const PyValue *current = m_document->policy().value(id);
    if (current && *current == value)
        return;
    m_document->undoStack()->push(new SetSettingCommand(m_document, id, value, text, typing));
}

void SettingField::markDefault(QWidget *widget, bool isDefault)
{
    QFont font = widget->font();
    font.setItalic(isDefault);
    widget->setFont(font);
    QPalette palette = QApplication::palette(widget);
    if (isDefault) {
        const QColor grey = palette.color(QPalette::Disabled, QPalette::Text);
        palette.setColor(QPalette::Text, grey);
        palette.setColor(QPalette::WindowText, grey);
        palette.setColor(QPalette::ButtonText, grey);
    }
    widget->setPalette(palette);
}

void SettingField::updateHelp()
{
    const Profile profile = m_document->profile();
    setWhatsThis(settingHelpHtml(m_field, profile));
    const SettingHelp help = settingHelp(m_field);
    const QString tip = u"<p>%1</p><p>%2 <code>%3</code></p>"_s.arg(
            help.summary.toHtmlEscaped(),
            tr("Default for django-cors-headers %1:").arg(profileName(profile)).toHtmlEscaped(),
            settingDefaultText(m_field, profile).toHtmlEscaped());
    m_title->setToolTip(tip);
    m_name->setToolTip(tip);
}

void SettingField::updateFromDocument()
{
    const Policy &policy = m_document->policy();
    const Profile profile = policy.profile();
    const SettingId edited = editedSetting();
    const PyValue *value = policy.value(edited);
    const std::optional<SettingId> legacy = legacyAliasOf(m_field);

    m_name->setText(settingName(edited));
    if (value) {
        m_state->setText(tr("set"));
        m_state->setToolTip(tr("Defined in the policy"));
        m_state->setForegroundRole(QPalette::WindowText);
    } else if (!defaultValue(edited, profile)) {
        m_state->setText(tr("not defined"));
        m_state->setToolTip(settingDefaultText(edited, profile));
        m_state->setForegroundRole(QPalette::PlaceholderText);
    } else {
        m_state->setText(tr("default"));
        m_state->setToolTip(tr("Not defined: django-cors-headers uses %1")
                                    .arg(settingDefaultText(edited, profile)));
        m_state->setForegroundRole(QPalette::PlaceholderText);
    }
    m_state->setAccessibleName(m_state->text());
    m_reset->setEnabled(value != nullptr);
    m_reset->setToolTip(
            value ? tr("Unset %1: django-cors-headers then uses %2")
                            .arg(settingName(edited), settingDefaultText(edited, profile))
                  : tr("%1 already has its default value").arg(settingName(edited)));

    // Notes: legacy names, environment reads, profile.
    QStringList notes;
    m_noteActionKind = NoteAction::None;
    if (legacy && edited == *legacy) {
        notes.append(tr("Written under the legacy name <code>%1</code>: django-cors-headers reads "
                        "it because <code>%2</code> is not defined.")
                             .arg(settingName(*legacy), settingName(m_field)));
        m_noteActionKind = NoteAction::RenameToCurrent;
        m_noteAction->setText(tr("Rename to %1").arg(settingName(m_field)));
    } else if (legacy && policy.isSet(*legacy)) {
        notes.append(tr("<code>%1</code> is also defined, but <code>%2</code> wins: "
                        "django-cors-headers ignores <code>%1</code>.")
                             .arg(settingName(*legacy), settingName(m_field)));
        m_noteActionKind = NoteAction::RemoveLegacy;
        m_noteAction->setText(tr("Remove %1").arg(settingName(*legacy)));
    }
    if (value && value->isDynamic()) {
        notes.append(value->dynamicSource().isEmpty()
                             ? tr("Some entries are read from the environment; the form shows the "
                                  "defaults written in the file.")
                             : tr("Read from the environment: <code>%1</code>; the form shows the "
                                  "default written in the file.")
                                       .arg(value->dynamicSource().toHtmlEscaped()));
    }
    if (m_field == SettingId::ReplaceHttpsReferer && profile == Profile::V4) {
        notes.append(value ? tr("Removed in django-cors-headers 4.0: defining it is an error "
                                "(corsheaders.E013). Reset it, or target 3.14.")
                           : tr("Removed in django-cors-headers 4.0; only 3.14 reads it."));
    } else if (m_field != SettingId::Model && !isReadBy(m_field, profile)) {
        notes.append(tr("django-cors-headers %1 does not have this setting: it is ignored.")
                             .arg(profileName(profile)));
    }
    m_note->setText(notes.join(u"<br>"_s));
    m_noteBox->setVisible(!notes.isEmpty());
    m_noteAction->setVisible(m_noteActionKind != NoteAction::None);
    if (!m_noteAction->text().isEmpty())
        m_noteAction->setAccessibleName(m_noteAction->text());

    // The value as Python when the editor cannot show it.
    const bool python = value && !canShow(*value);
    m_pythonBox->setVisible(python);
    if (python) {
        m_pythonText->setText(
                tr("<b>Written as Python</b> (a %1 the form cannot show):<br><code>%2</code>")
                        .arg(Py::typeName(*value).toHtmlEscaped(),
                             Py::repr(*value).toHtmlEscaped()));
        const std::optional<ValueConversion> conversion = formConversion(edited, *value);
        m_convert->setVisible(conversion.has_value());
        if (conversion) {
            m_convert->setText(conversion->label);
            m_convert->setToolTip(conversion->description);
            m_convert->setAccessibleName(conversion->label);
        }
    }
    if (m_editor) {
        m_editor->setVisible(!python);
        const bool ignored = !value && !isReadBy(m_field, profile);
        m_editor->setEnabled(!ignored);
        m_updating = true;
        refreshEditor();
        m_updating = false;
    }
}

void SettingField::editAsPython()
{
    const SettingId id = editedSetting();
    const PyValue *value = m_document->policy().value(id);
    PythonValueDialog dialog(id, value ? std::optional<PyValue>(*value) : std::nullopt,
                             m_document->profile(), this);
    if (dialog.exec() != QDialog::Accepted || !dialog.value())
        return;
    if (value && *value == *dialog.value())
        return;
    m_document->undoStack()->push(new SetSettingCommand(
            m_document, id, *dialog.value(), tr("Edit %1 as Python").arg(settingName(id))));
}

void SettingField::convert()
{
    const SettingId id = editedSetting();
    const PyValue *value = m_document->policy().value(id);
    if (!value)
        return;
    const std::optional<ValueConversion> conversion = formConversion(id, *value);
    if (!conversion)
        return;
    m_document->undoStack()->push(
            new SetSettingCommand(m_document, id, conversion->value,
                                  tr("Convert %1: %2").arg(settingName(id), conversion->label)));
}

void SettingField::resetToDefault()
{
    const SettingId id = editedSetting();
    const PyValue *value = m_document->policy().value(id);
    if (!value)
        return;
    const int entries = value->isContainer() ? int(value->items().size()) : 0;
    m_document->undoStack()->push(SetSettingCommand::reset(m_document, id));
    // Entries gone in one click: say so, with Undo one click away.
    if (entries > 0) {
        const QString removed = entries == 1 ? tr("its entry was removed")
                                             : tr("its %1 entries were removed").arg(entries);
        emit undoNotice(tr("Reset %1: %2; django-cors-headers now uses the default, %3.")
                                .arg(settingName(id), removed,
                                     settingDefaultText(id, m_document->profile())));
    }
}

void SettingField::runNoteAction()
{
    const std::optional<SettingId> legacy = legacyAliasOf(m_field);
    if (!legacy)
        return;
    QUndoStack *stack = m_document->undoStack();
    switch (m_noteActionKind) {
    case NoteAction::RenameToCurrent: {
        const PyValue *value = m_document->policy().value(*legacy);
        if (!value)
            return;
        const PyValue copy = *value;
        stack->beginMacro(tr("Rename %1 to %2").arg(settingName(*legacy), settingName(m_field)));
        stack->push(new SetSettingCommand(m_document, m_field, copy, QString()));
        stack->push(SetSettingCommand::reset(m_document, *legacy));
        stack->endMacro();
        break;
    }
    case NoteAction::RemoveLegacy:
        stack->push(SetSettingCommand::reset(m_document, *legacy));
        break;
    case NoteAction::None:
        break;
    }
}

bool SettingField::event(QEvent *event)
{
    if (event->type() == QEvent::WhatsThisClicked) {
        QDesktopServices::openUrl(QUrl(static_cast<QWhatsThisClickedEvent *>(event)->href()));
        return true;
    }
    return QFrame::event(event);
}

} // namespace Cors
