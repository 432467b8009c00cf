// SPDX-License-Identifier: MIT
#include "live/livelogmodel.h"

#include "server/responsecomparison.h"

#include <QBrush>

namespace Cors {

namespace {

bool isCorsHeader(const QString &name)
{
    return name.startsWith(QLatin1String("access-control-"), Qt::CaseInsensitive);
}

} // namespace

LiveLogModel::LiveLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int LiveLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LiveLogModel::policySummary(const Live::LiveExchange &e)
{
    const EngineResponse &r = e.engine;
    if (!r.error.isEmpty())
        return tr("Django would fail: %1 (500, no CORS headers)").arg(r.error);
    if (!r.enabled)
        return tr("Outside CORS_URLS_REGEX: no CORS headers");
    const auto origin = e.request.headers.value(u"Origin");
    QString what;
    if (r.shortCircuit)
        what = tr("Preflight answered by the middleware");
    else if (isPreflightRequest(e.request))
        what = tr("OPTIONS passed to the view");
    else
        what = tr("Passed to the view");
    if (!origin || origin->isEmpty())
        return tr("%1; no Origin").arg(what);
    return r.originAllowed ? tr("%1; origin %2 allowed").arg(what, *origin)
                           : tr("%1; origin %2 refused").arg(what, *origin);
}

bool LiveLogModel::matchesPrediction(const Live::LiveExchange &e)
{
    return e.predicted && e.predicted->method == e.request.method;
}

QString LiveLogModel::simulatorSummary(const Live::LiveExchange &e)
{
    if (e.binding.isEmpty())
        return QString();
    if (!e.predicted)
        return tr("Scenario %1: the simulator predicted no request #%2")
                .arg(e.binding)
                .arg(e.bindingIndex + 1);
    if (matchesPrediction(e))
        return tr("Scenario %1: request #%2 as predicted (%3)")
                .arg(e.binding)
                .arg(e.bindingIndex + 1)
                .arg(e.predicted->method);
    return tr("Scenario %1: the simulator predicted %2 as request #%3")
            .arg(e.binding, e.predicted->method)
            .arg(e.bindingIndex + 1);
}

QVariant LiveLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Live::LiveExchange &e = m_rows.at(index.row());
    if (role == ExchangeSequenceRole)
        return e.sequence;
    if (role == Qt::ForegroundRole && index.column() == Simulator && !e.binding.isEmpty()
        && !matchesPrediction(e))
        return QBrush(Qt::red);
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        lines.append(QStringLiteral("%1 %2 %3")
                             .arg(QString::fromLatin1(e.wireMethod),
                                  QString::fromLatin1(e.wireTarget),
                                  QString::fromLatin1(e.wireVersion)));
        for (const HttpHeader &h : e.request.headers)
            lines.append(QStringLiteral("%1: %2").arg(h.name, h.value));
        lines.append(QString());
        lines.append(QStringLiteral("%1").arg(e.status));
        for (const HttpHeader &h : e.sentHeaders)
            lines.append(QStringLiteral("%1: %2").arg(h.name, h.value));
        return lines.join(u'\n');
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Sequence:
        return e.sequence;
    case Time:
        return e.received.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Request:
        return QStringLiteral("%1 %2").arg(QString::fromLatin1(e.wireMethod),
                                           QString::fromLatin1(e.wireTarget));
    case Origin:
        return e.request.headers.value(u"Origin").value_or(QString());
    case Sent: {
        QStringList parts = {QString::number(e.status)};
        for (const HttpHeader &h : e.sentHeaders) {
            if (isCorsHeader(h.name)
                || h.name.compare(QLatin1String("Vary"), Qt::CaseInsensitive) == 0)
                parts.append(QStringLiteral("%1: %2").arg(h.name, h.value));
        }
        return parts.join(QStringLiteral("; "));
    }
    case Policy:
        return policySummary(e);
    case Simulator:
        return simulatorSummary(e);
    default:
        return {};
    }
}

QVariant LiveLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Sequence:
        return tr("#");
    case Time:
        return tr("Time");
    case Request:
        return tr("Request");
    case Origin:
        return tr("Origin");
    case Sent:
        return tr("Sent (status, CORS headers)");
    case Policy:
        return tr("Policy decided");
    case Simulator:
        return tr("Simulator predicted");
    default:
        return {};
    }
}

void LiveLogModel::append(const Live::LiveExchange &exchange)
{
    if (m_rows.size() >= m_limit) {
        const int excess = int(m_rows.size()) - m_limit + 1;
        beginRemoveRows({}, 0, excess - 1);
        m_rows.remove(0, excess);
        endRemoveRows();
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(exchange);
    endInsertRows();
}

void LiveLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void LiveLogModel::setLimit(int limit)
{
    m_limit = qMax(1, limit);
    if (m_rows.size() > m_limit) {
        const int excess = int(m_rows.size()) - m_limit;
        beginRemoveRows({}, 0, excess - 1);
        m_rows.remove(0, excess);
        endRemoveRows();
    }
}

} // namespace Cors
