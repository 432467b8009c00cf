// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace Cors::Py {

/** Python's urllib.parse.SplitResult. */
struct SplitResult
{
    QString scheme;
    QString netloc;
    QString path;
    QString query;
    QString fragment;

    friend bool operator==(const SplitResult &, const SplitResult &) = default;
};

/**
 * `urllib.parse.urlsplit(url)` as Debian 12's Python 3.11 does it: leading C0 controls and
 * spaces stripped, TAB/CR/LF removed everywhere, the scheme lower-cased, the netloc kept
 * verbatim, and ValueError for malformed brackets, bad bracketed hosts or netlocs that NFKC
 * normalisation would change into URL delimiters. On ValueError, returns nullopt and sets
 * @p error to Python's message.
 */
std::optional<SplitResult> urlsplit(const QString &url, QString *error = nullptr);

/** Whether @p text is a valid IPv6 address for Python's ipaddress module (scope id allowed). */
bool isPythonIPv6Address(const QString &text);
/** Whether @p text is a valid IPv4 address for Python's ipaddress module. */
bool isPythonIPv4Address(const QString &text);

} // namespace Cors::Py
