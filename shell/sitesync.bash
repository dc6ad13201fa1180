# sitesync.bash - the dsql/dfiles wrappers and completion for bash.
#
# Source it from ~/.bashrc:
#
#     . /usr/share/sitesync/shell/sitesync.bash
#
# (bash-completion also loads it on its own the first time you complete a
# `sitesync` command line, but only sourcing it defines dsql and dfiles.)
#
#     dsql @prod        runs  sitesync sql-sync @prod default -d -v
#     dfiles @staging   runs  sitesync rsync @staging:%files default:%files -d -v
#
# The wrappers take one alias such as @prod, then only flags that change
# neither the destination nor the direction: -y, -s, -q, --no-progress,
# --format=json (for scripts and containers: `dsql @prod -y`).  The
# destination is always `default`, the site you stand in, and cannot be
# changed through them.  For anything else call sitesync directly.

# _sitesync_wrapper_alias NAME ARGS...: check a wrapper's arguments (the
# alias, then the flags it passes on); prints the usage line and returns 2
# when they are not acceptable.
_sitesync_wrapper_alias() {
	local name=$1 flag
	shift
	if [ $# -lt 1 ]; then
		printf 'usage: %s @alias [-y] [-s] [-q] [--no-progress] [--format=json]   (one alias, e.g. %s @prod)\n' \
			"$name" "$name" >&2
		return 2
	fi
	for flag in "${@:2}"; do
		case $flag in
		-y | -s | -q | --no-progress | --format=json) ;;
		*)
			printf 'usage: %s @alias [-y] [-s] [-q] [--no-progress] [--format=json]   (%s is not one of these; call sitesync for more)\n' \
				"$name" "$flag" >&2
			return 2
			;;
		esac
	done
	case $1 in
	@self | @default)
		printf 'usage: %s @alias   (%s is the destination; name the source, e.g. %s @prod)\n' \
			"$name" "$1" "$name" >&2
		return 2
		;;
	@ | @*[!A-Za-z0-9._-]* | [!@]*)
		printf 'usage: %s @alias   (an alias is @ followed by letters, digits, ".", "_" or "-")\n' \
			"$name" >&2
		return 2
		;;
	esac
	return 0
}

dsql() {
	_sitesync_wrapper_alias dsql "$@" || return
	command sitesync sql-sync "$1" default -d -v "${@:2}"
}

dfiles() {
	_sitesync_wrapper_alias dfiles "$@" || return
	command sitesync rsync "$1:%files" default:%files -d -v "${@:2}"
}

# The --alias-path option of the command line being completed, if any,
# as words to pass on to `sitesync sa`.
_sitesync_alias_opts() {
	local i w
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--alias-path=*) printf '%s\n' "$w" ;;
		--alias-path)
			if [ "${COMP_WORDS[i + 1]:-}" = "=" ]; then
				printf '%s\n' "--alias-path=${COMP_WORDS[i + 2]:-}"
			else
				printf '%s\n' "--alias-path=${COMP_WORDS[i + 1]:-}"
			fi
			;;
		esac
	done
}

# Every alias name (@site.env), one a line.
_sitesync_aliases() {
	local -a opts=()
	local o
	while IFS= read -r o; do
		opts+=("$o")
	done < <(_sitesync_alias_opts)
	command sitesync "${opts[@]}" sa --format=list 2>/dev/null | while IFS= read -r a; do
		case $a in @*) printf '%s\n' "$a" ;; esac
	done
}

# The commands `sitesync help` lists.
_sitesync_commands() {
	local in_cmds= line
	command sitesync help 2>/dev/null | while IFS= read -r line; do
		case $line in
		Commands:*) in_cmds=1 ;;
		"") [ -n "$in_cmds" ] && break ;;
		"  "[a-z]*)
			line=${line#  }
			[ -n "$in_cmds" ] && printf '%s\n' "${line%% *}"
			;;
		esac
	done
}

# Long options (--name) of `sitesync help [CMD]`: the command's and the globals.
_sitesync_options() {
	{
		[ -n "$1" ] && command sitesync help "$1" 2>/dev/null
		command sitesync help 2>/dev/null
	} | grep -oE -- '(^|[ ,])--[a-z][a-z0-9-]*=?' | sed 's/^[ ,]*//' | sort -u
}

# The word being completed, with the pieces bash split at ':' joined again
# ("@prod:%files" is one word for us).
_sitesync_cur() {
	local i=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]}
	while [ "$i" -gt 1 ]; do
		case $cur in
		:*) ;;
		*) [ "${COMP_WORDS[i - 1]}" = ":" ] || break ;;
		esac
		i=$((i - 1))
		cur=${COMP_WORDS[i]}$cur
	done
	printf '%s' "$cur"
}

# COMPREPLY from the candidates on stdin (feed it with < <(...): a pipe
# would run it in a subshell) that start with $1; when $1 holds a
# ':' bash only replaces what follows the last one, so cut the rest off.
_sitesync_reply() {
	local cur=$1 c colon_prefix=
	case $cur in *:*) colon_prefix=${cur%:*}: ;; esac
	COMPREPLY=()
	while IFS= read -r c; do
		case $c in "$cur"*) COMPREPLY+=("${c#"$colon_prefix"}") ;; esac
	done
}

# Aliases, and with with_paths also their @alias:%path forms.
_sitesync_complete_alias() {
	local cur=$1 with_paths=$2 a
	case $cur in
	@*:*)
		[ -n "$with_paths" ] || return 0
		a=${cur%%:*}
		_sitesync_reply "$cur" < <(printf '%s\n' "$a:%files" "$a:%private" "$a:%root")
		;;
	*)
		_sitesync_reply "$cur" < <(_sitesync_aliases)
		;;
	esac
}

# Completion of the sitesync command line.
_sitesync() {
	local cur cmd= i w
	COMPREPLY=()
	cur=$(_sitesync_cur)
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--format | --alias-path | --plugin-path) i=$((i + 1)) ;;
		-* | = | :) ;;
		*) cmd=$w; break ;;
		esac
	done
	case $cur in
	-*) _sitesync_reply "$cur" < <(_sitesync_options "$cmd") ;;
	@*) _sitesync_complete_alias "$cur" 1 ;;
	*)
		if [ -z "$cmd" ] || [ "$cmd" = help ]; then
			_sitesync_reply "$cur" < <(_sitesync_commands)
		else
			_sitesync_reply "$cur" < <(printf '%s\n' default; _sitesync_aliases)
		fi
		;;
	esac
	case ${COMPREPLY[*]} in *=) compopt -o nospace 2>/dev/null ;; esac
	return 0
}

# Completion of dsql and dfiles: one alias, nothing else.
_sitesync_dsql() {
	COMPREPLY=()
	[ "$COMP_CWORD" -eq 1 ] || return 0
	_sitesync_reply "${COMP_WORDS[1]}" < <(_sitesync_aliases | grep -vxE '@(self|default)')
	return 0
}

complete -F _sitesync sitesync
complete -F _sitesync_dsql dsql dfiles
