// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <functional>

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

} // namespace Cors
