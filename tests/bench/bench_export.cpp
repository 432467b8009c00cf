// SPDX-License-Identifier: MIT
// The exporters on large allow-lists: wall time of one whole export (median of a few runs; the
// 100,000-origin runs take long enough that a run is its own measurement). Prints figures and
// asserts nothing. The nginx exporter's origin analysis was quadratic (every entry compared with
// every other for a shared scheme and netloc); these figures show it growing linearly.
#include "benchdata.h"

#include "export/djangoexporter.h"
#include "export/nginxexporter.h"
#include "export/yamlexporter.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Cors;

namespace {

double medianMs(const Exporter &exporter, const CorsDocument &document, int runs, qsizetype *size)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const ExportResult result = exporter.run(document, ExportOptions {});
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
        *size = result.ok ? result.text.size() : -1;
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main()
{
    const NginxExporter nginx;
    const DjangoExporter django;
    const YamlExporter yaml;
    std::printf("Exports of N exact origins (wall clock, median; goal: linear or n log n)\n");
    std::printf("  %9s  %12s  %12s  %12s  %14s\n", "origins", "nginx", "Django", "YAML",
                "nginx µs/origin");
    for (const int count : {1000, 10000, 100000}) {
        const CorsDocument document {Bench::exactOriginsPolicy(count), {}};
        const int runs = count >= 100000 ? 3 : 7;
        qsizetype size = 0;
        const double nginxMs = medianMs(nginx, document, runs, &size);
        const double djangoMs = medianMs(django, document, runs, &size);
        const double yamlMs = medianMs(yaml, document, runs, &size);
        std::printf("  %9d  %9.1f ms  %9.1f ms  %9.1f ms  %14.2f\n", count, nginxMs, djangoMs,
                    yamlMs, nginxMs * 1000.0 / count);
        std::fflush(stdout);
    }
    return 0;
}
