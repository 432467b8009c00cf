// SPDX-License-Identifier: MIT
#pragma once

#include <QTreeView>

namespace Cors {

/** A tree view that says something (e.g. "No problems") instead of showing an empty area. */
class PlaceholderTreeView : public QTreeView
{
    Q_OBJECT

public:
    explicit PlaceholderTreeView(QWidget *parent = nullptr);

    QString placeholderText() const { return m_placeholder; }
    void setPlaceholderText(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_placeholder;
};

} // namespace Cors
