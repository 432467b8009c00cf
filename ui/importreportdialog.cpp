// SPDX-License-Identifier: MIT
#include "importreportdialog.h"

#include "models/importreportmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
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

    // A settings.py whose policy depends on DEBUG or the environment: its variants.
    m_variantLabel = new QLabel(this);
    m_variantLabel->setObjectName(u"importVariantLabel"_s);
    m_variantLabel->setWordWrap(true);
    m_variantLabel->hide();
    m_variantSelector = new QComboBox(this);
    m_variantSelector->setObjectName(u"variantSelector"_s);
    m_variantSelector->setAccessibleName(tr("Variant"));
    m_useVariant = new QPushButton(tr("&Use This Variant"), this);
    m_useVariant->setObjectName(u"useVariantButton"_s);
    connect(m_useVariant, &QPushButton::clicked, this, &QDialog::accept);
    auto *variantRow = new QHBoxLayout;
    variantRow->addWidget(m_variantSelector, 1);
    variantRow->addWidget(m_useVariant);
    m_variantSelector->hide();
    m_useVariant->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_variantLabel);
    layout->addLayout(variantRow);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(760, 420);
}

void ImportReportDialog::setImport(const QList<UnreadSetting> &unread, const QStringList &variants,
                                   qsizetype variantIndex, const QString &chosenReason)
{
    m_model->setUnread(unread);
    if (variants.size() < 2)
        return;
    QStringList quoted;
    for (const QString &name : variants)
        quoted.append(u'"' + name + u'"');
    m_variantLabel->setText(
            tr("The policy depends on what the file does not say: its variants are %1. The "
               "document holds \"%2\"%3; pick another to check or export it.")
                    .arg(quoted.join(QStringLiteral(", ")), variants.value(variantIndex),
                         chosenReason.isEmpty() ? QString()
                                                : tr(" (chosen: %1)").arg(chosenReason)));
    m_variantSelector->clear();
    m_variantSelector->addItems(variants);
    m_variantSelector->setCurrentIndex(int(variantIndex));
    m_variantLabel->show();
    m_variantSelector->show();
    m_useVariant->show();
}

QString ImportReportDialog::selectedVariant() const
{
    return m_variantSelector->currentText();
}

} // namespace Cors
