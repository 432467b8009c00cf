// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace Cors::Cli {

/** Exit codes shared by every command. */
enum ExitCode {
    ExitOk = 0,
    ExitFindings = 1, ///< the command ran and found errors (check, lint, test)
    ExitUsage = 2, ///< bad arguments or unreadable input
};

void writeOut(const QByteArray &bytes);
void writeErr(const QString &text);
void flushOut();

/** The options every policy command shares: POLICY, --profile, --debug-settings. */
class PolicyCommandLine
{
public:
    explicit PolicyCommandLine(const QString &description);

    QCommandLineParser &parser() { return m_parser; }
    /** Parses @p arguments; on error or --help prints and returns the exit code to use. */
    std::optional<int> parse(const QStringList &arguments);
    /** Loads POLICY, printing warnings from the import to stderr; nullopt after an error. */
    std::optional<Policy> loadPolicy();

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_profile;
    QCommandLineOption m_debugSettings;
    QCommandLineOption m_quiet;
};

} // namespace Cors::Cli
