#!/bin/sh
# Installs the browser agreement test's Node dependency (playwright-core, pinned in
# package-lock.json) into tests/browser/node_modules, if it is not there yet.
# Chromium itself is the system one (/usr/bin/chromium); `npx playwright install` is not used.
set -eu
cd "$(dirname "$0")"
want=$(node -p "require('./package-lock.json').packages['node_modules/playwright-core'].version")
have=$(node -p "try { require('./node_modules/playwright-core/package.json').version } catch (e) { '' }")
if [ "$have" != "$want" ]; then
    echo "setup.sh: installing playwright-core $want (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
fi
