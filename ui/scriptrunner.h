// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

class QWidget;

namespace Cors {

class MainWindow;

/**
 * Drives a window from a script of user actions, with the events a user's keyboard and mouse
 * send: for tests that need a real, separate cors-studio process (kill -9 in the middle of
 * editing, then recovery). Started by the hidden command-line option --script FILE; never part
 * of normal use.
 *
 * One action per line (blank lines and # comments skipped), run in order from the event loop:
 *   group N              show setting group N (1-9)
 *   type NAME TEXT       focus the widget named NAME and type TEXT (key events, one per char)
 *   key NAME KEY         press KEY (Return, Enter, Tab, Up, Down, Delete, Escape, Space)
 *   click NAME           click the middle of the widget named NAME
 *   wait-autosave        wait until the document's autosave copy has been written
 *   print TEXT           write TEXT and a newline to stdout (a test waits for it)
 * A line that cannot be run is reported on stderr and ends the script with exit code 2.
 */
class ScriptRunner : public QObject
{
    Q_OBJECT

public:
    ScriptRunner(MainWindow *window, const QStringList &lines, QObject *parent = nullptr);

    /** Reads @p path; false with a message on stderr when it cannot be read. */
    static bool load(const QString &path, QStringList *lines);

    void start();

private:
    MainWindow *m_window;
    QStringList m_lines;
    int m_next = 0;
    bool m_waitingForAutosave = false;

    void runNext();
    bool run(const QString &line, QString *error);
    QWidget *widget(const QString &name, QString *error) const;
    void fail(const QString &message);
};

} // namespace Cors
