# fish completion for cors-studio
# SPDX-License-Identifier: MIT
# Commands and options come from the program itself (`cors-studio help`, `COMMAND --help`).

function __cors_studio_commands
    cors-studio help 2>/dev/null | sed -n '/^Commands:$/,/^$/{s/^  \([a-z][a-z0-9-]*\)  *\(.*\)/\1\t\2/p}'
end

function __cors_studio_command_options
    set -l command (commandline -opc)[2]
    cors-studio $command --help 2>/dev/null | sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\)\( <[^>]*>\)\{0,1\}  *\(.*\)/\2\t\4/p'
end

# Options that take a value. They are not declared with `complete -l`: that declaration, without
# a description, would replace the one the program gives in __cors_studio_command_options.
set -l value_options --profile --format --to --browser --credentials --mode --cors-layer \
    -o --output --junit --batch --scenarios --routes --proxy
set -l after_command "not __fish_use_subcommand; and not __fish_seen_subcommand_from help; and not __fish_prev_arg_in $value_options"
complete -c cors-studio -f
complete -c cors-studio -n __fish_use_subcommand -a '(__cors_studio_commands)'
complete -c cors-studio -n __fish_use_subcommand -a help -d 'Show help for a command'
complete -c cors-studio -n __fish_use_subcommand -l help -s h -d 'Show help'
complete -c cors-studio -n __fish_use_subcommand -l version -s v -d 'Show the version'
complete -c cors-studio -n '__fish_seen_subcommand_from help' -a '(__cors_studio_commands)'
complete -c cors-studio -n $after_command -a '(__cors_studio_command_options)'
complete -c cors-studio -n $after_command -a '(__fish_complete_suffix .py; __fish_complete_suffix .yaml)'
complete -c cors-studio -n '__fish_prev_arg_in --profile' -a '4.x 3.14'
complete -c cors-studio -n '__fish_prev_arg_in --format' -a 'text json sarif github'
complete -c cors-studio -n '__fish_prev_arg_in --to' -a 'django yaml nginx'
complete -c cors-studio -n '__fish_prev_arg_in --browser' -a 'chromium firefox safari all'
complete -c cors-studio -n '__fish_prev_arg_in --credentials' -a 'omit same-origin include'
complete -c cors-studio -n '__fish_prev_arg_in --mode' -a 'cors no-cors same-origin'
complete -c cors-studio -n '__fish_prev_arg_in --cors-layer' -a 'django nginx'
complete -c cors-studio -n '__fish_prev_arg_in -o --output --junit --batch --scenarios --routes --proxy' -F
