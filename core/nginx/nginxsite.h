// SPDX-License-Identifier: MIT
#pragma once

#include "nginx/nginxconfig.h"

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Cors {

/**
 * One configuration level of nginx's http{} context: http itself, a server, a location, an
 * `if` or a `limit_except`. Each keeps its own directives (in order) and its parent, so that a
 * request can ask "the nearest level that sets X", which is how nginx merges configurations.
 */
struct NginxLevel
{
    enum class Kind { Http, Server, Location, If, LimitExcept };
    enum class Match { None, Prefix, Exact, NoRegex, Regex, RegexCaseless, Named };

    Kind kind = Kind::Http;
    const NginxDirective *directive = nullptr; // the block directive; null for http
    const NginxLevel *parent = nullptr;
    /** The block's directives in order (not nested blocks' contents). */
    QList<const NginxDirective *> directives;

    // Locations
    Match match = Match::None;
    QString name; // the location's URI or regex as written
    QRegularExpression regex;
    /** Nested locations in order of appearance. */
    QList<const NginxLevel *> locations;
    /** The `if` and `limit_except` blocks directly inside, by directive. */
    QList<const NginxLevel *> blocks;

    // Servers
    struct Listen
    {
        QString address; // empty: any address
        int port = 80;
        bool defaultServer = false;
        NginxLocation where;
    };
    QList<Listen> listens;
    QStringList serverNames;

    /** Directives named @p name at this level only. */
    QList<const NginxDirective *> own(const QString &name) const;
    /** The nearest level (this one or a parent) where @p names appear; null if none. */
    const NginxLevel *nearestWith(const QStringList &names) const;
    /** The last value of a one-argument directive at the nearest level that sets it. */
    const NginxDirective *nearest(const QString &name) const;
    /** The level the block directive @p d opened, or null. */
    const NginxLevel *blockOf(const NginxDirective *d) const;
};

/** A `map` of the http context. */
struct NginxMap
{
    const NginxDirective *directive = nullptr;
    QString source;   // the source string (may hold variables)
    QString variable; // without the "$"
    bool hostnames = false;
    struct Entry
    {
        QString key;
        QString value;
        bool regex = false;
        QRegularExpression compiled;
        NginxLocation where;
    };
    QList<Entry> entries; // exact and wildcard keys, then regexes, each in order
    std::optional<Entry> defaultEntry;
};

/** A directive nginx would act on that the model does not follow, or ignores on purpose. */
struct NginxNote
{
    QString text;
    NginxLocation where;
};

/**
 * The http{} context of a configuration, ready to answer requests: servers, their locations
 * (nested, in nginx's matching structure), maps, and what is not modelled. Built once from a
 * parsed configuration; the configuration is kept (levels point into it).
 */
class NginxSite
{
public:
    explicit NginxSite(const NginxConfig &config);
    NginxSite(const NginxSite &) = delete;
    NginxSite &operator=(const NginxSite &) = delete;

    /** Errors nginx -t would report: the reader's, then context and argument errors. */
    const QList<NginxError> &errors() const { return m_errors; }
    /** Directives that may change answers but are not modelled. */
    const QList<NginxNote> &notModelled() const { return m_notModelled; }

    const NginxLevel &http() const { return *m_http; }
    const QList<const NginxLevel *> &servers() const { return m_servers; }
    const QList<NginxMap> &maps() const { return m_maps; }
    const NginxMap *mapFor(const QString &variable) const;
    /** The names of `upstream` blocks. */
    const QStringList &upstreams() const { return m_upstreams; }

private:
    void buildHttp(const QList<NginxDirective> &directives, NginxLevel *level);
    NginxLevel *buildLevel(const NginxDirective &d, NginxLevel::Kind kind, NginxLevel *parent);
    void checkDirective(const NginxDirective &d, const NginxLevel *level);
    void buildMap(const NginxDirective &d);
    void error(const QString &message, const NginxLocation &where);

    NginxConfig m_config;
    std::vector<std::unique_ptr<NginxLevel>> m_levels;
    NginxLevel *m_http = nullptr;
    QList<const NginxLevel *> m_servers;
    QList<NginxMap> m_maps;
    QStringList m_upstreams;
    QList<NginxError> m_errors;
    QList<NginxNote> m_notModelled;
};

/** "file:line" of a directive, for traces. */
QString nginxWhere(const NginxLocation &where);

/**
 * An error as nginx -t words it: "nginx: [emerg] MESSAGE in FILE:LINE[:COLUMN]", without the
 * "in" part when no line applies (the main file cannot be opened).
 */
QString nginxErrorText(const NginxError &error);

} // namespace Cors
