#!/usr/bin/env bash
# Renders the README's screenshots of the real main window under Xvfb (package xvfb):
#   docs/screenshots/main-window.png        the bundled example policy, origin tester in use
#   docs/screenshots/policy-with-errors.png resources/examples/policy_with_mistakes.py: marks on
#                                           the rows, the Problems panel (checks and linter)
# Usage: scripts/screenshots.sh [preset]   (default: release; builds it first)
#        CORS_STUDIO_BIN=path/to/cors-studio scripts/screenshots.sh   (a binary built already)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/screenshot-env.sh "${1:-release}"

shot() {
    xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" "$bin" --screenshot "$@"
}
mkdir -p docs/screenshots
shot docs/screenshots/main-window.png --origin https://pr-42.preview.example.com
shot docs/screenshots/policy-with-errors.png resources/examples/policy_with_mistakes.py
ls -l docs/screenshots/*.png
