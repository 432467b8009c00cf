// SPDX-License-Identifier: MIT
#include "export/exporter.h"

#include "export/djangoexporter.h"
#include "export/nginxexporter.h"
#include "export/yamlexporter.h"

namespace Cors {

const QList<const Exporter *> &exporters()
{
    static const DjangoExporter django;
    static const YamlExporter yaml;
    static const NginxExporter nginx;
    static const QList<const Exporter *> all = {&django, &yaml, &nginx};
    return all;
}

const Exporter *exporterById(const QString &id)
{
    for (const Exporter *exporter : exporters()) {
        if (exporter->id() == id)
            return exporter;
    }
    return nullptr;
}

} // namespace Cors
