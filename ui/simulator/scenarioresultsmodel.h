// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenariosuite.h"

#include <QAbstractTableModel>

namespace Cors {

/** The saved scenarios with their last run: expected and actual verdict, pass or fail. */
class ScenarioResultsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ExpectedColumn, GotColumn, ResultColumn, ColumnCount };
    enum Role { PassedRole = Qt::UserRole + 1 };

    explicit ScenarioResultsModel(QObject *parent = nullptr);

    void setOutcomes(const QList<ScenarioOutcome> &outcomes);
    const QList<ScenarioOutcome> &outcomes() const { return m_outcomes; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<ScenarioOutcome> m_outcomes;
};

} // namespace Cors
