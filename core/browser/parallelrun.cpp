// SPDX-License-Identifier: MIT
#include "browser/parallelrun.h"

#include <QHash>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace Cors {

int defaultJobCount()
{
    return std::max(1, QThread::idealThreadCount());
}

void parallelFor(qsizetype count, int jobs,
                 const std::function<void(qsizetype index, int worker)> &run)
{
    const int threads = int(std::clamp<qsizetype>(count, 1, std::max(1, jobs)));
    if (threads == 1) {
        for (qsizetype i = 0; i < count; ++i)
            run(i, 0);
        return;
    }
    std::atomic<qsizetype> next {0};
    const auto work = [&](int worker) {
        for (qsizetype i = next.fetch_add(1, std::memory_order_relaxed); i < count;
             i = next.fetch_add(1, std::memory_order_relaxed))
            run(i, worker);
    };
    std::vector<std::thread> helpers;
    helpers.reserve(size_t(threads - 1));
    for (int worker = 1; worker < threads; ++worker)
        helpers.emplace_back(work, worker);
    work(0);
    for (std::thread &helper : helpers)
        helper.join();
}

RunChains sessionChains(qsizetype count,
                        const std::function<std::optional<QString>(qsizetype index)> &sessionOf)
{
    RunChains chains;
    QHash<QString, qsizetype> chainOfSession;
    for (qsizetype i = 0; i < count; ++i) {
        const std::optional<QString> session = sessionOf(i);
        if (!session)
            continue;
        if (session->isEmpty()) {
            chains.push_back({i});
            continue;
        }
        const auto found = chainOfSession.constFind(*session);
        if (found != chainOfSession.cend()) {
            chains[size_t(*found)].push_back(i);
        } else {
            chainOfSession.insert(*session, qsizetype(chains.size()));
            chains.push_back({i});
        }
    }
    std::stable_sort(chains.begin(), chains.end(),
                     [](const auto &a, const auto &b) { return a.size() > b.size(); });
    return chains;
}

} // namespace Cors
