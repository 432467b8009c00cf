#!/usr/bin/env bash
# Installs what is missing, builds, and opens CORS Studio on the bundled example policy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh app
scripts/build.sh release
exec build/release/app/cors-studio "$@"
