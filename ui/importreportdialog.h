// SPDX-License-Identifier: MIT
#pragma once

#include "python/settingsreader.h"

#include <QDialog>

class QTreeView;

namespace Cors {

class ImportReportModel;

/** What importing a settings.py read and skipped, line by line. */
class ImportReportDialog : public QDialog
{
    Q_OBJECT

public:
    ImportReportDialog(const QString &fileName, const QList<SettingsMessage> &messages,
                       QWidget *parent = nullptr);
    ImportReportModel *model() const { return m_model; }

private:
    ImportReportModel *m_model;
    QTreeView *m_view;
};

} // namespace Cors
