// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporter.h"

namespace Cors {

/**
 * A paste-ready block for a Django settings.py, for the policy's profile: only what differs
 * from django-cors-headers' defaults (unless all settings are asked for), current names
 * (legacy ones on request), raw strings for regexes, CSRF_TRUSTED_ORIGINS in the form the
 * Django version expects, and a comment saying where CorsMiddleware must sit.
 */
class DjangoExporter : public Exporter
{
public:
    QString id() const override { return QStringLiteral("django"); }
    QString displayName() const override;
    QString fileSuffix() const override { return QStringLiteral(".py"); }
    ExportResult run(const CorsDocument &document, const ExportOptions &options) const override;

    /**
     * The policy the export says, as the settings reader reads it back: import(export(p)) ==
     * exportedPolicy(p). Differs from @p policy only where the notes say so (defaults dropped,
     * legacy names renamed, settings the profile does not have left out, CSRF_TRUSTED_ORIGINS
     * put in the profile's Django form, environment reads that cannot be written back).
     */
    static Policy exportedPolicy(const Policy &policy, const ExportOptions &options,
                                 QList<ExportNote> *notes = nullptr);
};

} // namespace Cors
