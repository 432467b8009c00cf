// SPDX-License-Identifier: MIT
#include "models/problemsmodel.h"

#include "document/policydocument.h"
#include "icons.h"
#include "lint/lintrules.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Cors {

ProblemsModel::ProblemsModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    refresh();
    connect(document, &PolicyDocument::findingsChanged, this, &ProblemsModel::refresh);
    connect(document, &PolicyDocument::documentReset, this, &ProblemsModel::refresh);
}

EntryIssue::Severity ProblemsModel::severityOf(Finding::Severity severity)
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

ProblemsModel::Problem ProblemsModel::fromFinding(const Finding &finding)
{
    Problem p;
    p.severity = severityOf(finding.severity);
    p.code = finding.id;
    p.setting = finding.setting;
    if (!finding.djangoSetting.isEmpty()) {
        // A stack finding: the policy's own setting when it names one (CSRF_TRUSTED_ORIGINS),
        // otherwise the deployment's.
        p.setting = settingFromName(finding.djangoSetting);
        if (!p.setting)
            p.djangoSetting = finding.djangoSetting;
    }
    p.entry = finding.entry;
    p.message = finding.message;
    p.djangoCheck = finding.id.startsWith(u"corsheaders."_s);
    p.fixText = finding.fixText;
    p.fixes = finding.fixes;
    p.attackerOrigin = finding.attackerOrigin.value_or(QString());
    p.attackRequest = finding.attackRequest.value_or(QString());
    return p;
}

void ProblemsModel::refresh()
{
    QList<Problem> problems;
    problems.reserve(m_document->findings().size());
    // The linter sorts errors first, then by setting and entry, like the settings file reads.
    for (const Finding &finding : m_document->findings())
        problems.append(fromFinding(finding));
    beginResetModel();
    m_problems = problems;
    endResetModel();
    emit countsChanged();
}

QList<int> ProblemsModel::widestRows(int column) const
{
    // Code: the codes repeat (one per rule or check). Setting: a setting's name with the entry
    // index, whose widest form has the largest index; or a Django setting's name.
    QHash<QString, int> rows;
    for (int row = 0; row < m_problems.size(); ++row) {
        const Problem &p = m_problems.at(row);
        QString key;
        if (column == CodeColumn)
            key = p.code;
        else if (column == SettingColumn && p.setting)
            key = QString::number(int(*p.setting)) + (p.entry >= 0 ? u"[]"_s : QString());
        else if (column == SettingColumn)
            key = u"django:"_s + p.djangoSetting;
        else
            continue;
        const auto it = rows.find(key);
        if (it == rows.end())
            rows.insert(key, row);
        else if (column == SettingColumn && p.entry > m_problems.at(*it).entry)
            *it = row;
    }
    return rows.values();
}

int ProblemsModel::count(EntryIssue::Severity severity) const
{
    return int(std::count_if(m_problems.begin(), m_problems.end(),
                             [&](const Problem &p) { return p.severity == severity; }));
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Problem &p = m_problems.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CodeColumn:
            return p.code;
        case SettingColumn:
            if (!p.setting)
                return p.djangoSetting.isEmpty() ? QVariant() : QVariant(p.djangoSetting);
            if (p.entry >= 0)
                return tr("%1 [%2]").arg(settingName(*p.setting)).arg(p.entry);
            return settingName(*p.setting);
        case MessageColumn:
            return p.hint.isEmpty() ? p.message : tr("%1 (hint: %2)").arg(p.message, p.hint);
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == CodeColumn)
            return Icons::severity(p.severity);
        return {};
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole: {
        QString text = p.djangoCheck ? tr("Django system check %1").arg(p.code)
                                     : tr("CORS Studio linter: %1").arg(p.code);
        if (const LintRule *rule = p.djangoCheck ? nullptr : lintRule(p.code))
            text += u" \u2014 "_s + rule->title;
        text += u'\n' + p.message;
        if (!p.hint.isEmpty())
            text += u'\n' + tr("Hint: %1").arg(p.hint);
        if (!p.attackerOrigin.isEmpty())
            text += u'\n' + tr("Admitted by mistake: Origin: %1").arg(p.attackerOrigin);
        if (!p.attackRequest.isEmpty())
            text += u'\n' + tr("Shown by: %1").arg(p.attackRequest);
        if (!p.fixText.isEmpty())
            text += u'\n' + tr("Fix: %1").arg(p.fixText);
        if (!p.fixes.isEmpty())
            text += u'\n' + tr("Apply Fix does it as one undoable step.");
        return text;
    }
    case SettingRole:
        return p.setting ? int(*p.setting) : -1;
    case EntryRole:
        return p.entry;
    case SeverityRole:
        return int(p.severity);
    case HasFixRole:
        return !p.fixes.isEmpty();
    case DjangoSettingRole:
        return p.djangoSetting;
    default:
        return {};
    }
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CodeColumn:
        return tr("Check");
    case SettingColumn:
        return tr("Setting");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

Qt::ItemFlags ProblemsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace Cors
