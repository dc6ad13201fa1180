#!/bin/bash
# The plugin loader: broken plugins are reported naming the file and never
# stop the other commands; help and usage of loaded commands; search order.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

HELLO="$abs_top_builddir/plugins/example/.libs/hello.so"
TP="$abs_top_builddir/tests/plugins/.libs"

# plugdir DIR MODULE...: a fresh plugin directory holding copies of MODULEs
# (paths, or names of test plugins)
plugdir() {
	local dir=$1 m
	shift
	rm -rf "$dir" && mkdir -p "$dir" && chmod 755 "$dir" || return 1
	for m in "$@"; do
		case "$m" in
		/*) cp "$m" "$dir/" ;;
		*) cp "$TP/$m.so" "$dir/" ;;
		esac || return 1
	done
}

test_expect_success 'the example plugin runs from $SITESYNC_PLUGIN_PATH' '
	plugdir p/ok "$HELLO" &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync hello --name=team >out 2>err &&
	echo "hello, team" >expect &&
	test_cmp expect out &&
	test_must_fail test -s err
'

test_expect_success 'a command alias runs the plugin (hi = hello)' '
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync hi >out &&
	echo "hello, world" >expect &&
	test_cmp expect out
'

test_expect_success 'a plugin of another ABI is refused naming the file and both versions' '
	plugdir p/abi other-abi "$HELLO" &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/abi sitesync hello >out 2>err &&
	test_grep "^hello, world$" out &&
	v=$(sitesync --version | sed "s/.*plugin ABI \([0-9]*\)).*/\1/") &&
	test_grep "^sitesync: warning: plugin .$TRASH/p/abi/other-abi.so. was built for plugin ABI $((v + 1)), this sitesync has ABI $v: rebuild it$" err &&
	test_line_count = 1 err
'

test_expect_success 'the refused command is not offered' '
	test_must_fail --status=2 env SITESYNC_PLUGIN_PATH=$TRASH/p/abi "$SITESYNC_BIN" future 2>err &&
	test_grep "unknown command .future." err
'

test_expect_success 'a shared object without the plugin symbol is refused naming it' '
	plugdir p/nosym not-plugin "$HELLO" &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/nosym sitesync hello >out 2>err &&
	test_grep "^hello, world$" out &&
	test_grep "^sitesync: warning: .$TRASH/p/nosym/not-plugin.so. is not a sitesync plugin: it has no sitesync_plugin() function$" err
'

test_expect_success 'a file that is no shared object gives the dlerror text' '
	plugdir p/junk "$HELLO" &&
	echo junk >p/junk/bad.so &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/junk sitesync hello >out 2>err &&
	test_grep "^hello, world$" out &&
	test_grep "^sitesync: warning: plugin .$TRASH/p/junk/bad.so. could not be loaded: $TRASH/p/junk/bad.so: \(file too short\|invalid ELF header\)$" err
'

test_expect_success 'an empty .so file is reported too' '
	plugdir p/empty "$HELLO" &&
	: >p/empty/empty.so &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/empty sitesync hello >out 2>err &&
	test_grep "plugin .$TRASH/p/empty/empty.so. could not be loaded: " err
'

test_expect_success 'only *.so files are loaded; hidden and other files are ignored' '
	plugdir p/other "$HELLO" &&
	echo junk >p/other/README &&
	echo junk >p/other/.hidden.so &&
	echo junk >p/other/x.so.1 &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/other sitesync hello >out 2>err &&
	test_must_fail test -s err
'

test_expect_success 'two plugins claiming one name: the second is refused naming both' '
	plugdir p/a "$HELLO" &&
	plugdir p/b twin &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/a:$TRASH/p/b sitesync hello >out 2>err &&
	echo "hello, world" >expect &&
	test_cmp expect out &&
	test_grep "^sitesync: warning: plugin .$TRASH/p/b/twin.so. refused: command .hello. is already provided by .$TRASH/p/a/hello.so.$" err
'

test_expect_success 'in one directory the first in name order wins' '
	plugdir p/same "$HELLO" twin &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/same sitesync hello >out 2>err &&
	echo "hello, world" >expect &&
	test_cmp expect out &&
	test_grep "plugin .$TRASH/p/same/twin.so. refused: command .hello. is already provided by .$TRASH/p/same/hello.so." err
'

test_expect_success '--plugin-path comes before $SITESYNC_PLUGIN_PATH' '
	SITESYNC_PLUGIN_PATH=$TRASH/p/a sitesync --plugin-path=$TRASH/p/b hello >out 2>err &&
	echo "hello from the twin" >expect &&
	test_cmp expect out &&
	test_grep "plugin .$TRASH/p/a/hello.so. refused: command .hello. is already provided by .$TRASH/p/b/twin.so." err
'

test_expect_success '--plugin-path after the command works too, and takes a list' '
	SITESYNC_PLUGIN_PATH= sitesync hello --plugin-path=$TRASH/p/b:$TRASH/p/a >out 2>err &&
	echo "hello from the twin" >expect &&
	test_cmp expect out &&
	SITESYNC_PLUGIN_PATH= sitesync hello --plugin-path $TRASH/p/a:$TRASH/p/b >out 2>err &&
	echo "hello, world" >expect &&
	test_cmp expect out
'

test_expect_success 'after --, --plugin-path is an argument, not an option' '
	test_must_fail --status=2 env SITESYNC_PLUGIN_PATH= "$SITESYNC_BIN" hello -- --plugin-path=$TRASH/p/a 2>err &&
	test_grep "unknown command .hello." err
'

test_expect_success '$SITESYNC_PLUGIN_PATH comes before $XDG_DATA_HOME/sitesync/plugins' '
	plugdir "$XDG_DATA_HOME/sitesync/plugins" twin &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/a sitesync hello >out 2>err &&
	echo "hello, world" >expect &&
	test_cmp expect out &&
	rm -rf "$XDG_DATA_HOME/sitesync/plugins"
'

test_expect_success '$XDG_DATA_HOME/sitesync/plugins is searched' '
	plugdir "$XDG_DATA_HOME/sitesync/plugins" twin &&
	SITESYNC_PLUGIN_PATH= sitesync hello >out &&
	echo "hello from the twin" >expect &&
	test_cmp expect out
'

test_expect_success 'without XDG_DATA_HOME, ~/.local/share/sitesync/plugins is searched' '
	plugdir "$HOME/.local/share/sitesync/plugins" "$HELLO" &&
	(unset XDG_DATA_HOME && SITESYNC_PLUGIN_PATH= sitesync hello >out) &&
	echo "hello, world" >expect &&
	test_cmp expect out &&
	rm -rf "$HOME/.local/share/sitesync/plugins"
'

test_expect_success 'a group-writable plugin directory is refused' '
	plugdir p/gw "$HELLO" &&
	chmod 775 p/gw &&
	test_must_fail --status=2 env SITESYNC_PLUGIN_PATH=$TRASH/p/gw "$SITESYNC_BIN" hello >out 2>err &&
	test_grep "^sitesync: warning: plugin directory .$TRASH/p/gw. skipped: writable by group or others (chmod go-w)$" err &&
	test_grep "unknown command .hello." err
'

test_expect_success 'a world-writable plugin file is refused, the others load' '
	plugdir p/ww "$HELLO" twin &&
	chmod 666 p/ww/hello.so &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/ww sitesync hello >out 2>err &&
	echo "hello from the twin" >expect &&
	test_cmp expect out &&
	test_grep "^sitesync: warning: plugin .$TRASH/p/ww/hello.so. skipped: writable by group or others (chmod go-w)$" err
'

test_expect_success '-q still shows a plugin that cannot be used, in one line' '
	SITESYNC_PLUGIN_PATH=$TRASH/p/abi sitesync -q hello >out 2>err &&
	test_grep "^hello, world$" out &&
	test_grep "^sitesync: warning: plugin .$TRASH/p/abi/other-abi.so. was built for plugin ABI" err &&
	test_line_count = 1 err
'

test_expect_success '-q after the command shows it too' '
	SITESYNC_PLUGIN_PATH=$TRASH/p/abi sitesync hello --quiet >out 2>err &&
	test_grep "^hello, world$" out &&
	test_line_count = 1 err
'

test_expect_success 'a listed plugin that cannot be read is a warning, not a silently missing command' '
	plugdir p/gone "$HELLO" &&
	ln -s "$TRASH/p/nothing-here.so" p/gone/gone.so &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/gone sitesync -q hello >out 2>err &&
	test_grep "^hello, world$" out &&
	test_grep "^sitesync: warning: plugin .$TRASH/p/gone/gone.so. could not be loaded: No such file or directory$" err &&
	test_line_count = 1 err
'

for how in null short name run summary; do
	case $how in
	null) why="returned no command descriptor" ;;
	short) why="has a [0-9]*-byte descriptor, ABI [0-9]* needs [0-9]*: rebuild it" ;;
	name) why="refused: its command name is missing or not \[a-z0-9_:-\]" ;;
	run) why="refused: it has no run function" ;;
	summary) why="refused: it has no summary" ;;
	esac
	test_expect_success "a descriptor that is wrong ($how) is refused, naming the file" '
		plugdir p/broken broken "$HELLO" &&
		SS_TEST_BROKEN=$how SITESYNC_PLUGIN_PATH=$TRASH/p/broken sitesync hello >out 2>err &&
		test_grep "^hello, world$" out &&
		test_grep "^sitesync: warning: .*$TRASH/p/broken/broken.so.* $why$" err
	'
done

test_expect_success 'help lists every loaded command with its summary' '
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync help >out &&
	test_grep "^  help  *show the commands, or one command.s usage$" out &&
	test_grep "^  hello  *example plugin: greet, and describe an alias$" out
'

test_expect_success 'help lists commands by name, not by load order' '
	plugdir p/two &&
	cp "$HELLO" p/two/a-hello.so &&
	cp "$TP/broken.so" p/two/z-broken.so &&
	SS_TEST_BROKEN=none SITESYNC_PLUGIN_PATH=$TRASH/p/two sitesync help >out &&
	sed -n "/^Commands:/,/^$/p" <out | sed -n "s/^  \([a-z-]*\) .*/\1/p" >names &&
	printf "help\nbroken\nhello\n" >expect &&
	test_cmp expect names
'

test_expect_success 'sitesync help hello shows its usage, options and aliases' '
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync help hello >out &&
	test_grep "^usage: sitesync hello \[--name=WHO\] \[@alias\]$" out &&
	test_grep "^example plugin: greet, and describe an alias$" out &&
	test_grep -- "--name=WHO" out &&
	test_grep "whom to greet" out &&
	test_grep "^Aliases: hi$" out
'

test_expect_success 'sitesync hello --help, -h and help hi show the same usage' '
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync help hello >expect &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync hello --help >out1 &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync hello -h >out2 &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync --help hello >out3 &&
	SITESYNC_PLUGIN_PATH=$TRASH/p/ok sitesync help hi >out4 &&
	test_cmp expect out1 && test_cmp expect out2 &&
	test_cmp expect out3 && test_cmp expect out4
'

test_expect_success 'an unknown command suggests the closest loaded ones (exit 2)' '
	test_must_fail --status=2 env SITESYNC_PLUGIN_PATH=$TRASH/p/ok "$SITESYNC_BIN" helo >out 2>err &&
	test_grep "^sitesync: error: unknown command .helo.; did you mean .*.hello." err &&
	test_line_count = 1 err &&
	test_must_fail test -s out
'

test_expect_success 'help for an unknown command suggests too (exit 2)' '
	test_must_fail --status=2 env SITESYNC_PLUGIN_PATH=$TRASH/p/ok "$SITESYNC_BIN" help hallo 2>err &&
	test_grep "unknown command .hallo.; did you mean .*.hello." err
'

test_expect_success 'a command error is reported once, with the plugin status' '
	test_must_fail --status=2 env SITESYNC_PLUGIN_PATH=$TRASH/p/ok "$SITESYNC_BIN" hello @a @b >out 2>err &&
	echo "sitesync: error: hello takes at most one alias" >expect &&
	test_cmp expect err
'

test_expect_success 'an unknown command option is a usage error (exit 2)' '
	test_must_fail --status=2 env SITESYNC_PLUGIN_PATH=$TRASH/p/ok "$SITESYNC_BIN" hello --bogus 2>err &&
	test_grep "bogus" err
'

test_done
