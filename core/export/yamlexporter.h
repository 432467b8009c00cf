// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporter.h"

namespace Cors {

/**
 * YAML in two forms: the whole native document (`*.cors.yaml`, lossless, the default part
 * "document"), or with part "policy" the effective policy alone in CORS Studio's neutral schema
 * (apiVersion cors-studio/v1, kind CorsPolicy; docs/file-format.md), for other tools to read.
 */
class YamlExporter : public Exporter
{
public:
    QString id() const override { return QStringLiteral("yaml"); }
    QString displayName() const override;
    QString fileSuffix() const override { return QStringLiteral(".cors.yaml"); }
    QStringList parts() const override;
    ExportResult run(const CorsDocument &document, const ExportOptions &options) const override;
};

/**
 * The policy django-cors-headers of the policy's profile runs, defaults resolved, in the
 * neutral schema (export only; nothing reads it back). What the schema cannot say exactly (a
 * bare string the middleware iterates character by character, values of the wrong type, regex
 * flags without an inline form) is left out or rewritten, and @p notes says so, together with
 * the errors Django's system checks report for the policy.
 */
QByteArray savePolicyYaml(const Policy &policy, QList<ExportNote> *notes = nullptr);

} // namespace Cors
