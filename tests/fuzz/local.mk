# tests/fuzz: fuzz targets for the parsers of text sitesync is handed
# (alias YAML, .env, db.url, ssh.options, the command line, MySQL definitions
# being requalified), each with a seed corpus in tests/fuzz/corpus/NAME/.
#
#   make check          replays every seed through each target (replay.c),
#                       with the ordinary compiler: fixed crashes stay fixed
#   make fuzz-targets   builds the libFuzzer targets tests/fuzz/fuzz_NAME
#                       with clang (ASan+UBSan), when configure found it;
#                       tools/fuzz runs them (tools/check: a short run each)
FUZZ_NAMES = alias_yaml dotenv dburl ssh_options args mysql_requalify

check_PROGRAMS += tests/fuzz/replay_alias_yaml tests/fuzz/replay_dotenv \
	tests/fuzz/replay_dburl tests/fuzz/replay_ssh_options tests/fuzz/replay_args \
	tests/fuzz/replay_mysql_requalify
FUZZ_REPLAY_FILES = tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_replay_alias_yaml_SOURCES = tests/fuzz/fuzz_alias_yaml.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_alias_yaml_LDADD = libsitesync.la
tests_fuzz_replay_dotenv_SOURCES = tests/fuzz/fuzz_dotenv.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_dotenv_LDADD = libsitesync.la
tests_fuzz_replay_dburl_SOURCES = tests/fuzz/fuzz_dburl.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_dburl_LDADD = libsitesync.la
tests_fuzz_replay_ssh_options_SOURCES = tests/fuzz/fuzz_ssh_options.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_ssh_options_LDADD = libsitesync.la
tests_fuzz_replay_args_SOURCES = tests/fuzz/fuzz_args.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_args_LDADD = libsitesync.la
tests_fuzz_replay_mysql_requalify_SOURCES = tests/fuzz/fuzz_mysql_requalify.c \
	$(FUZZ_REPLAY_FILES)
tests_fuzz_replay_mysql_requalify_CFLAGS = $(AM_CFLAGS) $(MYSQL_CFLAGS)
tests_fuzz_replay_mysql_requalify_LDADD = libsitesync.la
TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/corpus $(FUZZ_NAMES:%=tests/fuzz/%.dict)

if HAVE_FUZZING
FUZZ_TARGETS = $(FUZZ_NAMES:%=tests/fuzz/fuzz_%)
# The library sources the targets reach, compiled once with coverage.
FUZZ_LIB_FILES = $(filter lib/core/%.c lib/alias/%.c lib/ssh/options.c lib/mysql/lex.c \
	lib/mysql/requalify.c lib/mysql/util.c,$(libsitesync_la_SOURCES))
FUZZ_CFLAGS = -std=c11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	$(DEFS) $(AM_CPPFLAGS) $(YAML_CFLAGS) $(MYSQL_CFLAGS)

tests/fuzz/libfuzz.a: $(FUZZ_LIB_FILES:%=$(srcdir)/%) config.h
	$(AM_V_GEN)rm -rf tests/fuzz/obj && $(MKDIR_P) tests/fuzz/obj && \
	for s in $(FUZZ_LIB_FILES); do \
		o=tests/fuzz/obj/`echo "$$s" | sed 's|/|_|g; s|\.c$$|.o|'` && \
		$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c "$(srcdir)/$$s" -o "$$o" || \
		exit 1; \
	done && rm -f $@ && $(AR) rcs $@ tests/fuzz/obj/*.o

$(FUZZ_TARGETS): tests/fuzz/libfuzz.a $(srcdir)/tests/fuzz/fuzz.h
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $(srcdir)/$@.c \
		tests/fuzz/libfuzz.a $(YAML_LIBS) $(MYSQL_LIBS) $(LIBS)
tests/fuzz/fuzz_alias_yaml: $(srcdir)/tests/fuzz/fuzz_alias_yaml.c
tests/fuzz/fuzz_dotenv: $(srcdir)/tests/fuzz/fuzz_dotenv.c
tests/fuzz/fuzz_dburl: $(srcdir)/tests/fuzz/fuzz_dburl.c
tests/fuzz/fuzz_ssh_options: $(srcdir)/tests/fuzz/fuzz_ssh_options.c
tests/fuzz/fuzz_args: $(srcdir)/tests/fuzz/fuzz_args.c
tests/fuzz/fuzz_mysql_requalify: $(srcdir)/tests/fuzz/fuzz_mysql_requalify.c

fuzz-targets: $(FUZZ_TARGETS)
else
fuzz-targets:
	@echo "fuzz-targets: configure found no clang with libFuzzer" \
		"(Debian packages clang and libclang-rt-14-dev)" >&2; exit 1
endif
.PHONY: fuzz-targets clean-fuzz

clean-local: clean-fuzz
clean-fuzz:
	-rm -rf tests/fuzz/obj tests/fuzz/libfuzz.a tests/fuzz/work tests/fuzz/work-fresh \
		tests/fuzz/logs tests/fuzz/crashes \
		$(FUZZ_NAMES:%=tests/fuzz/fuzz_%)
