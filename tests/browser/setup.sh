#!/bin/sh
# Installs the browser agreement tests' Node dependencies (playwright-core for Chromium,
# puppeteer-core for Firefox over WebDriver BiDi; pinned in package-lock.json) into
# tests/browser/node_modules, if they are not there yet or not the locked versions.
# The browsers are the system ones (/usr/bin/chromium, /usr/bin/firefox-esr); no browser
# download (`npx playwright install`, puppeteer's browser fetcher) is used.
set -eu
cd "$(dirname "$0")"
for module in playwright-core puppeteer-core; do
    want=$(node -p "require('./package-lock.json').packages['node_modules/$module'].version")
    have=$(node -p "try { require('./node_modules/$module/package.json').version } catch (e) { '' }")
    if [ "$have" != "$want" ]; then
        echo "setup.sh: installing $module $want (npm ci)"
        npm ci --no-audit --no-fund --loglevel=error
        break
    fi
done
