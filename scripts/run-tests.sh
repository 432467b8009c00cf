#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, widget, differential, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh release
ctest --preset release --parallel "$(nproc)" "$@"
