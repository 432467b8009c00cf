// SPDX-License-Identifier: MIT
#pragma once

#include "python/settingsreader.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
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

    /**
     * Lists the settings that could not be read (first, with their lines) and, for a file with
     * variants, names them, says which one the policy is and why, and offers the others.
     */
    void setImport(const QList<UnreadSetting> &unread, const QStringList &variants,
                   qsizetype variantIndex, const QString &chosenReason);
    /** The variant picked in the selector (the dialog is accepted when one is to be used). */
    QString selectedVariant() const;

private:
    ImportReportModel *m_model;
    QTreeView *m_view;
    QLabel *m_variantLabel;
    QComboBox *m_variantSelector;
    QPushButton *m_useVariant;
};

} // namespace Cors
