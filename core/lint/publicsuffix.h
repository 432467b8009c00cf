// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

struct psl_ctx_st;
using psl_ctx_t = struct psl_ctx_st;

namespace Cors {

/**
 * The Public Suffix List (https://publicsuffix.org), both its ICANN and its private sections,
 * as browsers use it for "site" and as the linter uses it to tell whether an attacker can own a
 * domain: `evil.github.io` is anyone's, `evil.example.com` belongs to example.com's owner.
 *
 * The list is the system's: libpsl with the data of Debian's `publicsuffix` package
 * (/usr/share/publicsuffix), which apt keeps current. Hosts are expected the way a serialized
 * origin carries them: lower-case, IDNA labels in Punycode; Unicode hosts are converted first.
 */
class PublicSuffixList
{
public:
    /** How the list's algorithm (publicsuffix.org/list, "Algorithm") judges one host. */
    struct Match
    {
        /** The public suffix; empty for IP addresses and malformed hosts (empty labels). */
        QString publicSuffix;
        /** The public suffix plus one label; empty when the host is itself a public suffix. */
        QString registrableDomain;
        /** The prevailing rule is on the list, not the implicit `*` for unknown TLDs. */
        bool listed = false;
        /** The prevailing rule is in the list's PRIVATE DOMAINS section (github.io, ...). */
        bool privateSection = false;
    };

    PublicSuffixList();
    ~PublicSuffixList();
    PublicSuffixList(PublicSuffixList &&other) noexcept;
    PublicSuffixList &operator=(PublicSuffixList &&other) noexcept;
    PublicSuffixList(const PublicSuffixList &) = delete;
    PublicSuffixList &operator=(const PublicSuffixList &) = delete;

    /** The system's list, the newest of libpsl's data files (loaded on first use). */
    static const PublicSuffixList &system();
    /** A list parsed by libpsl from the text of a public_suffix_list.dat file. */
    static PublicSuffixList fromData(const QByteArray &data);

    /** A list was loaded; without one every TLD counts as a public suffix (the implicit rule). */
    bool isLoaded() const { return m_context != nullptr; }
    /** The file the system list comes from (empty for fromData()). */
    QString sourceFile() const { return m_sourceFile; }

    Match match(const QString &host) const;
    QString publicSuffix(const QString &host) const { return match(host).publicSuffix; }
    QString registrableDomain(const QString &host) const;
    /** The host is a public suffix (`com`, `github.io`, `test`), so no site can own it. */
    bool isPublicSuffix(const QString &host) const;

    /** Dotted-decimal IPv4 or bracketed IPv6: such hosts have no public suffix. */
    static bool isIpAddress(const QString &host);

private:
    psl_ctx_t *m_context = nullptr;
    QString m_sourceFile;
};

/**
 * The site-defining part of @p host for same-site decisions: its registrable domain, or the host
 * itself when it has none (IP addresses, `localhost`, public suffixes).
 */
QString siteOfHost(const QString &host);

} // namespace Cors
