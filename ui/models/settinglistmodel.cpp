// SPDX-License-Identifier: MIT
#include "models/settinglistmodel.h"

#include "commands/settingcommands.h"
#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "document/settingvalues.h"
#include "icons.h"
#include "python/pysemantics.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QUndoStack>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

int utf16Index(const QString &text, int codePoints)
{
    int i = 0;
    for (int n = 0; i < text.size() && n < codePoints; ++n)
        i += (text.at(i).isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
    return i;
}

QString severityWord(EntryIssue::Severity severity)
{
    switch (severity) {
    case EntryIssue::Severity::Error:
        return SettingListModel::tr("Error");
    case EntryIssue::Severity::Warning:
        return SettingListModel::tr("Warning");
    case EntryIssue::Severity::Info:
        return SettingListModel::tr("Note");
    }
    return {};
}

EntryIssue::Severity severityOf(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Error:
        return EntryIssue::Severity::Error;
    case Finding::Severity::Warning:
        return EntryIssue::Severity::Warning;
    case Finding::Severity::Info:
        return EntryIssue::Severity::Info;
    }
    return EntryIssue::Severity::Warning;
}

bool sameMessage(QString a, QString b)
{
    while (a.endsWith(u'.'))
        a.chop(1);
    while (b.endsWith(u'.'))
        b.chop(1);
    return a.trimmed() == b.trimmed();
}

QStringList spliceEntries(const PyValue &item, Profile profile)
{
    QStringList out;
    const PyValue resolved = PyValue::tuple({item}).resolved(profile);
    for (const PyValue &entry : resolved.items())
        out.append(entry.isStr() ? entry.text() : Py::repr(entry));
    return out;
}

} // namespace

SettingListModel::SettingListModel(PolicyDocument *document, SettingId field, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_validationJob(new BackgroundJob(this))
    , m_field(field)
    , m_setting(field)
{
    m_validationJob->setObjectName(u"validationJob"_s);
    rebuild(true);
    connect(document, &PolicyDocument::settingAboutToBeReplaced, this, [this](SettingId id) {
        if (concerns(id))
            beginReset();
    });
    connect(document, &PolicyDocument::settingReplaced, this, [this](SettingId id) {
        if (concerns(id))
            endReset();
    });
    connect(document, &PolicyDocument::aboutToBeReset, this, &SettingListModel::beginReset);
    connect(document, &PolicyDocument::documentReset, this, &SettingListModel::endReset);
    connect(document, &PolicyDocument::profileChanged, this, [this] {
        beginReset();
        endReset();
    });
    connect(document, &PolicyDocument::entriesAboutToBeInserted, this,
            [this](SettingId id, int first, int last) {
                if (id == m_setting && !m_resetting)
                    beginInsertRows({}, first, last);
            });
    // Until the list's validation and the linter land on the edited version (from their
    // threads), each row keeps its earlier issues: they move with their row; an edited or new
    // row is validated alone at once (its duplicates come with the list's validation).
    connect(document, &PolicyDocument::entriesInserted, this,
            [this](SettingId id, int first, int last) {
                if (id != m_setting || m_resetting)
                    return;
                QList<Carried> carried = takeCarried();
                rebuild(false);
                if (first <= carried.size())
                    carried.insert(first, last - first + 1, {});
                restoreCarried(carried);
                for (int row = first; row <= last && row < m_rows.size(); ++row)
                    validateRowAlone(row);
                endInsertRows();
                emitAllChanged();
            });
    connect(document, &PolicyDocument::entriesAboutToBeRemoved, this,
            [this](SettingId id, int first, int last) {
                if (id == m_setting && !m_resetting)
                    beginRemoveRows({}, first, last);
            });
    connect(document, &PolicyDocument::entriesRemoved, this,
            [this](SettingId id, int first, int last) {
                if (id != m_setting || m_resetting)
                    return;
                QList<Carried> carried = takeCarried();
                rebuild(false);
                if (last < carried.size())
                    carried.remove(first, last - first + 1);
                restoreCarried(carried);
                endRemoveRows();
                emitAllChanged();
            });
    connect(document, &PolicyDocument::entryAboutToBeMoved, this,
            [this](SettingId id, int from, int to) {
                if (id == m_setting && !m_resetting)
                    beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
            });
    connect(document, &PolicyDocument::entryMoved, this, [this](SettingId id, int from, int to) {
        if (id != m_setting || m_resetting)
            return;
        QList<Carried> carried = takeCarried();
        rebuild(false);
        if (from < carried.size() && to < carried.size())
            carried.move(from, to);
        restoreCarried(carried);
        endMoveRows();
        emitAllChanged();
    });
    connect(document, &PolicyDocument::entryChanged, this, [this](SettingId id, int row) {
        if (id != m_setting || m_resetting)
            return;
        if (!m_hasSplices && row >= 0 && row < m_rows.size()) {
            // One row of a plain list: the others stay as they are (a 100,000-entry list).
            const PyValue *list = m_document->policy().value(m_setting);
            if (list && list->isContainer() && row < list->items().size()) {
                Row &changed = m_rows[row];
                changed.item = list->items().at(row);
                changed.splice = changed.item.isStarred();
                if (!changed.splice) {
                    changed.text = rowText(changed.item);
                    changed.lint.clear();
                    validateRowAlone(row);
                    revalidate();
                    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
                    emit issuesChanged();
                    return;
                }
            }
        }
        QList<Carried> carried = takeCarried();
        rebuild(false);
        if (row < carried.size())
            carried[row] = {};
        restoreCarried(carried);
        validateRowAlone(row);
        emitAllChanged();
    });
    connect(document, &PolicyDocument::findingsChanged, this, [this] {
        if (m_resetting)
            return;
        addLinterFindings();
        emitAllChanged();
    });
}

bool SettingListModel::concerns(SettingId id) const
{
    return id == m_field || id == m_setting || legacyAliasOf(m_field) == id;
}

void SettingListModel::beginReset()
{
    if (m_resetting)
        return;
    m_resetting = true;
    beginResetModel();
}

void SettingListModel::endReset()
{
    if (!m_resetting)
        return;
    rebuild(true);
    m_resetting = false;
    endResetModel();
    emit issuesChanged();
}

void SettingListModel::emitAllChanged()
{
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit issuesChanged();
}

QString SettingListModel::rowText(const PyValue &item)
{
    if (item.isStarred()) {
        PyValue bare = item;
        bare.setStarred(false);
        return u'*' + Py::repr(bare);
    }
    if (item.isStr() || item.kind() == PyValue::Kind::Pattern)
        return item.text();
    return Py::repr(item);
}

void SettingListModel::rebuild(bool validateNow)
{
    const Policy &policy = m_document->policy();
    m_setting = m_document->editedSetting(m_field);
    const PyValue *value = policy.value(m_setting);
    m_default = value == nullptr;
    m_rowList = !value || Cors::isRowList(*value);
    m_hasSplices = false;
    m_rows.clear();
    if (!m_rowList) {
        m_validationJob->cancel();
        return;
    }
    const PyValue list = editableList(policy, m_setting);
    const QList<int> spans = rowSpans(list, policy.profile());
    int first = 0;
    m_rows.reserve(list.items().size());
    for (qsizetype i = 0; i < list.items().size(); ++i) {
        Row row;
        row.item = list.items().at(i);
        row.splice = row.item.isStarred();
        m_hasSplices = m_hasSplices || row.splice;
        row.first = first;
        row.span = spans.value(i, 1);
        row.text = rowText(row.item);
        first += row.span;
        m_rows.append(row);
    }
    if (validateNow) {
        m_validationJob->cancel();
        applyValidation(validateEntries(policy, m_setting));
        return;
    }
    revalidate();
    for (Row &row : m_rows)
        mergeIssues(row);
}

void SettingListModel::revalidate()
{
    // Duplicates are found across the whole list: policy-sized, so off the GUI thread.
    m_validationJob->start([policy = m_document->policy(),
                            setting = m_setting] { return validateEntries(policy, setting); },
                           [this](const QList<EntryIssue> &issues) {
                               applyValidation(issues);
                               emitAllChanged();
                           });
}

void SettingListModel::validateRowAlone(int r)
{
    if (r < 0 || r >= m_rows.size() || m_rows.at(r).splice)
        return;
    Row &row = m_rows[r];
    row.validation = validateEntry(m_setting, row.item, m_document->profile());
    for (EntryIssue &issue : row.validation)
        issue.index = row.first;
    mergeIssues(row);
}

void SettingListModel::applyValidation(const QList<EntryIssue> &issues)
{
    const Profile profile = m_document->profile();
    for (Row &row : m_rows)
        row.validation.clear();
    for (const EntryIssue &issue : issues) {
        const int r = rowForEntry(issue.index);
        if (r < 0)
            continue;
        EntryIssue shown = issue;
        Row &row = m_rows[r];
        if (row.splice) {
            // django-cors-headers' own defaults: worth a note, not a warning on the policy.
            const QStringList entries = spliceEntries(row.item, profile);
            shown.message = entries.value(issue.index - row.first) + u": "_s + issue.message;
            shown.position = -1;
            shown.severity = EntryIssue::Severity::Info;
        }
        row.validation.append(shown);
    }
    if (m_document->findingsCurrent())
        addLinterFindings();
    else
        for (Row &row : m_rows)
            mergeIssues(row);
}

QList<SettingListModel::Carried> SettingListModel::takeCarried() const
{
    QList<Carried> carried;
    carried.reserve(m_rows.size());
    for (const Row &row : m_rows)
        carried.append({row.validation, row.lint});
    return carried;
}

void SettingListModel::restoreCarried(const QList<Carried> &carried)
{
    if (carried.size() != m_rows.size())
        return; // the rows no longer match: their issues land with the jobs
    const bool lintLanded = m_document->findingsCurrent();
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        row.validation = carried.at(i).validation;
        if (!lintLanded)
            row.lint = carried.at(i).lint;
        mergeIssues(row);
    }
}

void SettingListModel::mergeIssues(Row &row)
{
    row.issues = row.validation;
    if (row.lint.isEmpty())
        return;
    row.issues += row.lint;
    std::stable_sort(row.issues.begin(), row.issues.end(),
                     [](const EntryIssue &a, const EntryIssue &b) {
                         return int(a.severity) < int(b.severity);
                     });
}

void SettingListModel::addLinterFindings()
{
    // The linter's own rules on written entries (an unanchored regex, a wildcard that admits
    // other sites, ...). Django's checks and the entry validation it restates are on the rows
    // already, with the position of a regex error.
    for (Row &row : m_rows)
        row.lint.clear();
    for (const Finding &finding : m_document->findings()) {
        if (finding.setting != m_setting || finding.entry < 0
            || finding.id.startsWith(u"corsheaders."_s))
            continue;
        const int r = rowForEntry(finding.entry);
        if (r < 0 || m_rows.at(r).splice)
            continue;
        Row &row = m_rows[r];
        const bool restated = std::any_of(
                row.validation.begin(), row.validation.end(), [&finding](const EntryIssue &issue) {
                    return sameMessage(issue.message, finding.message)
                            || (issue.code == u"duplicate"_s && finding.id == u"duplicate-entry"_s);
                });
        if (restated)
            continue;
        EntryIssue issue;
        issue.index = finding.entry;
        issue.severity = severityOf(finding.severity);
        issue.code = finding.id;
        issue.message = finding.message;
        issue.position = finding.position;
        row.lint.append(issue);
    }
    for (Row &row : m_rows)
        mergeIssues(row);
}

int SettingListModel::rowForEntry(int index) const
{
    // Rows hold consecutive entries in order: a binary search keeps placing every issue of a
    // 100,000-entry list from going quadratic.
    const auto after = std::upper_bound(m_rows.cbegin(), m_rows.cend(), index,
                                        [](int i, const Row &row) { return i < row.first; });
    if (after == m_rows.cbegin())
        return -1;
    const Row &row = *std::prev(after);
    return index < row.first + row.span ? int(std::prev(after) - m_rows.cbegin()) : -1;
}

int SettingListModel::firstEntryOfRow(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).first : -1;
}

int SettingListModel::issueCount(EntryIssue::Severity severity) const
{
    int n = 0;
    for (const Row &row : m_rows)
        n += int(std::count_if(row.issues.begin(), row.issues.end(),
                               [&](const EntryIssue &i) { return i.severity == severity; }));
    return n;
}

int SettingListModel::worstSeverity(const Row &row) const
{
    int worst = -1;
    for (const EntryIssue &issue : row.issues) {
        // Error < Warning < Info in the enum: the smallest is the worst.
        if (worst < 0 || int(issue.severity) < worst)
            worst = int(issue.severity);
    }
    return worst;
}

int SettingListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SettingListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SettingListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const int worst = worstSeverity(row);
    const QPalette palette = QGuiApplication::palette();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == EntryColumn)
            return row.text;
        if (row.splice)
            return spliceEntries(row.item, m_document->profile()).join(u", "_s);
        if (row.issues.isEmpty())
            return {};
        if (row.issues.size() == 1)
            return row.issues.first().message;
        return tr("%1 (+%n more)", nullptr, int(row.issues.size() - 1))
                .arg(row.issues.first().message);
    case Qt::EditRole:
        if (index.column() == EntryColumn)
            return row.text;
        return {};
    case Qt::DecorationRole:
        if (index.column() == EntryColumn && worst >= 0)
            return Icons::severity(EntryIssue::Severity(worst));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == IssueColumn) {
            if (worst >= 0 && !row.splice)
                return Icons::severityColor(EntryIssue::Severity(worst), palette);
            return palette.color(QPalette::Disabled, QPalette::Text);
        }
        if (m_default)
            return palette.color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (m_default || row.splice) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole: {
        QStringList lines;
        if (m_default)
            lines.append(tr("Default value of %1 (not set).").arg(settingName(m_setting)));
        if (row.splice)
            lines.append(
                    tr("Expands to: %1")
                            .arg(spliceEntries(row.item, m_document->profile()).join(u", "_s)));
        if (row.item.kind() == PyValue::Kind::Pattern)
            lines.append(tr("Compiled: %1").arg(Py::repr(row.item)));
        if (!row.item.dynamicSource().isEmpty())
            lines.append(tr("Read from the environment: %1").arg(row.item.dynamicSource()));
        for (const EntryIssue &issue : row.issues)
            lines.append(severityWord(issue.severity) + u": "_s + issue.message);
        if (role == Qt::AccessibleDescriptionRole)
            return lines.join(u'\n');
        QString html = u"<p><code>%1</code></p>"_s.arg(row.text.toHtmlEscaped());
        for (const EntryIssue &issue : row.issues) {
            if (issue.position >= 0) {
                const int at = utf16Index(row.text, issue.position);
                html += u"<pre>%1\n%2^</pre>"_s.arg(row.text.toHtmlEscaped(), QString(at, u' '));
                break;
            }
        }
        for (const QString &line : std::as_const(lines))
            html += u"<p>%1</p>"_s.arg(line.toHtmlEscaped());
        return html;
    }
    case SeverityRole:
        return worst;
    case IssueMessagesRole: {
        QStringList messages;
        for (const EntryIssue &issue : row.issues)
            messages.append(issue.message);
        return messages;
    }
    case IssueCodesRole: {
        QStringList codes;
        for (const EntryIssue &issue : row.issues)
            codes.append(issue.code);
        return codes;
    }
    case ErrorPositionRole:
        for (const EntryIssue &issue : row.issues) {
            if (issue.position >= 0)
                return utf16Index(row.text, issue.position);
        }
        return -1;
    case SpliceRole:
        return row.splice;
    case DefaultRole:
        return m_default;
    default:
        return {};
    }
}

QVariant SettingListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EntryColumn:
        return tr("Entry");
    case IssueColumn:
        return tr("Check");
    default:
        return {};
    }
}

Qt::ItemFlags SettingListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == EntryColumn && !m_rows.at(index.row()).splice)
        f |= Qt::ItemIsEditable;
    return f;
}

bool SettingListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.column() != EntryColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const Row &row = m_rows.at(index.row());
    const QString text = value.toString();
    if (row.splice || text == row.text)
        return false;
    // A compiled pattern keeps its flags; anything else becomes the string typed.
    const PyValue entry = row.item.kind() == PyValue::Kind::Pattern
            ? PyValue::pattern(text, row.item.patternFlags())
            : PyValue::str(text);
    m_document->undoStack()->push(new EditEntryCommand(m_document, m_setting, index.row(), entry));
    return true;
}

bool SettingListModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || count <= 0 || row < 0 || row > rowCount() || !m_rowList)
        return false;
    QList<PyValue> values;
    for (int i = 0; i < count; ++i)
        values.append(PyValue::str(QString()));
    m_document->undoStack()->push(new InsertEntriesCommand(m_document, m_setting, row, values));
    return true;
}

bool SettingListModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || count <= 0 || row < 0 || row + count > rowCount())
        return false;
    QList<int> rows;
    for (int i = row; i < row + count; ++i)
        rows.append(i);
    return removeEntryRows(rows);
}

bool SettingListModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1)
        return false;
    // destinationChild is the row before which the moved row goes (model/view convention).
    const int to = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    return moveEntry(sourceRow, to);
}

bool SettingListModel::insertEntries(int row, const QStringList &texts)
{
    if (texts.isEmpty() || !m_rowList)
        return false;
    row = std::clamp(row, 0, rowCount());
    QList<PyValue> values;
    for (const QString &text : texts)
        values.append(PyValue::str(text));
    m_document->undoStack()->push(new InsertEntriesCommand(m_document, m_setting, row, values));
    return true;
}

bool SettingListModel::removeEntryRows(const QList<int> &rows)
{
    QList<int> valid;
    for (int row : rows) {
        if (row >= 0 && row < rowCount())
            valid.append(row);
    }
    if (valid.isEmpty() || !m_rowList)
        return false;
    m_document->undoStack()->push(new RemoveEntriesCommand(m_document, m_setting, valid));
    return true;
}

bool SettingListModel::moveEntry(int from, int to)
{
    if (from == to || from < 0 || to < 0 || from >= rowCount() || to >= rowCount() || !m_rowList)
        return false;
    m_document->undoStack()->push(new MoveEntryCommand(m_document, m_setting, from, to));
    return true;
}

QStringList SettingListModel::widestCandidates(int max) const
{
    qsizetype longest = 0;
    for (const Row &row : m_rows)
        longest = qMax(longest, row.text.size());
    QList<const QString *> candidates;
    for (const Row &row : m_rows) {
        if (2 * row.text.size() >= longest)
            candidates.append(&row.text);
    }
    const qsizetype n = qMin(qsizetype(max), candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + n, candidates.end(),
                      [](const QString *a, const QString *b) { return a->size() > b->size(); });
    QStringList out;
    out.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        out.append(*candidates.at(i));
    return out;
}

QStringList SettingListModel::entriesFromText(const QString &text)
{
    QStringList out;
    const QStringList lines = text.split(u'\n');
    for (QString line : lines) {
        line = line.trimmed();
        if (line.endsWith(u','))
            line.chop(1);
        line = line.trimmed();
        if (line.size() >= 2 && (line.front() == u'"' || line.front() == u'\'')
            && line.back() == line.front())
            line = line.mid(1, line.size() - 2);
        if (!line.isEmpty())
            out.append(line);
    }
    return out;
}

} // namespace Cors
