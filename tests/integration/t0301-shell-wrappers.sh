#!/bin/bash
# dsql and dfiles in bash, zsh and fish: the exact command they run, the
# flags they pass on after the alias (-y, -s, -q, --no-progress,
# --format=json), and every other argument refused (exit 2) without running
# anything.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

snippets="$abs_top_srcdir/shell"

# A recording stand-in for sitesync, first on PATH: one line per argument,
# then an end marker, appended to $TRASH/calls.
mkdir -p standin
cat >standin/sitesync <<'STANDIN'
#!/bin/sh
for a in "$@"; do printf '<%s>\n' "$a"; done >>"$TRASH/calls"
echo '--' >>"$TRASH/calls"
STANDIN
chmod +x standin/sitesync
PATH="$TRASH/standin:$PATH"

# in_shell SHELL 'commands': run commands (written in that shell's syntax)
# in SHELL with the snippet sourced; they are passed in a file so that no
# quoting of ours gets in the way.
in_shell() {
	printf '%s\n' "$2" >"$TRASH/cmd.$1"
	case $1 in
	bash) bash --norc --noprofile -c ". '$snippets/sitesync.bash'; . '$TRASH/cmd.bash'" ;;
	zsh) zsh -f -c "source '$snippets/sitesync.zsh'; source '$TRASH/cmd.zsh'" ;;
	fish) fish --no-config -c "source '$snippets/sitesync.fish'; source '$TRASH/cmd.fish'" ;;
	esac
}

status_var() {
	case $1 in fish) echo '$status' ;; *) echo '$?' ;; esac
}

printf '<sql-sync>\n<@prod>\n<default>\n<-d>\n<-v>\n--\n' >expect.dsql
printf '<rsync>\n<@staging:%%files>\n<default:%%files>\n<-d>\n<-v>\n--\n' >expect.dfiles
{
	printf '<sql-sync>\n<@prod>\n<default>\n<-d>\n<-v>\n<-y>\n--\n'
	printf '<rsync>\n<@staging:%%files>\n<default:%%files>\n<-d>\n<-v>\n'
	printf '<-s>\n<-q>\n<--no-progress>\n<--format=json>\n--\n'
} >expect.flags

bad_n=0
for sh in bash zsh fish; do
	if ! command -v $sh >/dev/null; then
		test_skip_one "$sh: wrappers" "$sh is not installed (tools/install-deps installs it)"
		continue
	fi
	test_set_prereq "$sh"

	test_expect_success "$sh: dsql @prod runs exactly sitesync sql-sync @prod default -d -v" "
		rm -f calls &&
		in_shell $sh 'dsql @prod' &&
		test_cmp expect.dsql calls
	"

	test_expect_success "$sh: dfiles @staging runs exactly sitesync rsync @staging:%files default:%files -d -v" "
		rm -f calls &&
		in_shell $sh 'dfiles @staging' &&
		test_cmp expect.dfiles calls
	"

	test_expect_success "$sh: the wrapper's exit status is sitesync's" "
		printf '#!/bin/sh\nexit 3\n' >standin3 && chmod +x standin3 &&
		mkdir -p s3 && cp standin3 s3/sitesync &&
		PATH=\"\$TRASH/s3:\$PATH\" in_shell $sh 'dsql @prod; echo rc=$(status_var $sh)' >out &&
		test_grep '^rc=3$' out
	"

	test_expect_success "$sh: after the alias -y, -s, -q, --no-progress and --format=json are passed on" "
		rm -f calls &&
		in_shell $sh 'dsql @prod -y; dfiles @staging -s -q --no-progress --format=json' &&
		test_cmp expect.flags calls
	"

	for bad in "" "@a @b" "prod" "@self" "@default" "'@x; rm -rf /'" "@" "'@x\$(id)'" \
		"'@a b'" "--yes" "'@prod' default" "-y @prod" "@prod -d" "@prod --yes" \
		"@prod -y default" "@prod --format=yaml" "@prod --alias-path=/tmp" "@prod -yv" \
		"@prod --plugin-path=/tmp" "@prod ''"; do
		for w in dsql dfiles; do
			printf '%s %s; echo rc=%s\n' "$w" "$bad" "$(status_var $sh)" >"bad.$sh.$w.$bad_n"
			test_expect_success "$sh: $w $bad runs nothing and returns 2" "
				rm -f calls &&
				in_shell $sh \"\$(cat bad.$sh.$w.$bad_n)\" >out 2>err &&
				test_grep '^rc=2$' out &&
				test_grep '^usage: $w @alias' err &&
				test_line_count = 1 err &&
				test ! -e calls
			"
		done
		bad_n=$((bad_n + 1))
	done
done

# The sandbox's env files (tools/quickstart env): this build's sitesync, the
# wrappers, and the history kept in the sandbox, in each shell.
SB="$TRASH/sb"
test_expect_success 'tools/quickstart env writes .sandbox/env and env.fish' '
	SS_SANDBOX="$SB" SS_BUILD="$abs_top_builddir" "$abs_top_srcdir/tools/quickstart" env >qs.out &&
	test -f "$SB/env" && test -f "$SB/env.fish" &&
	mkdir -p site/drush/sites site/stage/files site/web/files &&
	echo hello >site/stage/files/hello.txt &&
	printf "stage:\n  role: staging\n  root: %s\n  paths:\n    files: files\ndefault:\n  role: local\n  root: %s\n  paths:\n    files: files\n" \
		"$TRASH/site/stage" "$TRASH/site/web" >site/drush/sites/self.site.yml &&
	chmod -R go-w site
'

n=0
for sh in bash zsh fish; do
	test_have_prereq $sh || continue
	n=$((n + 1))
	case $sh in
	bash) def='type -t dsql dfiles'; src=". '$SB/env'" ;;
	zsh) def='whence -w dsql dfiles'; src=". '$SB/env'" ;;
	fish) def='functions -q dsql dfiles; and echo function function'; src="source '$SB/env.fish'" ;;
	esac
	test_expect_success "$sh: the sandbox env defines dsql and dfiles, runs this build, records in the sandbox" "
		rm -rf site/web/files/hello.txt &&
		(cd site && $sh -c \"$src; $def; command -v sitesync; echo \\\$SITESYNC_HISTORY; dfiles @stage -y\") >out 2>err &&
		test_grep 'function' out &&
		test_grep '^$abs_top_builddir/sitesync\$' out &&
		test_grep '^$SB/history.jsonl\$' out &&
		test_cmp site/stage/files/hello.txt site/web/files/hello.txt &&
		test_line_count = $n '$SB/history.jsonl' &&
		test ! -e '$HOME/.local/state/sitesync/history.jsonl' &&
		test ! -e '$TRASH/history.jsonl'
	"
done

test_done
