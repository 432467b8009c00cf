// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporter.h"

namespace Cors {

/**
 * An nginx front that answers CORS the way django-cors-headers does for the policy (its
 * profile's header names, order and values), verified against a real nginx 1.22.
 *
 * The whole file goes into nginx's http{} context: maps that decide everything (nginx's
 * add_header cannot sit inside `if`, and map lives at http level only) and a server block that
 * adds every header with `always` at one level, answers preflights with 204, hides the app's
 * own CORS headers and proxies the rest to the Django app. `--part map` writes only the maps,
 * `--part location` only the location block for pasting into an existing server.
 *
 * What nginx cannot say exactly is listed in the file and in the notes; docs/nginx-export.md
 * has the full list. Values are escaped for nginx's string syntax, or refused when nginx cannot
 * carry them, so no value can break out of its token.
 */
class NginxExporter : public Exporter
{
public:
    QString id() const override { return QStringLiteral("nginx"); }
    QString displayName() const override;
    QString fileSuffix() const override { return QStringLiteral(".conf"); }
    QStringList parts() const override
    {
        return {QStringLiteral("map"), QStringLiteral("location")};
    }
    ExportResult run(const CorsDocument &document, const ExportOptions &options) const override;
};

} // namespace Cors
