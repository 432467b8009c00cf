// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace Cors {

/**
 * The Public Suffix List (https://publicsuffix.org), both its ICANN and its private sections,
 * as browsers use it for "site" and as the linter uses it to tell whether an attacker can own a
 * domain: `evil.github.io` is anyone's, `evil.example.com` belongs to example.com's owner.
 *
 * A copy of the list is compiled into cors_core (core/lint/data, MPL-2.0). Hosts are expected
 * the way a serialized origin carries them: lower-case, IDNA labels in Punycode; Unicode hosts
 * are converted first.
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

    /** The bundled list (parsed on first use). */
    static const PublicSuffixList &bundled();
    /** A list parsed from the text of a public_suffix_list.dat file. */
    static PublicSuffixList fromData(const QByteArray &data);

    Match match(const QString &host) const;
    QString publicSuffix(const QString &host) const { return match(host).publicSuffix; }
    QString registrableDomain(const QString &host) const { return match(host).registrableDomain; }
    /** The host is a public suffix (`com`, `github.io`, `test`), so no site can own it. */
    bool isPublicSuffix(const QString &host) const;

    /** Number of rules read (0 when the bundled copy is missing). */
    qsizetype ruleCount() const { return m_normal.size() + m_wildcard.size() + m_exception.size(); }

    /** Dotted-decimal IPv4 or bracketed IPv6: such hosts have no public suffix. */
    static bool isIpAddress(const QString &host);

private:
    // Value: true when the rule comes from the private section.
    QHash<QString, bool> m_normal;    // "com", "github.io"
    QHash<QString, bool> m_wildcard;  // "*.ck" stored as "ck"
    QHash<QString, bool> m_exception; // "!www.ck" stored as "www.ck"
};

/**
 * The site-defining part of @p host for same-site decisions: its registrable domain, or the host
 * itself when it has none (IP addresses, `localhost`, public suffixes).
 */
QString siteOfHost(const QString &host);

} // namespace Cors
