# bash completion for cors-studio                                    -*- shell-script -*-
# SPDX-License-Identifier: MIT
# Commands and options come from the program itself (`cors-studio help`, `COMMAND --help`), so
# this file never lists one that does not exist.

_cors_studio_commands()
{
    "${1:-cors-studio}" help 2>/dev/null |
        sed -n '/^Commands:$/,/^$/{s/^  \([a-z][a-z0-9-]*\) .*/\1/p}'
}

_cors_studio_options()
{
    "$1" "$2" --help 2>/dev/null |
        sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p'
}

_cors_studio()
{
    local cur prev program command i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    program=${COMP_WORDS[0]}

    command=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) command=${COMP_WORDS[i]}; break ;;
        esac
    done

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_cors_studio_commands "$program") help" -- "$cur"))
            compopt -o filenames 2>/dev/null
            COMPREPLY+=($(compgen -f -X '!*.@(py|yaml|yml)' -- "$cur"))
            COMPREPLY+=($(compgen -d -- "$cur"))
        fi
        return 0
    fi

    case $prev in
        --profile) COMPREPLY=($(compgen -W '4.x 3.14' -- "$cur")); return 0 ;;
        --format) COMPREPLY=($(compgen -W 'text json sarif github' -- "$cur")); return 0 ;;
        --to) COMPREPLY=($(compgen -W 'django yaml nginx' -- "$cur")); return 0 ;;
        --credentials) COMPREPLY=($(compgen -W 'omit same-origin include' -- "$cur")); return 0 ;;
        --mode) COMPREPLY=($(compgen -W 'cors no-cors same-origin' -- "$cur")); return 0 ;;
        --browser) COMPREPLY=($(compgen -W 'chromium firefox safari all' -- "$cur")); return 0 ;;
        --cors-layer) COMPREPLY=($(compgen -W 'django nginx' -- "$cur")); return 0 ;;
        -o | --output | --junit | --batch | --scenarios | --routes | --proxy)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0
            ;;
    esac

    if [[ $command == help ]]; then
        COMPREPLY=($(compgen -W "$(_cors_studio_commands "$program")" -- "$cur"))
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_cors_studio_options "$program" "$command")" -- "$cur"))
    else
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.@(py|yaml|yml)' -- "$cur"))
        COMPREPLY+=($(compgen -d -- "$cur"))
    fi
    return 0
}

complete -F _cors_studio cors-studio
