// SPDX-License-Identifier: MIT
#pragma once

#include "policy/setting.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeView;

namespace Cors {

class OriginTesterModel;
class PolicyDocument;

/**
 * Type an origin, see the engine's decision and, for every entry of the origin settings, whether
 * it admits the origin and why (CorsEngine::examineOrigin). Activating a row asks to show that
 * entry in the editor.
 */
class OriginTester : public QWidget
{
    Q_OBJECT

public:
    explicit OriginTester(PolicyDocument *document, QWidget *parent = nullptr);

    OriginTesterModel *model() const { return m_model; }
    QLineEdit *input() const { return m_input; }
    QTreeView *view() const { return m_view; }
    QString summary() const;
    void setOrigin(const QString &origin);

signals:
    void entryActivated(Cors::SettingId setting, int entry);

protected:
    void changeEvent(QEvent *event) override;

private:
    OriginTesterModel *m_model;
    QLineEdit *m_input;
    QLabel *m_summary;
    QTreeView *m_view;

    void updateSummary();
    void fitVerdictColumn();
};

} // namespace Cors
