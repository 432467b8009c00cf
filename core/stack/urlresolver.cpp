// SPDX-License-Identifier: MIT
#include "stack/urlresolver.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("UrlResolver", text);
}

// re.escape of Python 3.7+: a backslash before each special character only.
QString reEscape(const QString &text)
{
    static const QString special = QStringLiteral("()[]{}?*+-|^$\\.&~# \t\n\r\v\f");
    QString result;
    for (const QChar c : text) {
        if (special.contains(c))
            result.append(u'\\');
        result.append(c);
    }
    return result;
}

std::optional<QString> converterRegex(const QString &name)
{
    if (name == QLatin1String("int"))
        return QStringLiteral("[0-9]+");
    if (name == QLatin1String("str"))
        return QStringLiteral("[^/]+");
    if (name == QLatin1String("slug"))
        return QStringLiteral("[-a-zA-Z0-9_]+");
    if (name == QLatin1String("uuid"))
        return QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    if (name == QLatin1String("path"))
        return QStringLiteral(".+");
    return std::nullopt;
}

bool isIdentifier(const QString &name)
{
    if (name.isEmpty() || name.at(0).isDigit())
        return false;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() || c == u'_'))
            return false;
    }
    return true;
}

} // namespace

std::optional<QString> routeToRegex(const QString &route, QString *error)
{
    // _PATH_PARAMETER_COMPONENT_RE: <(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>
    QString parts = QStringLiteral("^");
    qsizetype pos = 0;
    while (true) {
        const qsizetype open = route.indexOf(u'<', pos);
        const qsizetype close = open < 0 ? -1 : route.indexOf(u'>', open + 1);
        if (open < 0 || close < 0 || close == open + 1) {
            // No further component; a lone '<' or "<>" is literal text.
            if (open >= 0 && close == open + 1) {
                parts += reEscape(route.mid(pos, close + 1 - pos));
                pos = close + 1;
                continue;
            }
            parts += reEscape(route.mid(pos));
            break;
        }
        const QString inside = route.mid(open + 1, close - open - 1);
        parts += reEscape(route.mid(pos, open - pos));
        pos = close + 1;
        for (const QChar c : inside) {
            if (c.isSpace()) {
                *error = tr("URL route '%1' cannot contain whitespace in angle brackets <…>.")
                                 .arg(route);
                return std::nullopt;
            }
        }
        QString converter = QStringLiteral("str");
        QString parameter = inside;
        const qsizetype colon = inside.indexOf(u':');
        if (colon > 0) {
            converter = inside.left(colon);
            parameter = inside.mid(colon + 1);
        }
        if (!isIdentifier(parameter)) {
            *error = tr("URL route '%1' uses parameter name '%2' which isn't a valid Python "
                        "identifier.")
                             .arg(route, parameter);
            return std::nullopt;
        }
        const auto regex = converterRegex(converter);
        if (!regex) {
            *error = tr("URL route '%1' uses invalid converter '%2'.").arg(route, converter);
            return std::nullopt;
        }
        parts += QStringLiteral("(?P<") + parameter + u'>' + *regex + u')';
    }
    parts += QStringLiteral("\\Z");
    return parts;
}

UrlResolver::UrlResolver(const QList<Route> &routes)
{
    for (const Route &route : routes) {
        QString error;
        const auto regex = routeToRegex(route.path, &error);
        if (!regex) {
            m_errors.append(error);
            m_patterns.append(std::nullopt);
            continue;
        }
        Py::Regex compiled = Py::Regex::compile(*regex);
        if (!compiled.isSupported()) {
            m_errors.append(tr("URL route '%1' cannot be compiled: %2")
                                    .arg(route.path, compiled.errorMessage()));
            m_patterns.append(std::nullopt);
            continue;
        }
        m_patterns.append(compiled);
    }
}

std::optional<int> UrlResolver::resolve(const QString &pathInfo) const
{
    // The root resolver's pattern is ^/ (searched): what follows the first slash is matched.
    if (!pathInfo.startsWith(u'/'))
        return std::nullopt;
    const QStringView rest = QStringView(pathInfo).mid(1);
    for (qsizetype i = 0; i < m_patterns.size(); ++i) {
        if (m_patterns.at(i) && m_patterns.at(i)->matches(rest))
            return int(i);
    }
    return std::nullopt;
}

} // namespace Cors
