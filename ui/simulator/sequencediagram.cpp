// SPDX-License-Identifier: MIT
#include "simulator/sequencediagram.h"

#include "icons.h"
#include "simulator/httptext.h"
#include "simulator/tracestepsmodel.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace Cors {

namespace {

bool isRequest(const TraceStep &step)
{
    return step.request.has_value();
}

bool isResponse(const TraceStep &step)
{
    return step.response.has_value();
}

void drawArrowHead(QPainter &p, QPointF tip, bool pointsRight)
{
    const qreal d = pointsRight ? -1 : 1;
    QPainterPath head;
    head.moveTo(tip);
    head.lineTo(tip + QPointF(9 * d, -5));
    head.lineTo(tip + QPointF(9 * d, 5));
    head.closeSubpath();
    p.fillPath(head, p.pen().color());
}

} // namespace

SequenceDiagram::SequenceDiagram(QWidget *parent)
    : QWidget(parent)
{
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void SequenceDiagram::setTrace(const QList<TraceStep> &steps, const QString &browserLabel,
                               const QString &serverLabel)
{
    m_steps = steps;
    m_browserLabel = browserLabel;
    m_serverLabel = serverLabel;
    m_current = int(steps.size()) - 1;
    m_selected = -1;
    updateGeometry();
    update();
}

void SequenceDiagram::setCurrent(int step)
{
    m_current = step;
    update();
}

void SequenceDiagram::setSelected(int step)
{
    m_selected = step;
    update();
}

int SequenceDiagram::headerHeight() const
{
    return fontMetrics().height() * 2 + 16;
}

int SequenceDiagram::rowHeight() const
{
    return fontMetrics().height() + fontMetrics().height() / 2 + 8;
}

QRect SequenceDiagram::stepRect(int step) const
{
    return QRect(0, headerHeight() + step * rowHeight(), width(), rowHeight());
}

QSize SequenceDiagram::sizeHint() const
{
    return QSize(fontMetrics().averageCharWidth() * 56,
                 headerHeight() + int(qMax<qsizetype>(m_steps.size(), 4)) * rowHeight() + 8);
}

QSize SequenceDiagram::minimumSizeHint() const
{
    return QSize(fontMetrics().averageCharWidth() * 36, sizeHint().height());
}

void SequenceDiagram::mousePressEvent(QMouseEvent *event)
{
    const int y = int(event->position().y()) - headerHeight();
    if (y < 0 || m_steps.isEmpty())
        return;
    const int step = y / rowHeight();
    if (step < m_steps.size()) {
        setSelected(step);
        emit stepClicked(step);
    }
}

void SequenceDiagram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm = fontMetrics();
    const int browserX = width() / 5;
    const int serverX = width() - width() / 5;
    const int top = headerHeight();
    const int bottom = qMax(height() - 4, top + int(m_steps.size()) * rowHeight());

    // Participants.
    auto participant = [&](int x, const QString &title, const QString &label) {
        const int w = qMin(width() / 2 - 16,
                           qMax(fm.horizontalAdvance(label), fm.horizontalAdvance(title)) + 20);
        const QRect box(x - w / 2, 4, w, top - 12);
        p.setPen(pal.color(QPalette::Mid));
        p.setBrush(pal.color(QPalette::AlternateBase));
        p.drawRoundedRect(box, 4, 4);
        p.setPen(pal.color(QPalette::Text));
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(box.adjusted(4, 2, -4, -box.height() / 2), Qt::AlignCenter, title);
        p.setFont(font());
        p.drawText(box.adjusted(4, box.height() / 2, -4, -2), Qt::AlignCenter,
                   fm.elidedText(label, Qt::ElideMiddle, box.width() - 8));
    };
    participant(browserX, tr("Browser"), m_browserLabel);
    participant(serverX, tr("Server"), m_serverLabel);
    QPen lifeline(pal.color(QPalette::Mid), 1, Qt::DashLine);
    p.setPen(lifeline);
    p.drawLine(browserX, top - 8, browserX, bottom);
    p.drawLine(serverX, top - 8, serverX, bottom);

    if (m_steps.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(0, top, 0, 0), Qt::AlignCenter,
                   tr("Run a request to see the exchange."));
        return;
    }

    for (int i = 0; i < m_steps.size(); ++i) {
        const TraceStep &step = m_steps.at(i);
        const QRect row = stepRect(i);
        if (i == m_selected)
            p.fillRect(row,
                       Icons::isDark(pal) ? pal.color(QPalette::Highlight).darker(160)
                                          : pal.color(QPalette::Highlight).lighter(185));
        const bool reached = i <= m_current;
        const bool failed = step.verdict == Verdict::Fail || step.verdict == Verdict::Error;
        QColor ink = failed ? Icons::severityColor(EntryIssue::Severity::Error, pal)
                            : pal.color(QPalette::Text);
        if (!reached)
            ink.setAlpha(70);
        p.setPen(QPen(ink, failed ? 2 : 1.4));
        const int midY = row.center().y() + fm.height() / 2 - 2;

        if (isRequest(step) || isResponse(step)) {
            const bool right = isRequest(step);
            const QString label = right ? requestLine(*step.request) : responseLine(*step.response);
            QPen pen = p.pen();
            pen.setStyle(right ? Qt::SolidLine : Qt::DashLine);
            p.setPen(pen);
            const int from = right ? browserX : serverX;
            const int to = right ? serverX - 2 : browserX + 2;
            p.drawLine(from, midY, to, midY);
            pen.setStyle(Qt::SolidLine);
            p.setPen(pen);
            drawArrowHead(p, QPointF(to, midY), right);
            p.setPen(ink);
            const QRect textRect(browserX + 8, row.top() + 2, serverX - browserX - 16,
                                 midY - row.top() - 3);
            p.drawText(textRect, Qt::AlignHCenter | Qt::AlignBottom,
                       fm.elidedText(label, Qt::ElideRight, textRect.width()));
            continue;
        }
        // A step the browser takes on its own: a note box on its lifeline.
        const QString text = verdictMark(step.verdict) + u' ' + step.title;
        QFont f = font();
        f.setBold(failed);
        const QFontMetrics boxMetrics(f);
        const int left
                = browserX - qMin(width() / 5 - 6, (boxMetrics.horizontalAdvance(text) + 20) / 3);
        const int w = qMin(boxMetrics.horizontalAdvance(text) + 20, width() - left - 6);
        const QRect box(left, row.top() + 3, w, row.height() - 6);
        const bool check = step.id.endsWith(QLatin1String("check"))
                || step.id.endsWith(QLatin1String("checks"));
        // Tinted boxes from the palette's own window colour, so they read in light and dark.
        const QColor base = pal.color(QPalette::Window);
        const auto tint = [&base](const QColor &accent) {
            return QColor((base.red() * 4 + accent.red()) / 5,
                          (base.green() * 4 + accent.green()) / 5,
                          (base.blue() * 4 + accent.blue()) / 5);
        };
        QColor fill = failed ? tint(Icons::severityColor(EntryIssue::Severity::Error, pal))
                : step.verdict == Verdict::Pass && check ? tint(Icons::admitColor(pal))
                                                         : base;
        if (!reached)
            fill.setAlpha(90);
        p.setBrush(fill);
        p.drawRoundedRect(box, 3, 3);
        p.setPen(ink);
        p.setFont(f);
        p.drawText(box.adjusted(8, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   boxMetrics.elidedText(text, Qt::ElideRight, box.width() - 12));
        p.setFont(font());
    }
}

} // namespace Cors
