#!/bin/sh
# ctest ci/install_tree: `cmake --install` into a staging directory installs the binary, the
# desktop entry, icons, AppStream metainfo, the man page and the shell completions, and each
# passes its validator: desktop-file-validate, appstreamcli validate, man --warnings, and bash,
# zsh and fish each completing commands and options through the installed completion files.
#
#   install_tree.sh BUILD_DIR WORK_DIR
set -eu
build=$1
work=$2
stage=$work/stage
rm -rf "$stage"
mkdir -p "$stage"
DESTDIR=$stage cmake --install "$build" --prefix /usr >"$work/install.log"

status=0
fail() { echo "FAIL: $*"; status=1; }
id=io.github.corsstudio.CorsStudio
for f in \
    usr/bin/cors-studio \
    usr/share/applications/$id.desktop \
    usr/share/metainfo/$id.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/$id.svg \
    usr/share/icons/hicolor/16x16/apps/$id.png \
    usr/share/icons/hicolor/48x48/apps/$id.png \
    usr/share/icons/hicolor/256x256/apps/$id.png \
    usr/share/man/man1/cors-studio.1.gz \
    usr/share/bash-completion/completions/cors-studio \
    usr/share/zsh/vendor-completions/_cors-studio \
    usr/share/fish/vendor_completions.d/cors-studio.fish \
    usr/share/doc/cors-studio/copyright \
    usr/share/doc/cors-studio/changelog.gz; do
    [ -e "$stage/$f" ] || fail "not installed: /$f"
done
for size in 16 24 32 48 64 128 256 512; do
    png=$stage/usr/share/icons/hicolor/${size}x${size}/apps/$id.png
    case $(file -b "$png") in
        "PNG image data, $size x $size,"*) ;;
        *) fail "$png is not a $size x $size PNG: $(file -b "$png")" ;;
    esac
done

if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$stage/usr/share/applications/$id.desktop" 2>&1) || fail "desktop-file-validate: $out"
    [ -z "$out" ] || fail "desktop-file-validate: $out"
    echo "ok: desktop-file-validate"
else
    echo "note: desktop-file-validate missing (desktop-file-utils)"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$stage/usr/share/metainfo/$id.metainfo.xml" || fail "appstreamcli validate"
    echo "ok: appstreamcli validate"
else
    echo "note: appstreamcli missing (appstream)"
fi
# The installed binary runs from the staging tree and prints its version without a display.
version=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$stage/usr/bin/cors-studio" --version) \
    || fail "installed cors-studio --version"
[ "$version" = "cors-studio $(sed -n 's/^project(CorsStudio VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../../CMakeLists.txt")" ] \
    || fail "installed --version printed '$version'"

# The man page formats without warnings and documents every command.
warnings=$(MANWIDTH=80 man --warnings -l "$stage/usr/share/man/man1/cors-studio.1.gz" 2>&1 >/dev/null) || fail "man -l"
[ -z "$warnings" ] || fail "man --warnings: $warnings"
for command in respond check simulate export import lint serve probe test; do
    zcat "$stage/usr/share/man/man1/cors-studio.1.gz" | grep -q "^\.SS cors-studio $command\$" \
        || fail "man page lacks $command"
done

# bash: the installed completion completes commands and a command's options, asking the
# installed binary.
completions=$(cd "$stage" && PATH=$stage/usr/bin:$PATH bash -c '
    . "$1"
    complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _cors_studio; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "; }
    echo "commands: $(complete_words cors-studio ch)"
    echo "help: $(complete_words cors-studio help si)"
    echo "options: $(complete_words cors-studio test --ju)"
    echo "profile: $(complete_words cors-studio check --profile "")"
    echo "credentials: $(complete_words cors-studio simulate --credentials "")"
' bash "$stage/usr/share/bash-completion/completions/cors-studio")
echo "$completions"
echo "$completions" | grep -qx "commands: check " || fail "bash completion of 'ch'"
echo "$completions" | grep -qx "help: simulate " || fail "bash completion of 'help si'"
echo "$completions" | grep -qx "options: --junit " || fail "bash completion of 'test --ju'"
echo "$completions" | grep -qx "profile: 3.14 4.x " || fail "bash completion of '--profile'"
echo "$completions" | grep -qx "credentials: include omit same-origin " || fail "bash completion of '--credentials'"

# zsh and fish: the same four completions, by the real shells finding the installed files where
# they look for them (the staged vendor directory first on fpath / fish_complete_path), with the
# installed binary first on PATH, which the completions ask for commands and options. Both
# shells are test dependencies (scripts/install-deps.sh): a missing one fails, so that these
# checks cannot quietly stop running.
here=$(cd "$(dirname "$0")" && pwd)
shell_env() {
    env HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data" \
        XDG_CACHE_HOME="$work/home/cache" PATH="$stage/usr/bin:$PATH" "$@"
}
# Each shell prints the words offered for a line, one a line, sorted, then "--"; joined here into
# "commands: check " etc. as for bash.
joined() {
    awk 'BEGIN { split("commands help options profile credentials", name) }
         /^--$/ { print name[++n] ": " line; line = ""; next }
         { line = line $0 " " }'
}
check_shell() {
    shell=$1
    out=$2
    echo "$out" | sed "s/^/$shell /"
    echo "$out" | grep -qx "commands: check " || fail "$shell completion of 'ch'"
    echo "$out" | grep -qx "help: simulate " || fail "$shell completion of 'help si'"
    echo "$out" | grep -qx "options: --junit " || fail "$shell completion of 'test --ju'"
    echo "$out" | grep -qx "profile: 3.14 4.x " || fail "$shell completion of '--profile'"
    echo "$out" | grep -qx "credentials: include omit same-origin " || fail "$shell completion of '--credentials'"
}
rm -rf "$work/home"
mkdir -p "$work/home"
if command -v zsh >/dev/null; then
    zsh -n "$stage/usr/share/zsh/vendor-completions/_cors-studio" || fail "zsh -n"
    # A shell that hangs (a completion waiting for input) fails instead of holding ctest.
    out=$(cd "$stage" && shell_env timeout 120 zsh -f "$here/zsh_complete.zsh" \
        "$stage/usr/share/zsh/vendor-completions" \
        "cors-studio ch" "cors-studio help si" "cors-studio test --ju" "cors-studio check --profile " \
        "cors-studio simulate --credentials ") \
        || fail "zsh completion run exited $?"
    check_shell zsh "$(echo "$out" | joined)"
else
    fail "zsh missing (scripts/install-deps.sh installs it)"
fi
if command -v fish >/dev/null; then
    fish -n "$stage/usr/share/fish/vendor_completions.d/cors-studio.fish" || fail "fish -n"
    # complete -C prints "WORD<TAB>DESCRIPTION" for each candidate, as fish would list them.
    out=$(cd "$stage" && shell_env timeout 120 fish --no-config -c '
        set --prepend fish_complete_path $argv[1]
        for line in $argv[2..]
            complete -C $line | sort
            printf "%s\n" --
        end' "$stage/usr/share/fish/vendor_completions.d" \
        "cors-studio ch" "cors-studio help si" "cors-studio test --ju" "cors-studio check --profile " \
        "cors-studio simulate --credentials ") \
        || fail "fish completion run exited $?"
    echo "$out" | grep -q "^--junit	Also write a JUnit XML report" \
        || fail "fish: --junit is not described by the first words of its help"
    check_shell fish "$(echo "$out" | cut -f1 | joined)"
else
    fail "fish missing (scripts/install-deps.sh installs it)"
fi
exit $status
