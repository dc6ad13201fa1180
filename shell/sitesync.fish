# sitesync.fish - the dsql/dfiles wrappers and completion for fish.
#
# Installed in fish's vendor_functions.d (as dsql.fish and dfiles.fish) and
# vendor_completions.d, so fish finds everything on its own; or source it
# from ~/.config/fish/config.fish:
#
#     source /usr/share/sitesync/shell/sitesync.fish
#
#     dsql @prod        runs  sitesync sql-sync @prod default -d -v
#     dfiles @staging   runs  sitesync rsync @staging:%files default:%files -d -v
#
# The wrappers take one alias such as @prod, then only flags that change
# neither the destination nor the direction: -y, -s, -q, --no-progress,
# --format=json.  The destination is always `default` and cannot be
# changed through them.

# Check a wrapper's arguments (the alias, then its flags); usage line and 2 when bad.
function __sitesync_wrapper_alias --argument-names name
    set -l args $argv[2..-1]
    if test (count $args) -lt 1
        printf 'usage: %s @alias [-y] [-s] [-q] [--no-progress] [--format=json]   (one alias, e.g. %s @prod)\n' $name $name >&2
        return 2
    end
    for flag in $args[2..-1]
        switch $flag
            case -y -s -q --no-progress --format=json
            case '*'
                printf 'usage: %s @alias [-y] [-s] [-q] [--no-progress] [--format=json]   (%s is not one of these; call sitesync for more)\n' $name $flag >&2
                return 2
        end
    end
    switch $args[1]
        case @self @default
            printf 'usage: %s @alias   (%s is the destination; name the source, e.g. %s @prod)\n' $name $args[1] $name >&2
            return 2
    end
    if not string match -qr '^@[A-Za-z0-9._-]+$' -- $args[1]
        printf 'usage: %s @alias   (an alias is @ followed by letters, digits, ".", "_" or "-")\n' $name >&2
        return 2
    end
    return 0
end

function dsql --description 'sitesync sql-sync @alias default -d -v'
    __sitesync_wrapper_alias dsql $argv; or return
    command sitesync sql-sync $argv[1] default -d -v $argv[2..-1]
end

function dfiles --description 'sitesync rsync @alias:%files default:%files -d -v'
    __sitesync_wrapper_alias dfiles $argv; or return
    command sitesync rsync $argv[1]:%files default:%files -d -v $argv[2..-1]
end

# Every alias name (@site.env); --alias-path of the command line is passed on.
function __sitesync_aliases
    set -l opts (commandline -opc | string match -- '--alias-path=*')
    command sitesync $opts sa --format=list 2>/dev/null | string match -- '@*'
end

function __sitesync_aliases_no_self
    __sitesync_aliases | string match -v -r -- '^@(self|default)$'
end

# Commands listed by `sitesync help`, with their summaries.
function __sitesync_commands
    # "  name   summary" lines; the option lines start with "-" and do not match
    command sitesync help 2>/dev/null | string replace -rf '^  ([a-z][a-z0-9-]*) +(.*)$' '$1\t$2'
end

# Long options (--name) of `sitesync help CMD` and the globals.
function __sitesync_options
    set -l cmd (__sitesync_command_word)
    begin
        test -n "$cmd"; and command sitesync help $cmd 2>/dev/null
        command sitesync help 2>/dev/null
    end | string match -ar -- '--[a-z][a-z0-9-]*=?' | sort -u
end

# The command word of the command line, if one was typed.
function __sitesync_command_word
    set -l words (commandline -opc)
    set -e words[1]
    set -l skip 0
    for w in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $w
            case --format --alias-path --plugin-path
                set skip 1
            case '-*'
            case '*'
                echo $w
                return 0
        end
    end
    return 1
end

function __sitesync_needs_command
    not __sitesync_command_word >/dev/null
end

# @alias:%path forms of the alias being typed.
function __sitesync_alias_paths
    set -l tok (commandline -ct)
    string match -q -- '@*:*' $tok; or return
    set -l a (string split -m1 : -- $tok)[1]
    printf '%s\n' $a:%files $a:%private $a:%root
end

complete -c sitesync -f
complete -c sitesync -n __sitesync_needs_command -a '(__sitesync_commands)'
complete -c sitesync -n 'not __sitesync_needs_command' -a 'default (__sitesync_aliases) (__sitesync_alias_paths)'
complete -c sitesync -n 'string match -q -- "-*" (commandline -ct)' -a '(__sitesync_options)'
complete -c sitesync -s y -l yes -d 'answer yes to every question'
complete -c sitesync -s n -l no -d 'answer no to every question'
complete -c sitesync -s s -l simulate -d 'show what would happen, change nothing'
complete -c sitesync -s v -l verbose -d 'say more'
complete -c sitesync -s d -l debug -d 'print debugging information'
complete -c sitesync -s q -l quiet -d 'print errors only'
complete -c sitesync -l format -x -a 'human json list yaml'
complete -c sitesync -l alias-path -r -F
complete -c sitesync -l plugin-path -r -F

complete -c dsql -f -n 'test (count (commandline -opc)) -eq 1' -a '(__sitesync_aliases_no_self)'
complete -c dfiles -f -n 'test (count (commandline -opc)) -eq 1' -a '(__sitesync_aliases_no_self)'
