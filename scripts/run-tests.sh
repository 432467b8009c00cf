#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, widget, differential, browser),
# then the fast suites again under AddressSanitizer + UBSan, then a short run of each fuzzer.
#   CORS_TEST_ASAN=0      skip the sanitizer build and its tests
#   CORS_FUZZ_SECONDS=N   seconds per fuzz target (default 20; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh release
ctest --preset release --parallel "$(nproc)" "$@"

if [ "${CORS_TEST_ASAN:-1}" != 0 ]; then
    # Unit, widget, command-line tests and the fuzz corpora; the oracle suites (Django,
    # Chromium, nginx) run once above, their drivers are not C++.
    scripts/build.sh asan
    ctest --preset asan --parallel "$(nproc)" -L '^(core|ui|cli|fuzz-replay)$'
fi

fuzz_seconds=${CORS_FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" != 0 ]; then
    scripts/fuzz.sh "$fuzz_seconds"
fi
