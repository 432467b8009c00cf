// SPDX-License-Identifier: MIT
#include "lint/publicsuffix.h"

#include <QFile>
#include <QStringList>
#include <QUrl>

namespace Cors {

namespace {

bool isAscii(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
}

// Labels of the list are written in Unicode; origins carry Punycode. Converting each label on
// its own keeps the '*' of wildcard rules out of IDNA's way.
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

PublicSuffixList PublicSuffixList::fromData(const QByteArray &data)
{
    PublicSuffixList list;
    bool privateSection = false;
    for (const QByteArray &rawLine : data.split('\n')) {
        const QByteArray line = rawLine.trimmed();
        if (line.startsWith("//")) {
            if (line.contains("===BEGIN PRIVATE DOMAINS==="))
                privateSection = true;
            else if (line.contains("===END PRIVATE DOMAINS==="))
                privateSection = false;
            continue;
        }
        if (line.isEmpty())
            continue;
        // A rule ends at the first whitespace; the rest of the line is ignored.
        QString rule = QString::fromUtf8(line).section(u' ', 0, 0).section(u'\t', 0, 0);
        if (rule.startsWith(u'!')) {
            list.m_exception.insert(toAceLabels(rule.mid(1)), privateSection);
        } else if (rule.startsWith(QLatin1String("*."))) {
            list.m_wildcard.insert(toAceLabels(rule.mid(2)), privateSection);
        } else {
            list.m_normal.insert(toAceLabels(rule), privateSection);
        }
    }
    return list;
}

const PublicSuffixList &PublicSuffixList::bundled()
{
    static const PublicSuffixList list = [] {
        QFile file(QStringLiteral(":/cors/lint/public_suffix_list.dat"));
        if (!file.open(QIODevice::ReadOnly)) {
            // Without the list every TLD counts as a public suffix (the implicit rule), which
            // keeps same-site decisions sensible for ordinary domains.
            qWarning("CORS Studio: the bundled Public Suffix List is missing");
            return PublicSuffixList();
        }
        return fromData(file.readAll());
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

PublicSuffixList::Match PublicSuffixList::match(const QString &rawHost) const
{
    Match m;
    QString host = toAceLabels(rawHost);
    if (host.isEmpty() || isIpAddress(host))
        return m;
    const QStringList labels = host.split(u'.');
    if (std::any_of(labels.begin(), labels.end(), [](const QString &l) { return l.isEmpty(); }))
        return m;
    const qsizetype n = labels.size();
    auto suffixFrom = [&](qsizetype i) { return labels.mid(i).join(u'.'); };

    // An exception rule prevails over every other rule; its public suffix drops its leftmost
    // label.
    qsizetype suffixStart = -1;
    for (qsizetype i = 0; i < n && suffixStart < 0; ++i) {
        if (const auto it = m_exception.constFind(suffixFrom(i)); it != m_exception.constEnd()) {
            suffixStart = i + 1;
            m.listed = true;
            m.privateSection = it.value();
        }
    }
    // Otherwise the matching rule with the most labels: scanning from the left finds it first.
    for (qsizetype i = 0; i < n && suffixStart < 0; ++i) {
        const QString suffix = suffixFrom(i);
        if (const auto it = m_normal.constFind(suffix); it != m_normal.constEnd()) {
            suffixStart = i;
            m.listed = true;
            m.privateSection = it.value();
        } else if (i + 1 < n) {
            if (const auto w = m_wildcard.constFind(suffixFrom(i + 1));
                w != m_wildcard.constEnd()) {
                suffixStart = i;
                m.listed = true;
                m.privateSection = w.value();
            }
        }
    }
    if (suffixStart < 0)
        suffixStart = n - 1; // the implicit rule "*"
    if (suffixStart >= n)
        return m;
    m.publicSuffix = suffixFrom(suffixStart);
    if (suffixStart > 0)
        m.registrableDomain = suffixFrom(suffixStart - 1);
    return m;
}

bool PublicSuffixList::isPublicSuffix(const QString &host) const
{
    const Match m = match(host);
    return !m.publicSuffix.isEmpty() && m.registrableDomain.isEmpty();
}

QString siteOfHost(const QString &host)
{
    const QString registrable = PublicSuffixList::bundled().registrableDomain(host);
    return registrable.isEmpty() ? host : registrable;
}

} // namespace Cors
