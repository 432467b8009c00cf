// SPDX-License-Identifier: MIT
#pragma once

// Runs a snippet with the system Python (the interpreter that has Django and
// django-cors-headers) so tests compare with the real thing instead of hard-coded answers.

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QTest>

namespace Cors::Test {

inline const QString &systemPython()
{
    static const QString path = QStringLiteral("/usr/bin/python3");
    return path;
}

/** Runs `python3 -c script` with @p input on stdin; fails the test on error or timeout. */
inline QByteArray runPython(const QString &script, const QByteArray &input = {},
                            int timeoutMs = 60000)
{
    QProcess process;
    process.start(systemPython(), {QStringLiteral("-c"), script});
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        qWarning("python timed out");
        return {};
    }
    if (process.exitCode() != 0)
        qWarning("python failed: %s", process.readAllStandardError().constData());
    return process.readAllStandardOutput();
}

} // namespace Cors::Test

#define CORS_REQUIRE_SYSTEM_PYTHON() \
    do { \
        if (!QFile::exists(Cors::Test::systemPython())) \
            QSKIP("the system interpreter /usr/bin/python3 is not installed"); \
    } while (false)
