// SPDX-License-Identifier: MIT
#include "lint/publicsuffix.h"

#include <QStringList>
#include <QUrl>

#include <libpsl.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace Cors {

namespace {

bool isAscii(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
}

// Origins carry Punycode; a Unicode host is converted label by label, as the rules are matched.
QString toAceLabels(const QString &text)
{
    if (isAscii(text))
        return text.toLower();
    QStringList labels = text.split(u'.');
    for (QString &label : labels) {
        if (label == QLatin1String("*") || isAscii(label)) {
            label = label.toLower();
            continue;
        }
        label = QString::fromLatin1(QUrl::toAce(label));
    }
    return labels.join(u'.');
}

} // namespace

PublicSuffixList::PublicSuffixList() = default;

PublicSuffixList::~PublicSuffixList()
{
    psl_free(m_context);
}

PublicSuffixList::PublicSuffixList(PublicSuffixList &&other) noexcept
    : m_context(std::exchange(other.m_context, nullptr))
    , m_sourceFile(std::move(other.m_sourceFile))
{ }

PublicSuffixList &PublicSuffixList::operator=(PublicSuffixList &&other) noexcept
{
    std::swap(m_context, other.m_context);
    std::swap(m_sourceFile, other.m_sourceFile);
    return *this;
}

PublicSuffixList PublicSuffixList::fromData(const QByteArray &data)
{
    PublicSuffixList list;
    if (FILE *file = fmemopen(const_cast<char *>(data.constData()), size_t(data.size()), "r")) {
        list.m_context = psl_load_fp(file);
        std::fclose(file);
    }
    return list;
}

const PublicSuffixList &PublicSuffixList::system()
{
    static const PublicSuffixList list = [] {
        PublicSuffixList l;
        // The newer of the distribution's files (Debian: /usr/share/publicsuffix, package
        // publicsuffix); libpsl's compiled-in list only when there is none.
        l.m_context = psl_latest(nullptr);
        if (l.m_context)
            l.m_sourceFile = QString::fromLocal8Bit(psl_dist_filename());
        else
            qWarning("CORS Studio: no Public Suffix List (install the publicsuffix package)");
        return l;
    }();
    return list;
}

bool PublicSuffixList::isIpAddress(const QString &host)
{
    if (host.startsWith(u'['))
        return true;
    const QStringList parts = host.split(u'.');
    if (parts.size() != 4)
        return false;
    for (const QString &part : parts) {
        if (part.isEmpty() || part.size() > 3
            || !std::all_of(part.begin(), part.end(), [](QChar c) { return c.isDigit(); }))
            return false;
    }
    return true;
}

namespace {

// The host as libpsl takes it, or empty for hosts without a public suffix (IP addresses, empty
// labels).
QString pslHost(const QString &rawHost)
{
    QString host = toAceLabels(rawHost);
    if (host.isEmpty() || PublicSuffixList::isIpAddress(host) || host.startsWith(u'.')
        || host.endsWith(u'.') || host.contains(QLatin1String("..")))
        return {};
    return host;
}

} // namespace

PublicSuffixList::Match PublicSuffixList::match(const QString &rawHost) const
{
    Match m;
    const QString host = pslHost(rawHost);
    if (host.isEmpty())
        return m;
    const QStringList labels = host.split(u'.');
    if (!m_context) {
        m.publicSuffix = labels.constLast(); // the implicit rule "*"
        if (labels.size() > 1)
            m.registrableDomain = labels.mid(labels.size() - 2).join(u'.');
        return m;
    }
    const QByteArray bytes = host.toUtf8();
    const char *suffix = psl_unregistrable_domain(m_context, bytes.constData());
    if (!suffix)
        return m;
    m.publicSuffix = QString::fromUtf8(suffix);
    if (const char *registrable = psl_registrable_domain(m_context, bytes.constData()))
        m.registrableDomain = QString::fromUtf8(registrable);
    m.listed = psl_is_public_suffix2(m_context, suffix, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
    m.privateSection
            = psl_is_public_suffix2(m_context, suffix, PSL_TYPE_PRIVATE | PSL_TYPE_NO_STAR_RULE);
    return m;
}

QString PublicSuffixList::registrableDomain(const QString &rawHost) const
{
    // What match() gives, with the one libpsl call it needs: this one runs per origin of a
    // long list (the linter's same-site rule), match() makes four.
    if (!m_context)
        return match(rawHost).registrableDomain;
    const QString host = pslHost(rawHost);
    if (host.isEmpty())
        return {};
    const QByteArray bytes = host.toUtf8();
    const char *registrable = psl_registrable_domain(m_context, bytes.constData());
    return registrable ? QString::fromUtf8(registrable) : QString();
}

bool PublicSuffixList::isPublicSuffix(const QString &host) const
{
    const Match m = match(host);
    return !m.publicSuffix.isEmpty() && m.registrableDomain.isEmpty();
}

QString siteOfHost(const QString &host)
{
    const QString registrable = PublicSuffixList::system().registrableDomain(host);
    return registrable.isEmpty() ? host : registrable;
}

} // namespace Cors
