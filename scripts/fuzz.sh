#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) and fuzzes each for
# SECONDS (default 60), starting from its seed corpus in tests/fuzz/corpus/<target>/.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 600 pyregex settingsreader
# What a run discovers stays in the build tree (BUILD/tests/fuzz/work/<target>/corpus) and is
# reused by the next run. A crash, hang (>30 s per input), leak or out-of-memory stops the
# script with exit 1 and the input in BUILD/tests/fuzz/work/<target>/artifacts/; fix it and
# copy the input to tests/fuzz/corpus/<target>/crash-<what> so ctest fuzz-replay/<target>
# replays it from then on. Environment: CORS_FUZZ_BUILD_DIR (default build/fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${CORS_FUZZ_BUILD_DIR:-build/fuzz}

all=(settingsreader corsyaml origin pyregex requestjson scenariojson errorexplainer nginxsite)
[ -f core/browser/requestimport.cpp ] && all+=(requestimport)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
    -DCMAKE_CXX_COMPILER=clang++ -DCORS_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}"

# Leaks are reported (detect_leaks); Qt's own one-time allocations are not leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=()
for t in "${targets[@]}"; do
    work="$build/tests/fuzz/work/$t"
    mkdir -p "$work/corpus" "$work/artifacts"
    echo "== fuzz_$t for ${seconds}s"
    if ! "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
            "$work/corpus" "tests/fuzz/corpus/$t" >"$work/log.txt" 2>&1; then
        failed+=("$t")
        tail -n 60 "$work/log.txt"
        echo "!! fuzz_$t failed: input in $work/artifacts/, log in $work/log.txt"
    else
        grep -E "^stat::number_of_executed_units|^Done" "$work/log.txt" | tr '\n' ' '
        echo
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "Fuzzing found problems in: ${failed[*]}"
    exit 1
fi
echo "Fuzzing found nothing in ${#targets[@]} targets (${seconds}s each)."
