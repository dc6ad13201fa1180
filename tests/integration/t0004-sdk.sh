#!/bin/bash
# The installed SDK: `make install DESTDIR=...` puts the host, libsitesync,
# the headers, sitesync.pc and the plugins where they belong; the example
# plugin builds out of tree with pkg-config against that tree and runs
# through the installed host; `make uninstall` leaves nothing behind.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

: "${ss_prefix:?} ${ss_mandir:?} ${ss_bindir:?} ${ss_libdir:?} ${ss_includedir:?} ${ss_pkglibdir:?} ${ss_pkgincludedir:?}"
DEST="$TRASH/dest"

# make in the top build dir, not as part of the make that runs this test
top_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TEST_LOGS -u TESTS \
		make -C "$abs_top_builddir" "$@"
}

command -v pkg-config >/dev/null || test_skip_all "pkg-config is not installed"
test_set_prereq PKGCONFIG

# libtool relinks each plugin for its installed place, moving
# plugins/.libs/NAME.so aside meanwhile: the other tests, which run beside
# this one, load theirs from links that the relink leaves alone.
test_expect_success 'make install DESTDIR= installs the tree; the tests keep every command meanwhile' '
	ls "$SITESYNC_PLUGIN_PATH" | sed -n "s/\.so$//p" >commands &&
	test -s commands &&
	rm -f install.rc &&
	{ top_make install DESTDIR="$DEST" >install.log 2>&1; echo $? >install.rc; } &
	missing= &&
	while [ ! -s install.rc ]; do
		sitesync help >help.out 2>&1 &&
		while read -r c; do
			grep -q "^  $c " help.out || missing="$missing $c"
		done <commands || return 1
	done &&
	wait &&
	test "$(cat install.rc)" = 0 &&
	{ test -z "$missing" || { echo "missing during make install:$missing" >&2; false; }; }
'

test_expect_success 'the host is in bindir' '
	test -x "$DEST$ss_bindir/sitesync"
'

# Without ldconfig: the host finds libsitesync through its RUNPATH.  Run
# where it was installed for, in a mount namespace of its own with the
# DESTDIR tree over $prefix (the system's ld.so cache knows nothing of it).
[ -d "$ss_prefix" ] && case "$ss_bindir$ss_libdir$ss_pkglibdir" in "$ss_prefix"/*) true ;; *) false ;; esac &&
	unshare -m true 2>/dev/null && command -v readelf >/dev/null && test_set_prereq INSTALLED_RUN
test_expect_success INSTALLED_RUN 'the installed host and a plugin command run from a clean env -i, no ldconfig' '
	readelf -d "$DEST$ss_bindir/sitesync" >dyn &&
	test_grep "(RUNPATH) *Library runpath: \[$ss_libdir\]" dyn &&
	unshare -m sh -c "mount --bind \"\$1\" \"\$2\" &&
		env -i \"\$3/sitesync\" --version &&
		env -i HOME=/nonexistent \"\$3/sitesync\" help history" sh "$DEST$ss_prefix" "$ss_prefix" "$ss_bindir" >out 2>err &&
	test_grep "^sitesync [0-9.]* (plugin ABI [0-9]*)$" out &&
	test_grep "^usage: sitesync history" out &&
	test_must_fail test -s err
'

test_expect_success 'the manual page is in mandir/man1' '
	test -f "$DEST$ss_mandir/man1/sitesync.1"
'

test_expect_success 'libsitesync is in libdir with its soname link' '
	test -f "$DEST$ss_libdir/libsitesync.so" &&
	ls "$DEST$ss_libdir"/libsitesync.so.[0-9]* >/dev/null
'

test_expect_success 'every SDK header is in includedir/sitesync' '
	if test -e "$DEST$ss_includedir/include"; then
		echo "headers in $ss_includedir/include/: list them in pkginclude_HEADERS," \
			"not nobase_include_HEADERS" >&2
		find "$DEST$ss_includedir/include" -name "*.h" >&2
		false
	fi &&
	(cd "$abs_top_srcdir/include/sitesync" && ls *.h) >expect &&
	(cd "$DEST$ss_pkgincludedir" && ls *.h) >actual &&
	test_cmp expect actual &&
	test "$DEST$ss_pkgincludedir" = "$DEST$ss_includedir/sitesync"
'

test_expect_success 'sitesync.pc is in libdir/pkgconfig and names this version' '
	test -f "$DEST$ss_libdir/pkgconfig/sitesync.pc" &&
	v=$(sitesync --version | sed "s/^sitesync \([^ ]*\) .*/\1/") &&
	PKG_CONFIG_PATH="$DEST$ss_libdir/pkgconfig" pkg-config --modversion sitesync >out &&
	echo "$v" >expect &&
	test_cmp expect out
'

test_expect_success 'every built plugin is installed in pkglibdir' '
	: >expect &&
	for so in "$SITESYNC_PLUGIN_PATH"/*.so; do
		[ -e "$so" ] && basename "$so" >>expect
	done
	: >actual &&
	for so in "$DEST$ss_pkglibdir"/*.so; do
		[ -e "$so" ] && basename "$so" >>actual
	done
	test_cmp expect actual
'

test_expect_success 'test and example plugins are not installed' '
	test_must_fail test -e "$DEST$ss_pkglibdir/hello.so" &&
	test_must_fail test -e "$DEST$ss_pkglibdir/twin.so" &&
	test_must_fail test -e "$DEST$ss_pkglibdir/other-abi.so"
'

test_expect_success 'the example plugin builds out of tree with pkg-config' '
	cp -R "$abs_top_srcdir/plugins/example" ex &&
	chmod -R u+w ex &&
	rm -f ex/local.mk &&
	PKG_CONFIG_PATH="$DEST$ss_libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST" \
		make -C ex >build.log 2>&1 &&
	test -f ex/hello.so
'

test_expect_success 'it was compiled against the installed headers, not the source tree' '
	PKG_CONFIG_PATH="$DEST$ss_libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST" \
		pkg-config --cflags --libs sitesync >flags &&
	test_grep -- "-I$DEST$ss_includedir" flags &&
	test_grep -- "-L$DEST$ss_libdir" flags &&
	test_grep -- "-lsitesync" flags &&
	grep -o -- "-I[^ ]*" build.log | sort -u >includes &&
	test_line_count = 1 includes &&
	echo "-I$DEST$ss_includedir" >expect &&
	test_cmp expect includes
'

test_expect_success 'the installed host runs it from $SITESYNC_PLUGIN_PATH' '
	mkdir -m 755 plugins &&
	cp ex/hello.so plugins/ &&
	LD_LIBRARY_PATH="$DEST$ss_libdir" SITESYNC_PLUGIN_PATH="$TRASH/plugins" \
		"$DEST$ss_bindir/sitesync" hello --name=sdk >out 2>err &&
	echo "hello, sdk" >expect &&
	test_cmp expect out &&
	test_must_fail test -s err
'

test_expect_success 'the installed host lists it in help' '
	LD_LIBRARY_PATH="$DEST$ss_libdir" SITESYNC_PLUGIN_PATH="$TRASH/plugins" \
		"$DEST$ss_bindir/sitesync" help >out &&
	test_grep "^  hello  *example plugin: greet, and describe an alias$" out
'

test_expect_success 'the GNUmakefile installs into the user plugin directory' '
	PKG_CONFIG_PATH="$DEST$ss_libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST" \
		make -C ex install >>build.log 2>&1 &&
	test -f "$XDG_DATA_HOME/sitesync/plugins/hello.so" &&
	LD_LIBRARY_PATH="$DEST$ss_libdir" SITESYNC_PLUGIN_PATH= \
		"$DEST$ss_bindir/sitesync" hi >out &&
	echo "hello, world" >expect &&
	test_cmp expect out
'

test_expect_success 'make uninstall DESTDIR= leaves no file behind' '
	top_make uninstall DESTDIR="$DEST" >uninstall.log 2>&1 &&
	find "$DEST" ! -type d >left &&
	test_line_count = 0 left
'

test_done
