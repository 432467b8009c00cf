// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace Cors {

/** The cores this process may use (QThread::idealThreadCount()), at least 1. */
int defaultJobCount();

/**
 * Calls @p run(index, worker) once for every index in [0, count), on up to @p jobs threads (the
 * calling thread is one of them), and returns when every call has returned. Indices are claimed
 * in increasing order, one at a time, so a long item does not hold up a fixed share of the
 * others; @p worker (0 .. jobs-1) names the thread, for per-thread state such as caches.
 * With @p jobs ≤ 1 (or a single index) everything runs on the calling thread, in order.
 */
void parallelFor(qsizetype count, int jobs,
                 const std::function<void(qsizetype index, int worker)> &run);

/** Indices to run in order, one list per parallelFor item. */
using RunChains = std::vector<std::vector<qsizetype>>;

/**
 * Groups the indices [0, count) for parallelFor: those whose @p sessionOf is the same non-empty
 * name form one chain in input order (they share a browser's state, so they run one after
 * another); an empty name is a chain of its own; std::nullopt leaves the index out. Longest
 * chains first, so no thread is left running a long one alone at the end.
 */
RunChains sessionChains(qsizetype count,
                        const std::function<std::optional<QString>(qsizetype index)> &sessionOf);

} // namespace Cors
