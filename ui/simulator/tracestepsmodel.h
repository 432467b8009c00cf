// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"

#include <QAbstractListModel>

namespace Cors {

/** The steps of a simulation's trace, one row each; rows after the current step are greyed. */
class TraceStepsModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        VerdictRole = Qt::UserRole + 1, ///< Cors::Verdict as int
        StepIdRole,
    };

    explicit TraceStepsModel(QObject *parent = nullptr);

    void setSteps(const QList<TraceStep> &steps);
    const QList<TraceStep> &steps() const { return m_steps; }
    /** The walk-through's position: steps after it are not reached yet. -1: none. */
    void setCurrent(int row);
    int current() const { return m_current; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<TraceStep> m_steps;
    int m_current = -1;
};

/** "✓", "✗", "–", "!" for a verdict. */
QString verdictMark(Verdict verdict);

} // namespace Cors
