#!/usr/bin/env bash
# Builds a Release tree with the benchmarks (tests/bench, CORS_BENCH=ON) and runs them all,
# printing figures; nothing is asserted. See docs/performance.md for what each figure means.
#   scripts/bench.sh                 everything (about 15 minutes on 2 cores)
#   BENCH_BUILD_DIR=dir scripts/bench.sh    another build directory (default build/bench)
#   BENCH_REQUESTS=N BENCH_SCENARIOS=N      smaller CLI runs (default 1000000 requests per
#                                           policy of the respond set, and 100000 scenarios)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench

build=${BENCH_BUILD_DIR:-build/bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCORS_BENCH=ON >/dev/null
cmake --build "$build" --target bench --parallel "$(nproc)"

echo "== Machine"
echo "  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== Engine, in-process (Google Benchmark; ns per request)"
"$build/tests/bench/bench_engine" --benchmark_min_time=0.5

echo "== Engine vs Django (goal: respond >= 100x the middleware per request, every policy of the set)"
/usr/bin/python3 tests/bench/respond_vs_django.py --cli "$build/app/cors-studio" \
    --requests "${BENCH_REQUESTS:-1000000}" --work "$work"

echo "== Simulator, in-process (median of 15 repetitions)"
"$build/tests/bench/bench_simulator" --benchmark_min_time=0.2

echo "== Simulator batch (one thread, then every core; goal >= 50,000 scenarios/s per core)"
/usr/bin/python3 tests/bench/simulate_batch.py --cli "$build/app/cors-studio" \
    --scenarios "${BENCH_SCENARIOS:-100000}" --work "$work"

echo "== Exports of large allow-lists (goal: linear or n log n in the number of origins)"
"$build/tests/bench/bench_export"

echo "== GUI"
"$build/tests/bench/bench_gui"
