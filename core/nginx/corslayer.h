// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"
#include "nginx/nginxsite.h"
#include "stack/serverside.h"

#include <QString>

#include <memory>

namespace Cors {

/** The file name the nginx export is read under, so that trace steps say "cors.conf:LINE". */
inline constexpr char16_t NginxExportFileName[] = u"cors.conf";

/**
 * The whole-file nginx export of @p document, read back as nginx would read it; null (and
 * @p error) when the export cannot be made or does not load.
 */
std::shared_ptr<const NginxSite> nginxExportSite(const CorsDocument &document, QString *error);

/**
 * The server side @p document describes. cors_layer django: its deployment (if any) with
 * @p proxy (the user's nginx, may be null) in front. cors_layer nginx: the nginx export of the
 * policy being simulated in front of silentDjango() (@p proxy is then not used: the export
 * replaces it). @p description says which, in a sentence for the simulator's header.
 */
ServerSide documentServerSide(const CorsDocument &document,
                              std::shared_ptr<const NginxSite> proxy = nullptr,
                              QString *description = nullptr);

} // namespace Cors
