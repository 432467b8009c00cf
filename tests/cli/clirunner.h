// SPDX-License-Identifier: MIT
// Runs the cors-studio binary under test (CORS_CLI_PATH) as a user would: arguments, stdin,
// a working directory; the exit code and every byte of stdout and stderr.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace CliTest {

struct Run
{
    /** -1 when the process did not start or did not finish within the deadline. */
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline Run runCli(const QStringList &arguments, const QByteArray &input = {},
                  const QString &workingDirectory = {})
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(CORS_CLI_PATH), arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        return {};
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace CliTest
