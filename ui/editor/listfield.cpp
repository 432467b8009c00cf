// SPDX-License-Identifier: MIT
#include "editor/listfield.h"

#include "checks/entryvalidation.h"
#include "document/policydocument.h"
#include "document/settingvalues.h"
#include "editor/entrydelegate.h"
#include "icons.h"
#include "models/settinglistmodel.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QStyle>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QToolButton *toolButton(QWidget *parent, const QString &name, const QString &text,
                        const QString &accessible, const QIcon &icon = {})
{
    auto *button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(accessible);
    button->setAccessibleName(accessible);
    if (!icon.isNull()) {
        button->setIcon(icon);
        button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
    button->setAutoRaise(true);
    return button;
}

} // namespace

ListField::ListField(PolicyDocument *document, SettingId field, const QString &placeholder,
                     QWidget *parent)
    : SettingField(document, field, parent)
    , m_model(new SettingListModel(document, field, this))
{
    const QString name = settingName(field);
    auto *editor = new QWidget(this);
    editor->setObjectName(name + "_editor"_L1);

    m_view = new QTreeView(editor);
    m_view->setObjectName(name + "_list"_L1);
    m_view->setAccessibleName(tr("Entries of %1").arg(name));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new EntryDelegate(m_view));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::SelectedClicked);
    m_view->setHeaderHidden(true);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setMinimumSectionSize(120);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->viewport()->installEventFilter(this);

    m_input = new QLineEdit(editor);
    m_input->setObjectName(name + "_input"_L1);
    m_input->setPlaceholderText(placeholder);
    m_input->setAccessibleName(tr("New entry for %1").arg(name));
    m_input->setClearButtonEnabled(true);
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->installEventFilter(this);
    connect(m_input, &QLineEdit::returnPressed, this, &ListField::addFromInput);
    connect(m_input, &QLineEdit::textChanged, this, &ListField::validateInput);

    m_inputIssue = new QLabel(editor);
    m_inputIssue->setObjectName(name + "_inputIssue"_L1);
    m_inputIssue->setWordWrap(true);
    m_inputIssue->hide();

    QStyle *s = style();
    m_add = toolButton(editor, name + "_add"_L1, tr("Add"), tr("Add the entry typed below"));
    m_add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_remove = toolButton(editor, name + "_remove"_L1, tr("Remove"),
                          tr("Remove the selected entries"),
                          Icons::themed("list-remove", QStyle::SP_DialogDiscardButton));
    m_up = toolButton(editor, name + "_up"_L1, tr("Up"), tr("Move the entry up"),
                      Icons::themed("go-up", QStyle::SP_ArrowUp));
    m_down = toolButton(editor, name + "_down"_L1, tr("Down"), tr("Move the entry down"),
                        Icons::themed("go-down", QStyle::SP_ArrowDown));
    m_paste = toolButton(editor, name + "_paste"_L1, tr("Paste"), tr("Paste entries, one per line"),
                         Icons::themed("edit-paste", QStyle::SP_FileDialogContentsView));
    Q_UNUSED(s);
    connect(m_add, &QToolButton::clicked, this, &ListField::addFromInput);
    connect(m_remove, &QToolButton::clicked, this, &ListField::removeSelected);
    connect(m_up, &QToolButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveCurrent(+1); });
    connect(m_paste, &QToolButton::clicked, this, &ListField::pasteEntries);

    // Keyboard: the same actions on the list, also in its context menu.
    auto addAction = [this](const QString &text, const QKeySequence &key, auto slot) {
        auto *action = new QAction(text, m_view);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_view->addAction(action);
        return action;
    };
    addAction(tr("Edit"), QKeySequence(Qt::Key_F2), [this] {
        if (m_view->currentIndex().isValid())
            m_view->edit(m_view->currentIndex().siblingAtColumn(SettingListModel::EntryColumn));
    });
    addAction(tr("Remove"), QKeySequence::Delete, &ListField::removeSelected);
    addAction(tr("Paste Entries"), QKeySequence::Paste, &ListField::pasteEntries);
    addAction(tr("Move Up"), QKeySequence(Qt::ALT | Qt::Key_Up), [this] { moveCurrent(-1); });
    addAction(tr("Move Down"), QKeySequence(Qt::ALT | Qt::Key_Down), [this] { moveCurrent(+1); });
    addAction(tr("Add an Entry"), QKeySequence(Qt::Key_Insert), [this] { m_input->setFocus(); });

    auto *inputRow = new QHBoxLayout;
    inputRow->setSpacing(4);
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_add);
    inputRow->addSpacing(8);
    inputRow->addWidget(m_remove);
    inputRow->addWidget(m_up);
    inputRow->addWidget(m_down);
    inputRow->addWidget(m_paste);

    m_editorLayout = new QVBoxLayout(editor);
    m_editorLayout->setContentsMargins(0, 2, 0, 0);
    m_editorLayout->setSpacing(4);
    m_editorLayout->addWidget(m_view);
    m_editorLayout->addLayout(inputRow);
    m_editorLayout->addWidget(m_inputIssue);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ListField::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ListField::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                fitHeight();
                selectRows(first, last);
            });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ListField::fitHeight);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ListField::fitHeight);
    connect(m_model, &QAbstractItemModel::rowsMoved, this,
            [this](const QModelIndex &, int, int, const QModelIndex &, int row) {
                Q_UNUSED(row);
                updateButtons();
            });
    connect(m_model, &SettingListModel::issuesChanged, this, [this] {
        validateInput();
        fitColumns();
    });

    setEditor(editor);
    fitHeight();
    updateButtons();
}

bool ListField::canShow(const PyValue &value) const
{
    return isRowList(value);
}

void ListField::refreshEditor()
{
    updateButtons();
}

QWidget *ListField::focusTarget() const
{
    return showsPython() ? SettingField::focusTarget() : m_view;
}

void ListField::focusEntry(int entry)
{
    SettingField::focusEntry(entry);
    const int row = entry >= 0 ? m_model->rowForEntry(entry) : -1;
    if (row >= 0)
        selectRows(row, row);
}

void ListField::selectRows(int first, int last)
{
    if (first < 0 || last >= m_model->rowCount())
        return;
    const QModelIndex top = m_model->index(first, 0);
    const QModelIndex bottom = m_model->index(last, SettingListModel::ColumnCount - 1);
    m_view->selectionModel()->setCurrentIndex(top, QItemSelectionModel::NoUpdate);
    m_view->selectionModel()->select(QItemSelection(top, bottom),
                                     QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(top);
}

void ListField::fitHeight()
{
    // The page scrolls, not the list: show every row up to a dozen.
    const int rows = qBound(2, m_model->rowCount() + 1, 12);
    int rowHeight = m_view->sizeHintForRow(0);
    if (rowHeight <= 0)
        rowHeight = m_view->fontMetrics().height() + 8;
    m_view->setFixedHeight(rows * rowHeight + 2 * m_view->frameWidth() + 2);
    fitColumns();
    updateButtons();
}

void ListField::fitColumns()
{
    // Entries get what they need (up to 70%), the checks the rest.
    const int width = m_view->viewport()->width();
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(m_view->font().pointSizeF());
    const QFontMetrics metrics(mono);
    int wanted = 0;
    const QStringList candidates = m_model->widestCandidates(MeasuredRows);
    for (const QString &text : candidates)
        wanted = qMax(wanted, metrics.horizontalAdvance(text));
    wanted += m_view->iconSize().width() > 0 ? m_view->iconSize().width() + 28 : 44;
    m_view->header()->resizeSection(SettingListModel::EntryColumn,
                                    qBound(qMin(200, width / 2), wanted, int(width * 0.7)));
}

void ListField::updateButtons()
{
    const bool editable = m_model->isRowList();
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    const int current = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
    m_remove->setEnabled(editable && !selected.isEmpty());
    m_up->setEnabled(editable && current > 0);
    m_down->setEnabled(editable && current >= 0 && current < m_model->rowCount() - 1);
    m_add->setEnabled(editable && !m_input->text().trimmed().isEmpty());
}

void ListField::validateInput()
{
    updateButtons();
    const QString text = m_input->text().trimmed();
    if (text.isEmpty()) {
        m_inputIssue->hide();
        return;
    }
    const QList<EntryIssue> issues
            = validateEntry(editedSetting(), PyValue::str(text), document()->profile());
    if (issues.isEmpty()) {
        m_inputIssue->hide();
        return;
    }
    const EntryIssue &issue = issues.first();
    QPalette palette = m_inputIssue->palette();
    palette.setColor(QPalette::WindowText, Icons::severityColor(issue.severity, palette));
    m_inputIssue->setPalette(palette);
    m_inputIssue->setText(issue.message);
    m_inputIssue->show();
}

void ListField::addFromInput()
{
    const QStringList entries = SettingListModel::entriesFromText(m_input->text());
    if (entries.isEmpty())
        return;
    // setText() rather than clear(): the field starts a fresh history, so that Ctrl+Z, with
    // the focus still here, undoes the Add rather than bringing the typed text back.
    if (m_model->insertEntries(m_model->rowCount(), entries))
        m_input->setText(QString());
}

void ListField::pasteEntries()
{
    const QStringList entries
            = SettingListModel::entriesFromText(QGuiApplication::clipboard()->text());
    if (entries.isEmpty())
        return;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    int row = m_model->rowCount();
    if (!selected.isEmpty() && m_view->currentIndex().isValid())
        row = m_view->currentIndex().row() + 1;
    m_model->insertEntries(row, entries);
    m_view->setFocus();
}

void ListField::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty())
        return;
    const int next = *std::min_element(rows.begin(), rows.end());
    m_model->removeEntryRows(rows);
    if (m_model->rowCount() > 0)
        selectRows(qMin(next, m_model->rowCount() - 1), qMin(next, m_model->rowCount() - 1));
}

void ListField::moveCurrent(int delta)
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const int from = current.row();
    const int to = from + delta;
    if (m_model->moveEntry(from, to))
        selectRows(to, to);
}

bool ListField::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        // Several lines pasted into the input become several entries at once.
        if (key->matches(QKeySequence::Paste)
            && QGuiApplication::clipboard()->text().trimmed().contains(u'\n')) {
            const QStringList entries
                    = SettingListModel::entriesFromText(QGuiApplication::clipboard()->text());
            m_model->insertEntries(m_model->rowCount(), entries);
            return true;
        }
    }
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return SettingField::eventFilter(watched, event);
}

} // namespace Cors
