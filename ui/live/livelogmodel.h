// SPDX-License-Identifier: MIT
#pragma once

#include "live/policyserver.h"

#include <QAbstractTableModel>
#include <QList>

namespace Cors {

/**
 * The requests the live server answered, newest last: what came in, what was sent back, what
 * the policy (the engine) decided, and, for requests the test page ran, whether the request is
 * the one the simulator predicted at that point of the scenario.
 */
class LiveLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Sequence, Time, Request, Origin, Sent, Policy, Simulator, ColumnCount };
    enum Role { ExchangeSequenceRole = Qt::UserRole };

    explicit LiveLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const Live::LiveExchange &exchange);
    void clear();
    const Live::LiveExchange &exchange(int row) const { return m_rows.at(row); }
    /** Rows kept; the oldest go first (default 1000). */
    void setLimit(int limit);

    /** "OPTIONS preflight answered, origin allowed" etc.: the engine's decision in words. */
    static QString policySummary(const Live::LiveExchange &exchange);
    /** Empty when the request was not sent by a test-page scenario. */
    static QString simulatorSummary(const Live::LiveExchange &exchange);
    /** The request matches the simulator's prediction (bound requests only). */
    static bool matchesPrediction(const Live::LiveExchange &exchange);

private:
    QList<Live::LiveExchange> m_rows;
    int m_limit = 1000;
};

} // namespace Cors
