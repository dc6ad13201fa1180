#compdef sitesync dsql dfiles
# sitesync.zsh - the dsql/dfiles wrappers and completion for zsh.
#
# Source it from ~/.zshrc after compinit:
#
#     autoload -U compinit && compinit
#     source /usr/share/sitesync/shell/sitesync.zsh
#
# (installed as _sitesync in zsh's site-functions too, so completion works
# without the source line; only sourcing it defines dsql and dfiles.)
#
#     dsql @prod        runs  sitesync sql-sync @prod default -d -v
#     dfiles @staging   runs  sitesync rsync @staging:%files default:%files -d -v
#
# The wrappers take one alias such as @prod, then only flags that change
# neither the destination nor the direction: -y, -s, -q, --no-progress,
# --format=json.  The destination is always `default` and cannot be
# changed through them.

# Check a wrapper's arguments (the alias, then its flags); usage line and 2 when bad.
_sitesync_wrapper_alias() {
	emulate -L zsh
	local name=$1 flag
	shift
	if (( $# < 1 )); then
		print -ru2 -- "usage: $name @alias [-y] [-s] [-q] [--no-progress] [--format=json]   (one alias, e.g. $name @prod)"
		return 2
	fi
	for flag in "${@[2,-1]}"; do
		case $flag in
		(-y|-s|-q|--no-progress|--format=json) ;;
		(*)
			print -ru2 -- "usage: $name @alias [-y] [-s] [-q] [--no-progress] [--format=json]   ($flag is not one of these; call sitesync for more)"
			return 2
			;;
		esac
	done
	case $1 in
	(@self|@default)
		print -ru2 -- "usage: $name @alias   ($1 is the destination; name the source, e.g. $name @prod)"
		return 2
		;;
	(@|@*[^A-Za-z0-9._-]*|[^@]*)
		print -ru2 -- "usage: $name @alias   (an alias is @ followed by letters, digits, \".\", \"_\" or \"-\")"
		return 2
		;;
	esac
	return 0
}

dsql() {
	_sitesync_wrapper_alias dsql "$@" || return
	command sitesync sql-sync "$1" default -d -v "${@[2,-1]}"
}

dfiles() {
	_sitesync_wrapper_alias dfiles "$@" || return
	command sitesync rsync "$1:%files" default:%files -d -v "${@[2,-1]}"
}

# Every alias name (@site.env), one a line; $1 may be an --alias-path=DIR word.
_sitesync_alias_list() {
	command sitesync $@ sa --format=list 2>/dev/null | command grep '^@'
}

# Commands listed by `sitesync help`.
_sitesync_command_list() {
	command sitesync help 2>/dev/null |
		command awk '/^Commands:/ { f = 1; next } f && /^$/ { exit } f { print $1 }'
}

# Long options of `sitesync help [CMD]` and the global ones.
_sitesync_option_list() {
	{
		[[ -n $1 ]] && command sitesync help "$1" 2>/dev/null
		command sitesync help 2>/dev/null
	} | command grep -oE -- '(^|[ ,])--[a-z][a-z0-9-]*=?' | command sed 's/^[ ,]*//' | command sort -u
}

_sitesync_describe_aliases() {
	local -a aliases opts
	local w
	for w in $words; do
		[[ $w == --alias-path=* ]] && opts+=($w)
	done
	aliases=(${(f)"$(_sitesync_alias_list $opts)"})
	(( $1 )) && aliases=(${aliases:#@(self|default)})
	compadd -a aliases
}

_sitesync() {
	local cur=${words[CURRENT]} cmd= i w
	local -a cands
	for (( i = 2; i < CURRENT; i++ )); do
		w=${words[i]}
		case $w in
		(--format|--alias-path|--plugin-path) (( i++ )) ;;
		(-*) ;;
		(*) cmd=$w; break ;;
		esac
	done
	case $cur in
	(-*)
		cands=(${(f)"$(_sitesync_option_list $cmd)"})
		compadd -S '' -a cands
		;;
	(@*:*)
		cands=("${cur%%:*}:%files" "${cur%%:*}:%private" "${cur%%:*}:%root")
		compadd -a cands
		;;
	(@*)
		_sitesync_describe_aliases 0
		;;
	(*)
		if [[ -z $cmd || $cmd == help ]]; then
			cands=(${(f)"$(_sitesync_command_list)"})
		else
			cands=(default)
		fi
		compadd -a cands
		if [[ -n $cmd && $cmd != help ]]; then
			_sitesync_describe_aliases 0
		fi
		;;
	esac
}

_sitesync_dsql() {
	(( CURRENT == 2 )) && _sitesync_describe_aliases 1
}

if [[ ${zsh_eval_context[-1]:-} == loadautofunc ]]; then
	# autoloaded from site-functions as the completion function _sitesync
	case $service in
	(dsql|dfiles) _sitesync_dsql "$@" ;;
	(*) _sitesync "$@" ;;
	esac
elif (( $+functions[compdef] )); then
	compdef _sitesync sitesync
	compdef _sitesync_dsql dsql dfiles
fi
