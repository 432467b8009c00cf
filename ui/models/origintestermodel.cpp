// SPDX-License-Identifier: MIT
#include "models/origintestermodel.h"

#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "icons.h"

#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace Cors {

OriginTesterModel::OriginTesterModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_job(new BackgroundJob(this))
{
    m_job->setObjectName(u"originTesterJob"_s);
    connect(document, &PolicyDocument::changed, this, &OriginTesterModel::refresh);
}

void OriginTesterModel::setOrigin(const QString &origin)
{
    if (origin == m_origin && !origin.isEmpty())
        return;
    m_origin = origin;
    refresh();
}

bool OriginTesterModel::isUpdating() const
{
    return m_job->isBusy();
}

void OriginTesterModel::refresh()
{
    if (m_origin.isEmpty()) {
        m_job->cancel();
        showReport(OriginReport());
        return;
    }
    // Every entry's verdict: policy-sized (100,000 entries, 100,000 rows).
    m_job->start(
            [policy = m_document->policy(), origin = m_origin] {
                OriginReport report = CorsEngine(policy).examineOrigin(origin);
                report.origin = origin;
                return report;
            },
            [this](const OriginReport &report) { showReport(report); });
}

void OriginTesterModel::showReport(const OriginReport &report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
    emit reportChanged();
}

QString OriginTesterModel::summary() const
{
    if (m_report.origin.isEmpty())
        return tr("Type an origin to see which entries admit it.");
    QString because;
    for (const ExplanationStep &step : m_report.explanation) {
        if (step.topic == "origin"_L1)
            because = step.text;
    }
    if (!m_report.error.isEmpty())
        return tr("Server error: %1").arg(because.isEmpty() ? m_report.error : because);
    return (m_report.allowed ? tr("Allowed: %1") : tr("Refused: %1")).arg(because);
}

QString OriginTesterModel::verdictText(bool raises, bool admits)
{
    return raises ? tr("raises") : admits ? tr("admits") : tr("refuses");
}

QIcon OriginTesterModel::verdictIcon(bool raises, bool admits)
{
    return raises ? Icons::raises() : admits ? Icons::admits() : Icons::refuses();
}

int OriginTesterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.entries.size());
}

int OriginTesterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OriginTesterModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OriginEntryVerdict &v = m_report.entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case VerdictColumn:
            return verdictText(v.raises, v.admits);
        case EntryColumn:
            return v.entry;
        case ReasonColumn:
            return v.reason;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == VerdictColumn)
            return verdictIcon(v.raises, v.admits);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn) {
            const QPalette palette = QGuiApplication::palette();
            if (v.raises)
                return Icons::severityColor(EntryIssue::Severity::Error, palette);
            if (v.admits)
                return Icons::admitColor(palette);
            return palette.color(QPalette::Disabled, QPalette::Text);
        }
        return {};
    case Qt::ToolTipRole:
        return tr("%1[%2] %3\n%4").arg(settingName(v.setting)).arg(v.index).arg(v.entry, v.reason);
    case SettingRole:
        return int(v.setting);
    case EntryRole:
        return v.index;
    case AdmitsRole:
        return v.admits;
    case RaisesRole:
        return v.raises;
    default:
        return {};
    }
}

QVariant OriginTesterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case VerdictColumn:
        return tr("Verdict");
    case EntryColumn:
        return tr("Entry");
    case ReasonColumn:
        return tr("Why");
    default:
        return {};
    }
}

Qt::ItemFlags OriginTesterModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace Cors
