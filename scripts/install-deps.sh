#!/usr/bin/env bash
# Installs the Debian 12 packages CORS Studio needs, and only those that are missing.
#   scripts/install-deps.sh app    build and run the application
#   scripts/install-deps.sh test   everything the test suite drives (Django, nginx, Chromium,
#                                  Firefox ESR, WebKitGTK's WebKitWebDriver, Xvfb,
#                                  clang with libFuzzer for scripts/fuzz.sh, clang-format
#                                  (ci/clang_format), the packaging
#                                  validators: xmllint, desktop-file-validate, appstreamcli,
#                                  lintian; zsh and fish, which run the installed completions)
#   scripts/install-deps.sh bench  the benchmarks (scripts/bench.sh): Google Benchmark, Django
set -euo pipefail

what=${1:-test}

build_pkgs=(
    g++ cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libgl-dev
    qt6-httpserver-dev qt6-websockets-dev
    libyaml-cpp-dev
    libpsl-dev publicsuffix
    libpcre2-dev
    libmimalloc-dev
)
test_pkgs=(
    python3 python3-django python3-django-cors-headers python3-djangorestframework
    nginx-light
    chromium firefox-esr webkit2gtk-driver
    xvfb xauth fonts-dejavu-core
    clang libclang-rt-14-dev clang-format
    libxml2-utils file groff-base man-db
    desktop-file-utils appstream lintian dpkg-dev zsh fish
    pre-commit python3-yaml git curl
)
bench_pkgs=(
    libbenchmark-dev
    python3 python3-django python3-django-cors-headers
)

pkgs=("${build_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}")
[ "$what" = bench ] && pkgs+=("${bench_pkgs[@]}")

missing=()
# Node may come from elsewhere (nodesource bundles npm and conflicts with Debian's npm):
# only install Debian's when the commands are missing.
if [ "$what" = test ]; then
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
fi
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
