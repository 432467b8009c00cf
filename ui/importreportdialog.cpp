// SPDX-License-Identifier: MIT
#include "importreportdialog.h"

#include "models/importreportmodel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

ImportReportDialog::ImportReportDialog(const QString &fileName,
                                       const QList<SettingsMessage> &messages, QWidget *parent)
    : QDialog(parent)
    , m_model(new ImportReportModel(this))
{
    setObjectName(u"importReportDialog"_s);
    setWindowTitle(tr("Import Report: %1").arg(fileName));
    m_model->setMessages(messages);

    auto *summary = new QLabel(tr("%1 was read without running it: %n statement(s) read", nullptr,
                                  m_model->count(SettingsMessage::Severity::Info))
                                               .arg(fileName)
                                       + tr(", %n skipped or read with a warning.", nullptr,
                                            m_model->count(SettingsMessage::Severity::Warning)),
                               this);
    summary->setWordWrap(true);

    m_view = new QTreeView(this);
    m_view->setObjectName(u"importReportView"_s);
    m_view->setAccessibleName(tr("Import report"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(ImportReportModel::LineColumn,
                                           QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(ImportReportModel::SeverityColumn,
                                           QHeaderView::ResizeToContents);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(760, 420);
}

} // namespace Cors
