// SPDX-License-Identifier: MIT
#include "workspaces/workspaceicons.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace Cors::WorkspaceIcons {

namespace {

enum class Glyph { Policy, Simulate, Live, SidePanel };

class GlyphEngine : public QIconEngine
{
public:
    explicit GlyphEngine(Glyph glyph)
        : m_glyph(glyph)
    { }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette palette = QGuiApplication::palette();
        QColor color
                = palette.color(mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Active,
                                QPalette::WindowText);
        if (mode == QIcon::Selected)
            color = palette.color(QPalette::HighlightedText);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const qreal s = qMin(rect.width(), rect.height());
        const QRectF box(rect.x() + (rect.width() - s) / 2.0, rect.y() + (rect.height() - s) / 2.0,
                         s, s);
        const qreal pen = qMax(1.0, s / 12.0);
        painter->setPen(QPen(color, pen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        auto at = [&box](qreal x, qreal y) {
            return QPointF(box.x() + x * box.width(), box.y() + y * box.height());
        };
        switch (m_glyph) {
        case Glyph::Policy: // a sheet with lines of settings
            painter->drawRoundedRect(QRectF(at(0.2, 0.1), at(0.8, 0.9)), s * 0.06, s * 0.06);
            for (qreal y : {0.32, 0.5, 0.68})
                painter->drawLine(at(0.32, y), at(0.68, y));
            break;
        case Glyph::Simulate: { // play
            QPainterPath path;
            path.moveTo(at(0.28, 0.16));
            path.lineTo(at(0.84, 0.5));
            path.lineTo(at(0.28, 0.84));
            path.closeSubpath();
            painter->setBrush(color);
            painter->drawPath(path);
            break;
        }
        case Glyph::Live: // a dot broadcasting
            painter->setBrush(color);
            painter->drawEllipse(QRectF(at(0.42, 0.42), at(0.58, 0.58)));
            painter->setBrush(Qt::NoBrush);
            for (qreal r : {0.22, 0.38}) {
                const QRectF arc(at(0.5 - r, 0.5 - r), at(0.5 + r, 0.5 + r));
                painter->drawArc(arc, -40 * 16, 80 * 16);
                painter->drawArc(arc, 140 * 16, 80 * 16);
            }
            break;
        case Glyph::SidePanel: // a window with its right part marked
            painter->drawRoundedRect(QRectF(at(0.1, 0.18), at(0.9, 0.82)), s * 0.05, s * 0.05);
            painter->drawLine(at(0.6, 0.18), at(0.6, 0.82));
            for (qreal y : {0.36, 0.5, 0.64})
                painter->drawLine(at(0.68, y), at(0.82, y));
            break;
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
        pixmap.fill(Qt::transparent);
        pixmap.setDevicePixelRatio(scale);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(), size), mode, state);
        return pixmap;
    }

    QIconEngine *clone() const override { return new GlyphEngine(m_glyph); }

private:
    Glyph m_glyph;
};

} // namespace

QIcon policy()
{
    return QIcon(new GlyphEngine(Glyph::Policy));
}

QIcon simulate()
{
    return QIcon(new GlyphEngine(Glyph::Simulate));
}

QIcon live()
{
    return QIcon(new GlyphEngine(Glyph::Live));
}

QIcon sidePanel()
{
    return QIcon(new GlyphEngine(Glyph::SidePanel));
}

} // namespace Cors::WorkspaceIcons
