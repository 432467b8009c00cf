// SPDX-License-Identifier: MIT
#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

using namespace Qt::StringLiterals;

namespace Cors::Theme {

namespace {

struct SystemLook
{
    bool captured = false;
    QString styleName;
    QPalette palette;
};

SystemLook &systemLook()
{
    static SystemLook look;
    return look;
}

Mode &currentMode()
{
    static Mode mode = Mode::System;
    return mode;
}

QPalette darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    const QColor button(0x35, 0x37, 0x3b);
    const QColor highlight(0x2f, 0x6f, 0xc4);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x45));
    p.setColor(QPalette::Mid, QColor(0x24, 0x25, 0x28));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xff));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x40, 0x44, 0x48));
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

void setStyleNamed(const QString &name)
{
    if (QApplication::style()->name().compare(name, Qt::CaseInsensitive) == 0)
        return;
    if (QStyle *style = QStyleFactory::create(name))
        QApplication::setStyle(style);
}

} // namespace

QString modeId(Mode mode)
{
    switch (mode) {
    case Mode::System:
        return u"system"_s;
    case Mode::Light:
        return u"light"_s;
    case Mode::Dark:
        return u"dark"_s;
    }
    return u"system"_s;
}

Mode modeFromId(const QString &id)
{
    if (id == u"light"_s)
        return Mode::Light;
    if (id == u"dark"_s)
        return Mode::Dark;
    return Mode::System;
}

void apply(Mode mode)
{
    SystemLook &look = systemLook();
    if (!look.captured) {
        look.captured = true;
        look.styleName = QApplication::style()->name();
        look.palette = QApplication::palette();
    }
    currentMode() = mode;
    switch (mode) {
    case Mode::System:
        setStyleNamed(look.styleName);
        QApplication::setPalette(look.palette);
        break;
    case Mode::Light:
        setStyleNamed(u"Fusion"_s);
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Mode::Dark:
        setStyleNamed(u"Fusion"_s);
        QApplication::setPalette(darkPalette());
        break;
    }
}

Mode current()
{
    return currentMode();
}

} // namespace Cors::Theme
