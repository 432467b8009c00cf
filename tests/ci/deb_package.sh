#!/bin/sh
# ctest ci/deb_package (label package): builds the .deb with CPack, checks its control data and
# lintian, installs it with `apt-get install ./cors-studio_*.deb`, runs the installed
# /usr/bin/cors-studio (--version, check, simulate, test) on the bundled examples, then purges
# it and checks that nothing it installed is left.
#
#   deb_package.sh BUILD_DIR WORK_DIR
#
# Installing a package needs root and apt: as another user, or without apt-get, the test is
# reported as skipped (exit 0 with the marker below). A cors-studio package that is already
# installed is refused rather than replaced (CORS_TEST_DEB_REPLACE=1 replaces it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
work=$2

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ci/deb_package SKIPPED: installing a package needs root and apt-get"
    exit 0
fi
if dpkg-query -W -f='${Status}' cors-studio 2>/dev/null | grep -q "installed"; then
    if [ "${CORS_TEST_DEB_REPLACE:-0}" != 1 ]; then
        echo "FAIL: a cors-studio package is already installed; purge it or set CORS_TEST_DEB_REPLACE=1"
        exit 1
    fi
    apt-get purge -y -qq cors-studio
fi

rm -rf "$work"
mkdir -p "$work"
echo "== cpack -G DEB"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log"
    exit 1
}
set -- "$work"/cors-studio_*.deb
[ -f "$1" ] || { echo "FAIL: no cors-studio_*.deb in $work"; cat "$work/cpack.log"; exit 1; }
deb=$1
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

status=0
fail() { echo "FAIL: $*"; status=1; }

echo "== control"
dpkg-deb --field "$deb" Package Version Architecture Depends Section
depends=$(dpkg-deb --field "$deb" Depends)
for dependency in libc6 libqt6core6 libqt6widgets6 libqt6httpserver6 libpsl5 libyaml-cpp0.7 libmimalloc2.0 \
    qt6-qpa-plugins publicsuffix; do
    echo "$depends" | grep -q "\\b$dependency\\b" || fail "Depends lacks $dependency"
done

if command -v lintian >/dev/null 2>&1; then
    echo "== lintian"
    # Tags that remain are explained in packaging/README.md; errors and warnings fail.
    lintian --tag-display-limit 0 --fail-on error,warning --display-info "$deb" || fail "lintian"
else
    echo "note: lintian is not installed; not checked"
fi

echo "== apt-get install ./$(basename "$deb")"
cd "$work"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$(basename "$deb")" \
    >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
files=$(dpkg-query -L cors-studio)

run() {
    echo "\$ $*"
    env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$@"
}
examples=$source_dir/resources/examples
run /usr/bin/cors-studio --version || fail "--version"
run /usr/bin/cors-studio check "$examples/example_settings.py" || fail "check"
run /usr/bin/cors-studio simulate "$examples/example_settings.py" \
    --origin https://app.example.com --url https://api.example.com/api/items --method PUT \
    --header 'Content-Type: application/json' >"$work/simulate.txt" || fail "simulate"
grep -q "^Verdict: allowed" "$work/simulate.txt" || { cat "$work/simulate.txt"; fail "simulate verdict"; }
tail -n 3 "$work/simulate.txt"
run /usr/bin/cors-studio test "$examples/example.cors.yaml" || fail "test"
code=0
run /usr/bin/cors-studio lint "$examples/policy_with_mistakes.py" >/dev/null || code=$?
[ $code = 1 ] || fail "lint exited $code, expected 1 (the policy has mistakes)"
man -w cors-studio >/dev/null || fail "man cannot find cors-studio(1)"

echo "== apt-get purge cors-studio"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cors-studio >"$work/purge.log" 2>&1 \
    || { cat "$work/purge.log"; exit 1; }
if dpkg-query -W -f='${Status}' cors-studio 2>/dev/null | grep -q "installed"; then
    fail "cors-studio is still installed"
fi
left=0
for f in $files; do
    if [ -f "$f" ] || [ -L "$f" ]; then
        echo "left behind: $f"
        left=1
    fi
done
[ $left = 0 ] || fail "files left after purge"
[ ! -e /usr/bin/cors-studio ] || fail "/usr/bin/cors-studio left after purge"

echo "== the CI recipes (docs/ci), their install steps included"
/usr/bin/python3 "$here/recipes.py" --deb "$deb" --only github,gitlab --work "$work/recipes" \
    || fail "CI recipes with the .deb"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cors-studio >>"$work/purge.log" 2>&1 || true
[ ! -e /usr/bin/cors-studio ] || fail "/usr/bin/cors-studio left after the recipes' purge"
[ $status = 0 ] && echo "ok: built, installed, ran and purged $(basename "$deb")"
exit $status
