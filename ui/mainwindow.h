// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

namespace Cors {

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    /** Opens a settings.py policy; false with a message box when it cannot be read. */
    bool openFile(const QString &path);
    /** Opens the bundled example policy. */
    void openExample();

private:
    void showPolicy(const QString &title, const QByteArray &source);
};

} // namespace Cors
