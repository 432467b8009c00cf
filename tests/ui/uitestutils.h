// SPDX-License-Identifier: MIT
// Helpers shared by the tests/ui tests (header-only; not a test itself).
#pragma once

#include "document/backgroundjob.h"
#include "document/recoveryfile.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <functional>

namespace Cors::TestUtils {

inline void removeSettingsAndData()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
            .removeRecursively();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).removeRecursively();
    QDir(RecoveryFile::directory()).removeRecursively();
}

/**
 * Test mode for QSettings and QStandardPaths, before anything touches them, and a clean slate:
 * settings and autosave copies of this test process only (tests run in parallel, and a test's
 * init() clears the recovery folder), removed again when the process ends.
 */
inline void isolateSettingsAndData()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CORS Studio Tests"));
    QCoreApplication::setApplicationName(
            QStringLiteral("%1-%2")
                    .arg(QFileInfo(QCoreApplication::applicationFilePath()).baseName())
                    .arg(QCoreApplication::applicationPid()));
    removeSettingsAndData();
    qAddPostRoutine(removeSettingsAndData);
}

/**
 * Runs @p handler on the first modal widget of type T (optionally with @p objectName) as soon as
 * it appears, so that a test can answer a dialog the code under test opens with exec().
 */
template<typename T>
void whenModal(const QString &objectName, std::function<void(T *)> handler, int timeoutMs = 5000)
{
    auto *timer = new QTimer;
    auto *clock = new QElapsedTimer;
    clock->start();
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [=] {
        T *found = nullptr;
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *candidate = qobject_cast<T *>(w);
            if (candidate && candidate->isVisible()
                && (objectName.isEmpty() || candidate->objectName() == objectName)) {
                found = candidate;
                break;
            }
        }
        if (found || clock->elapsed() > timeoutMs) {
            timer->stop();
            timer->deleteLater();
            delete clock;
            if (found)
                handler(found);
        }
    });
    timer->start();
}

/** Clicks the button named @p buttonName in the modal widget named @p dialogName when it shows. */
template<typename T>
void clickWhenModal(const QString &dialogName, const QString &buttonName)
{
    whenModal<T>(dialogName, [buttonName](T *dialog) {
        auto *button = dialog->template findChild<QAbstractButton *>(buttonName);
        if (button)
            QTest::mouseClick(button, Qt::LeftButton);
    });
}

/**
 * Waits (running the event loop, not sleeping) until every background job's latest result has
 * landed: the linter's findings, the export, the origin tester, the scenarios.
 */
/**
 * How long a document of tens of thousands of entries may take to land its jobs: 50,000 origins
 * run them one at a time, and under the sanitizers on a loaded machine that took more than 20 s
 * (4 s alone). The wait ends as soon as they land.
 */
constexpr int LargeDocumentLandingMs = 180000;

inline bool landed(int timeoutMs = 20000)
{
    return QTest::qWaitFor([] { return !BackgroundJob::anyBusy(); }, timeoutMs);
}

} // namespace Cors::TestUtils
