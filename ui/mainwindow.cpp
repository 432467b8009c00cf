// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "checks/systemchecks.h"
#include "python/settingsreader.h"

#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QPlainTextEdit>

namespace Cors {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    resize(900, 640);
}

bool MainWindow::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Open Policy"),
                             tr("Cannot open %1:\n%2").arg(path, file.errorString()));
        return false;
    }
    showPolicy(QFileInfo(path).fileName(), file.readAll());
    return true;
}

void MainWindow::openExample()
{
    QFile file(QStringLiteral(":/examples/example_settings.py"));
    if (file.open(QIODevice::ReadOnly))
        showPolicy(tr("Example policy"), file.readAll());
}

void MainWindow::showPolicy(const QString &title, const QByteArray &source)
{
    const SettingsReadResult read = readDjangoSettings(source);
    QString text = QString::fromUtf8(source);
    const SystemCheckResult checks = runSystemChecks(read.policy);
    text += QStringLiteral("\n# ---- Django system checks ----\n");
    if (!checks.hasErrors())
        text += tr("# no problems\n");
    if (checks.crash)
        text += QStringLiteral("# ") + checks.crash->message + u'\n';
    for (const CheckMessage &m : checks.errors)
        text += QStringLiteral("# ") + formatCheckMessage(m) + u'\n';

    auto *view = new QPlainTextEdit(this);
    view->setObjectName(QStringLiteral("policyView"));
    view->setReadOnly(true);
    view->setPlainText(text);
    view->setAccessibleName(tr("Policy"));
    setCentralWidget(view);
    setWindowTitle(tr("%1 - CORS Studio").arg(title));
}

} // namespace Cors
