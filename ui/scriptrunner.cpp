// SPDX-License-Identifier: MIT
#include "scriptrunner.h"

#include "document/policydocument.h"
#include "editor/policyeditor.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

void sendKey(QWidget *target, int key, const QString &text = {})
{
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
    QApplication::sendEvent(target, &press);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
    QApplication::sendEvent(target, &release);
}

int namedKey(const QString &name)
{
    static const QList<QPair<QString, int>> keys {
            {u"Return"_s, Qt::Key_Return}, {u"Enter"_s, Qt::Key_Enter},
            {u"Tab"_s, Qt::Key_Tab},       {u"Up"_s, Qt::Key_Up},
            {u"Down"_s, Qt::Key_Down},     {u"Delete"_s, Qt::Key_Delete},
            {u"Escape"_s, Qt::Key_Escape}, {u"Space"_s, Qt::Key_Space},
    };
    for (const auto &[n, key] : keys) {
        if (n == name)
            return key;
    }
    return 0;
}

} // namespace

ScriptRunner::ScriptRunner(MainWindow *window, const QStringList &lines, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_lines(lines)
{
    connect(window->document(), &PolicyDocument::autosaved, this, [this] {
        if (!m_waitingForAutosave)
            return;
        m_waitingForAutosave = false;
        QTimer::singleShot(0, this, &ScriptRunner::runNext);
    });
}

bool ScriptRunner::load(const QString &path, QStringList *lines)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        std::fprintf(stderr, "cors-studio: cannot read the script %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return false;
    }
    *lines = QString::fromUtf8(file.readAll()).split(u'\n');
    return true;
}

void ScriptRunner::start()
{
    QTimer::singleShot(0, this, &ScriptRunner::runNext);
}

void ScriptRunner::runNext()
{
    while (m_next < m_lines.size()) {
        const QString line = m_lines.at(m_next++).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        QString error;
        if (!run(line, &error)) {
            fail(QStringLiteral("line %1: %2: %3").arg(m_next).arg(line, error));
            return;
        }
        if (m_waitingForAutosave)
            return;
        // One action per turn of the event loop, as a user's events arrive.
        QTimer::singleShot(0, this, &ScriptRunner::runNext);
        return;
    }
}

QWidget *ScriptRunner::widget(const QString &name, QString *error) const
{
    auto *found = m_window->findChild<QWidget *>(name);
    if (!found)
        *error = QStringLiteral("no widget named %1").arg(name);
    else if (!found->isVisible())
        *error = QStringLiteral("%1 is not visible").arg(name);
    return found && found->isVisible() ? found : nullptr;
}

bool ScriptRunner::run(const QString &line, QString *error)
{
    const QString verb = line.section(u' ', 0, 0);
    const QString name = line.section(u' ', 1, 1);
    const QString rest = line.section(u' ', 2);
    if (verb == "group"_L1) {
        const int group = name.toInt() - 1;
        if (group < 0 || group >= PolicyEditor::GroupCount) {
            *error = QStringLiteral("no group %1").arg(name);
            return false;
        }
        m_window->editor()->showGroup(PolicyEditor::Group(group));
        return true;
    }
    if (verb == "type"_L1 || verb == "key"_L1 || verb == "click"_L1) {
        QWidget *target = widget(name, error);
        if (!target)
            return false;
        if (verb == "click"_L1) {
            const QPoint at = target->rect().center();
            QMouseEvent press(QEvent::MouseButtonPress, at, target->mapToGlobal(at), Qt::LeftButton,
                              Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(target, &press);
            QMouseEvent release(QEvent::MouseButtonRelease, at, target->mapToGlobal(at),
                                Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
            QApplication::sendEvent(target, &release);
            return true;
        }
        target->setFocus(Qt::OtherFocusReason);
        if (verb == "key"_L1) {
            const int key = namedKey(rest);
            if (!key) {
                *error = QStringLiteral("unknown key %1").arg(rest);
                return false;
            }
            sendKey(target, key);
            return true;
        }
        // Printable ASCII key codes are the characters' own (upper case for letters).
        for (const QChar c : rest)
            sendKey(target, c.toUpper().unicode(), QString(c));
        return true;
    }
    if (verb == "wait-autosave"_L1) {
        PolicyDocument *document = m_window->document();
        if (!document->isModified()) {
            *error = QStringLiteral("nothing to autosave: the document is unmodified");
            return false;
        }
        // Already written since the last edit: nothing to wait for.
        if (document->hasRecoveryFile() && !document->autosavePending())
            return true;
        m_waitingForAutosave = true;
        return true;
    }
    if (verb == "print"_L1) {
        std::fprintf(stdout, "%s\n", qPrintable(line.section(u' ', 1)));
        std::fflush(stdout);
        return true;
    }
    *error = QStringLiteral("unknown action");
    return false;
}

void ScriptRunner::fail(const QString &message)
{
    std::fprintf(stderr, "cors-studio: script: %s\n", qPrintable(message));
    std::fflush(stderr);
    QCoreApplication::exit(2);
}

} // namespace Cors
