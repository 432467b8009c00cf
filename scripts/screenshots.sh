#!/usr/bin/env bash
# Renders the README's screenshots of the real main window under Xvfb (package xvfb):
#   docs/screenshots/main-window.png        the bundled example policy, origin tester in use
#   docs/screenshots/policy-with-errors.png resources/examples/policy_with_mistakes.py: marks on
#                                           the rows, the Problems panel (checks and linter)
# Usage: scripts/screenshots.sh [preset]   (default: release; builds it first)
#        CORS_STUDIO_BIN=path/to/cors-studio scripts/screenshots.sh   (a binary built already)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
bin=${CORS_STUDIO_BIN:-}
if [ -z "$bin" ]; then
    scripts/build.sh "$preset"
    bin="build/$preset/app/cors-studio"
fi

# A private home for the run: the user's settings, recent files and autosaves stay untouched.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/runtime"
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
    XDG_RUNTIME_DIR="$tmp/runtime"
unset QT_QPA_PLATFORM QT_SCALE_FACTOR QT_SCREEN_SCALE_FACTORS

shot() {
    xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" "$bin" --screenshot "$@"
}
mkdir -p docs/screenshots
shot docs/screenshots/main-window.png --origin https://pr-42.preview.example.com
shot docs/screenshots/policy-with-errors.png resources/examples/policy_with_mistakes.py
ls -l docs/screenshots/*.png
