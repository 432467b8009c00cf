// SPDX-License-Identifier: MIT
#include "icons.h"

#include <QApplication>
#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Cors::Icons {

namespace {

enum class Shape { Error, Warning, Info, Check, Cross, Bolt, Python };

QColor shapeColor(Shape shape)
{
    const QPalette palette = QGuiApplication::palette();
    switch (shape) {
    case Shape::Error:
    case Shape::Bolt:
        return severityColor(EntryIssue::Severity::Error, palette);
    case Shape::Warning:
    case Shape::Python:
        return isDark(palette) ? QColor(0xf0, 0xb0, 0x40) : QColor(0xe0, 0x8e, 0x0b);
    case Shape::Info:
        return severityColor(EntryIssue::Severity::Info, palette);
    case Shape::Check:
        return admitColor(palette);
    case Shape::Cross:
        return palette.color(QPalette::Disabled, QPalette::WindowText);
    }
    return {};
}

// Paints simple vector marks so that icons stay sharp at every scale factor without depending on
// an icon theme or the SVG plugin.
class MarkEngine : public QIconEngine
{
public:
    explicit MarkEngine(Shape shape)
        : m_shape(shape)
    { }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QColor color = shapeColor(m_shape);
        if (mode == QIcon::Disabled)
            color.setAlphaF(0.45f);
        const qreal side = qMin(rect.width(), rect.height());
        const QRectF box(rect.x() + (rect.width() - side) / 2.0,
                         rect.y() + (rect.height() - side) / 2.0, side, side);
        const QRectF inner = box.adjusted(side * 0.06, side * 0.06, -side * 0.06, -side * 0.06);
        const QColor ink = QColor(Qt::white);
        QPen pen(ink, qMax<qreal>(1.2, side * 0.12), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        switch (m_shape) {
        case Shape::Warning: {
            QPainterPath triangle;
            triangle.moveTo(inner.center().x(), inner.top());
            triangle.lineTo(inner.right(), inner.bottom());
            triangle.lineTo(inner.left(), inner.bottom());
            triangle.closeSubpath();
            painter->fillPath(triangle, color);
            painter->setPen(
                    QPen(QColor(0x30, 0x20, 0x00), pen.widthF(), Qt::SolidLine, Qt::RoundCap));
            const qreal x = inner.center().x();
            painter->drawLine(QPointF(x, inner.top() + side * 0.34),
                              QPointF(x, inner.top() + side * 0.62));
            painter->drawPoint(QPointF(x, inner.top() + side * 0.78));
            break;
        }
        case Shape::Python: {
            painter->setBrush(color);
            painter->setPen(Qt::NoPen);
            painter->drawRoundedRect(inner, side * 0.18, side * 0.18);
            QFont font = painter->font();
            font.setPixelSize(qMax(6, int(side * 0.62)));
            font.setBold(true);
            painter->setFont(font);
            painter->setPen(QColor(0x30, 0x20, 0x00));
            painter->drawText(inner, Qt::AlignCenter, u"Py"_s.left(side >= 20 ? 2 : 1));
            break;
        }
        default: {
            painter->setBrush(color);
            painter->setPen(Qt::NoPen);
            painter->drawEllipse(inner);
            painter->setPen(pen);
            const QPointF c = inner.center();
            const qreal r = inner.width() / 2.0;
            if (m_shape == Shape::Error) {
                painter->drawLine(QPointF(c.x(), c.y() - r * 0.5), QPointF(c.x(), c.y() + r * 0.1));
                painter->drawPoint(QPointF(c.x(), c.y() + r * 0.48));
            } else if (m_shape == Shape::Info) {
                painter->drawPoint(QPointF(c.x(), c.y() - r * 0.48));
                painter->drawLine(QPointF(c.x(), c.y() - r * 0.1), QPointF(c.x(), c.y() + r * 0.5));
            } else if (m_shape == Shape::Check) {
                QPainterPath tick;
                tick.moveTo(c.x() - r * 0.45, c.y() + r * 0.02);
                tick.lineTo(c.x() - r * 0.1, c.y() + r * 0.38);
                tick.lineTo(c.x() + r * 0.48, c.y() - r * 0.34);
                painter->setBrush(Qt::NoBrush);
                painter->drawPath(tick);
            } else if (m_shape == Shape::Cross) {
                const qreal d = r * 0.36;
                painter->drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d));
                painter->drawLine(QPointF(c.x() + d, c.y() - d), QPointF(c.x() - d, c.y() + d));
            } else if (m_shape == Shape::Bolt) {
                QPainterPath bolt;
                bolt.moveTo(c.x() + r * 0.12, c.y() - r * 0.6);
                bolt.lineTo(c.x() - r * 0.3, c.y() + r * 0.08);
                bolt.lineTo(c.x() + r * 0.02, c.y() + r * 0.08);
                bolt.lineTo(c.x() - r * 0.12, c.y() + r * 0.6);
                bolt.lineTo(c.x() + r * 0.3, c.y() - r * 0.08);
                bolt.lineTo(c.x() - r * 0.02, c.y() - r * 0.08);
                bolt.closeSubpath();
                painter->setPen(Qt::NoPen);
                painter->setBrush(ink);
                painter->drawPath(bolt);
            }
            break;
        }
        }
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        QPixmap pixmap(size * scale);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pixmap;
    }

    QIconEngine *clone() const override { return new MarkEngine(m_shape); }

private:
    Shape m_shape;
};

QIcon mark(Shape shape)
{
    return QIcon(new MarkEngine(shape));
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor severityColor(EntryIssue::Severity severity, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (severity) {
    case EntryIssue::Severity::Error:
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    case EntryIssue::Severity::Warning:
        return dark ? QColor(0xf0, 0xb0, 0x40) : QColor(0x9a, 0x5b, 0x00);
    case EntryIssue::Severity::Info:
        return dark ? QColor(0x6c, 0xb4, 0xff) : QColor(0x1f, 0x5f, 0xbf);
    }
    return palette.color(QPalette::Text);
}

QColor admitColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x5c, 0xd0, 0x7a) : QColor(0x2e, 0x7d, 0x32);
}

QIcon severity(EntryIssue::Severity severity)
{
    switch (severity) {
    case EntryIssue::Severity::Error:
        return mark(Shape::Error);
    case EntryIssue::Severity::Warning:
        return mark(Shape::Warning);
    case EntryIssue::Severity::Info:
        return mark(Shape::Info);
    }
    return {};
}

QIcon admits()
{
    return mark(Shape::Check);
}

QIcon refuses()
{
    return mark(Shape::Cross);
}

QIcon raises()
{
    return mark(Shape::Bolt);
}

QIcon python()
{
    return mark(Shape::Python);
}

QIcon themed(const char *name, int standardPixmap)
{
    const QString themeName = QString::fromLatin1(name);
    if (QIcon::hasThemeIcon(themeName))
        return QIcon::fromTheme(themeName);
    if (qobject_cast<QApplication *>(QCoreApplication::instance()))
        return QApplication::style()->standardIcon(QStyle::StandardPixmap(standardPixmap));
    return {};
}

} // namespace Cors::Icons
