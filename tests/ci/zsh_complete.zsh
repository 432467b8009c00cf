#!/usr/bin/env zsh
# Prints the words zsh's completion system offers for each LINE (one word a line, sorted, then
# "--"), as a user pressing Tab after LINE would get them from the completion functions on
# FPATH_DIR. Used by install_tree.sh.
#
#   zsh -f zsh_complete.zsh FPATH_DIR LINE...
#
# Completion widgets only run inside the line editor of an interactive shell, so each LINE is
# typed, followed by a Tab, into an interactive `zsh -f -i` on a pseudo-terminal (zsh/zpty). That
# shell runs the real compinit and the real completion function; only the builtin compadd is
# wrapped, so that every word a completion function adds is also printed. It is the technique of
# zsh-capture-completion (github.com/Valodim/zsh-capture-completion), written afresh for plain
# words: `compadd -O ARRAY` does the same matching against the typed prefix as a real add but
# stores the matching words instead of adding them.
emulate -L zsh
zmodload zsh/zpty || exit 2
fpath_dir=$1
shift

# The inner shell's setup. It is sourced from a file, not typed, so that the markers below never
# appear in the terminal's echo of what is typed. Calls of compadd that pass -O, -A or -D are
# completion functions asking which words would match, not adding them, so they go straight to
# the builtin. The markers come from compprefuncs and comppostfuncs, which _main_complete runs
# before and after the completion functions; the begin marker starts on a line of its own, after
# the editor's echo of the typed line, and after the end marker the shell exits, so nothing typed
# is ever executed.
setup='
PROMPT= RPROMPT= PS2=
unsetopt beep
fpath=('${(q)fpath_dir}' $fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
    if (( ${@[1,(i)(-|--)][(I)-[OAD]*]} )); then
        builtin compadd "$@"
        return
    fi
    local -a __words
    builtin compadd -O __words "$@"
    local __w
    for __w in $__words; do print -r -- "word:$__w"; done
    builtin compadd "$@"
}
__completion_begin() { print -r -- $'"'"'\ncompletion:begin'"'"'; }
__completion_end() { print -r -- completion:end; exit; }
compprefuncs=(__completion_begin)
comppostfuncs=(__completion_end)
bindkey "^I" complete-word
__line_ready() { print -r -- $'"'"'\nline:ready'"'"'; }
zle -N zle-line-init __line_ready
'

for line in "$@"; do
    () {
        zpty completer zsh -f -i || exit 2
        zpty -w completer "source ${(q)1}"
        # The line is typed only once the line editor has started (zle-line-init): typed earlier,
        # it would reach a terminal still in line mode, and the Tab would not reach the editor.
        local out ready=0
        while zpty -r completer out; do
            [[ ${out//[$'\r\n']} == line:ready ]] && { ready=1; break; }
        done
        (( ready )) || { print -u2 "zsh did not set up completion"; exit 2; }
    } =(print -r -- $setup)
    zpty -w -n completer "$line"$'\t'
    words=()
    began=0 ended=0
    while zpty -r completer out; do
        out=${out//[$'\r\n']}
        case $out in
            completion:begin) began=1 ;;
            word:*) (( began )) && words+=("${out#word:}") ;;
            completion:end) ended=1; break ;;
        esac
    done
    zpty -d completer
    (( ended )) || { print -u2 "zsh never finished completing: $line"; exit 2; }
    print -rl -- ${(ou)words}
    print -r -- --
done
