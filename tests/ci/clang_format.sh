#!/bin/sh
# Fails when a C++ file of the source tree differs from what .clang-format makes of it, and names
# each such file. The style is pinned to Debian 12's clang-format (14); other versions break
# some lines differently.
#   clang_format.sh SOURCE_DIR
set -eu
src=$1
if ! command -v clang-format >/dev/null 2>&1; then
    echo "ci/clang_format: clang-format is not installed (scripts/install-deps.sh test installs it)" >&2
    exit 1
fi
cd "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files -- '*.cpp' '*.h')
else
    files=$(find app core ui live tests -name '*.cpp' -o -name '*.h' | sort)
fi
[ -n "$files" ] || { echo "ci/clang_format: no C++ files under $src" >&2; exit 1; }
count=$(echo "$files" | wc -l)
# One clang-format process for the whole tree; each finding starts with "FILE:LINE:COL: error:".
# shellcheck disable=SC2086
bad=$(clang-format --dry-run -Werror $files 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*/\1/p' | sort -u)
for f in $bad; do
    echo "not formatted: $f (run: clang-format -i $f)"
done
n=$(printf '%s' "$bad" | grep -c . || true)
echo "ci/clang_format: $count files checked with $(clang-format --version | sed 's/.*version //'), $n not formatted"
[ "$n" = 0 ]
