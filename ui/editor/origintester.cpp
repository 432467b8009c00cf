// SPDX-License-Identifier: MIT
#include "editor/origintester.h"

#include "icons.h"
#include "models/origintestermodel.h"

#include <QApplication>
#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

OriginTester::OriginTester(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_model(new OriginTesterModel(document, this))
{
    setObjectName(u"originTester"_s);
    m_input = new QLineEdit(this);
    m_input->setObjectName(u"originTesterInput"_s);
    m_input->setAccessibleName(tr("Origin to test"));
    m_input->setPlaceholderText(tr("Origin to test, e.g. https://app.example.com"));
    m_input->setClearButtonEnabled(true);
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_input, &QLineEdit::textChanged, m_model, &OriginTesterModel::setOrigin);

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"originTesterSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_view = new QTreeView(this);
    m_view->setObjectName(u"originTesterView"_s);
    m_view->setAccessibleName(tr("Verdict of every origin entry"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->header()->setStretchLastSection(true);
    fitVerdictColumn();
    m_view->header()->resizeSection(OriginTesterModel::EntryColumn, 300);
    m_view->setTextElideMode(Qt::ElideRight);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        emit entryActivated(SettingId(index.data(OriginTesterModel::SettingRole).toInt()),
                            index.data(OriginTesterModel::EntryRole).toInt());
    });

    auto *title = new QLabel(tr("Test an origin"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *intro = new QLabel(tr("What the middleware decides for a request with this Origin, and "
                                "what every entry above says about it."),
                             this);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(m_input);
    layout->addWidget(m_summary);
    layout->addWidget(m_view);

    connect(m_model, &OriginTesterModel::reportChanged, this, &OriginTester::updateSummary);
    updateSummary();
}

void OriginTester::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fitVerdictColumn();
}

void OriginTester::fitVerdictColumn()
{
    // The column shows one of three words, so it is measured on those, once. ResizeToContents
    // measured up to 100 rows of a 10,000-entry list on every layout: a quarter of the GUI
    // thread's time after an edit.
    QStyleOptionViewItem option;
    option.initFrom(m_view);
    option.features = QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration;
    option.font = m_view->font();
    option.fontMetrics = m_view->fontMetrics();
    const int icon = m_view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_view);
    option.decorationSize = m_view->iconSize().isValid() ? m_view->iconSize() : QSize(icon, icon);
    int width = m_view->header()->sectionSizeHint(OriginTesterModel::VerdictColumn);
    for (const auto &[raises, admits] : {std::pair {true, false}, {false, true}, {false, false}}) {
        option.text = OriginTesterModel::verdictText(raises, admits);
        option.icon = OriginTesterModel::verdictIcon(raises, admits);
        width = qMax(width,
                     m_view->style()
                             ->sizeFromContents(QStyle::CT_ItemViewItem, &option, QSize(), m_view)
                             .width());
    }
    m_view->header()->resizeSection(OriginTesterModel::VerdictColumn, width);
}

QString OriginTester::summary() const
{
    return m_summary->text();
}

void OriginTester::setOrigin(const QString &origin)
{
    m_input->setText(origin);
}

void OriginTester::updateSummary()
{
    const OriginReport &report = m_model->report();
    QPalette palette = QApplication::palette(m_summary);
    QColor color = palette.color(QPalette::Disabled, QPalette::WindowText);
    if (!report.origin.isEmpty()) {
        if (!report.error.isEmpty())
            color = Icons::severityColor(EntryIssue::Severity::Error, palette);
        else if (report.allowed)
            color = Icons::admitColor(palette);
        else
            color = palette.color(QPalette::WindowText);
    }
    palette.setColor(QPalette::WindowText, color);
    m_summary->setPalette(palette);
    m_summary->setText(m_model->summary());
    m_view->setVisible(m_model->rowCount() > 0);
    const int rows = qBound(1, m_model->rowCount(), 10);
    int rowHeight = m_view->sizeHintForRow(0);
    if (rowHeight <= 0)
        rowHeight = m_view->fontMetrics().height() + 8;
    m_view->setFixedHeight(rows * rowHeight + m_view->header()->sizeHint().height()
                           + 2 * m_view->frameWidth() + 2);
}

} // namespace Cors
