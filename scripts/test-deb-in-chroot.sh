#!/usr/bin/env bash
# Installs the .deb in a fresh Debian 12 root made with debootstrap, as on a new user's machine:
# `apt install ./cors-studio_*.deb` must bring every dependency from Debian by itself. Then runs
# the installed cors-studio without a display (--version, help, check, simulate, test), purges
# it, removes what it pulled in, and checks that nothing of it is left. Run it before a release.
#
#   sudo scripts/test-deb-in-chroot.sh [DEB]    (default: build/release/cors-studio_*.deb)
#   KEEP_CHROOT=1 keeps the root (its path is printed).
#
# The root is made from the Debian mirror of apt's own configuration (deb822 debian.sources or
# sources.list) and gets the same sources, so it sees what this machine sees.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "test-deb-in-chroot.sh: run as root (debootstrap, chroot)" >&2; exit 2; }
deb=${1:-$(ls build/release/cors-studio_*.deb 2>/dev/null | tail -n 1)}
[ -f "$deb" ] || { echo "no .deb: run scripts/build-deb.sh first, or give its path" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap

mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\/debian\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

root=$(mktemp -d /var/tmp/cors-studio-chroot.XXXXXX)
cleanup() {
    umount "$root/dev/pts" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    if [ "${KEEP_CHROOT:-0}" = 1 ]; then echo "kept $root"; else rm -rf "$root"; fi
}
trap cleanup EXIT
started=$(date +%s)

echo "== debootstrap --variant=minbase bookworm $root $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
    || { tail -n 30 "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"
mount -t proc proc "$root/proc"
mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
# The same Debian sources as this machine (no third-party repositories).
rm -f "$root/etc/apt/sources.list"
for f in /etc/apt/sources.list.d/debian*.sources; do
    [ -f "$f" ] && cp "$f" "$root/etc/apt/sources.list.d/"
done
if [ -s /etc/apt/sources.list ]; then
    grep -E '^deb(-src)? .*http[^ ]*/debian(-security)? ' /etc/apt/sources.list \
        >"$root/etc/apt/sources.list" || true
fi
if ! ls "$root"/etc/apt/sources.list.d/*.sources >/dev/null 2>&1 \
    && [ ! -s "$root/etc/apt/sources.list" ]; then
    echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
fi
mkdir -p "$root/tmp/cors"
cp "$deb" "$root/tmp/cors/"
cp resources/examples/example_settings.py resources/examples/example.cors.yaml "$root/tmp/cors/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

echo "== apt-get update"
in_root apt-get update -qq
before=$(in_root dpkg-query -W -f='${Package}\n' | sort)
echo "== apt install ./$(basename "$deb") (packages installed before: $(echo "$before" | wc -l))"
in_root sh -c "cd /tmp/cors && apt-get install -y -qq --no-install-recommends ./$(basename "$deb")" \
    >"$root/tmp/cors/install.log" 2>&1 || { tail -n 40 "$root/tmp/cors/install.log"; exit 1; }
added=$(comm -13 <(echo "$before") <(in_root dpkg-query -W -f='${Package}\n' | sort))
echo "installed cors-studio and $(($(echo "$added" | wc -l) - 1)) dependencies from Debian"

status=0
check() {
    echo "\$ $*"
    in_root "$@" || { echo "FAIL: $* exited $?"; status=1; }
}
check cors-studio --version
check sh -c 'cors-studio help | head -n 4'
check cors-studio check /tmp/cors/example_settings.py
check sh -c 'cors-studio simulate /tmp/cors/example_settings.py --origin https://app.example.com --url https://api.example.com/api/items --method PUT --header "Content-Type: application/json" | tail -n 2'
check cors-studio test /tmp/cors/example.cors.yaml
check test -f /usr/share/man/man1/cors-studio.1.gz
check test -f /usr/share/applications/io.github.corsstudio.CorsStudio.desktop

echo "== apt-get purge cors-studio && apt-get autoremove --purge"
in_root apt-get purge -y -qq cors-studio >/dev/null
in_root apt-get autoremove --purge -y -qq >/dev/null
after=$(in_root dpkg-query -W -f='${Package}\n' | sort)
if [ "$after" != "$before" ]; then
    echo "FAIL: the package set differs from before the install:"
    diff <(echo "$before") <(echo "$after") || true
    status=1
fi
for f in /usr/bin/cors-studio /usr/share/man/man1/cors-studio.1.gz /usr/share/doc/cors-studio; do
    if [ -e "$root$f" ]; then echo "FAIL: $f left behind"; status=1; fi
done
echo "done in $(($(date +%s) - started)) s: $([ $status = 0 ] && echo ok || echo FAILED)"
exit $status
