#!/usr/bin/env bash
# Builds the Debian package: build/release/cors-studio_VERSION_ARCH.deb (CPack; what it holds
# and why: packaging/README.md). Install it with `sudo apt install ./cors-studio_*.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
cd build/release
cpack -G DEB
ls -l cors-studio_*.deb
