# shell: the dsql/dfiles wrappers and completion for bash, zsh and fish,
# installed where each shell looks for them, and as plain files to source
# from a shell's rc file ($(pkgdatadir)/shell).
#
# Every directory is under $(prefix) (so `make distcheck` works); override on
# the make command line to install elsewhere, e.g.
#   make install bashcompletiondir=$(pkg-config --variable=completionsdir bash-completion)
# By default the bash-completion directory is bash-completion's own, asked
# from pkg-config with this $(prefix) (it is $(datadir)/bash-completion/completions
# when bash-completion's .pc file is missing).
bashcompletiondir = $(shell $(PKG_CONFIG) --define-variable=prefix='$(prefix)' \
	--define-variable=datadir='$(datadir)' \
	--variable=completionsdir bash-completion 2>/dev/null || \
	echo '$(datadir)/bash-completion/completions')
zshcompletiondir = $(datadir)/zsh/site-functions
fishcompletiondir = $(datadir)/fish/vendor_completions.d
fishfunctiondir = $(datadir)/fish/vendor_functions.d
sitesyncshelldir = $(pkgdatadir)/shell

dist_sitesyncshell_DATA = shell/sitesync.bash shell/sitesync.zsh shell/sitesync.fish
bashcompletion_DATA = shell/bash/sitesync
zshcompletion_DATA = shell/zsh/_sitesync
dist_fishcompletion_DATA = shell/sitesync.fish
# fish loads functions and completions by command name: the same file under
# each name defines everything at once.
fishcompletion_DATA = shell/fish/dsql.fish shell/fish/dfiles.fish
fishfunction_DATA = shell/fish/dsql.fish shell/fish/dfiles.fish

shell/bash/sitesync: shell/sitesync.bash
	$(AM_V_GEN)$(MKDIR_P) shell/bash && cp $(srcdir)/shell/sitesync.bash $@
shell/zsh/_sitesync: shell/sitesync.zsh
	$(AM_V_GEN)$(MKDIR_P) shell/zsh && cp $(srcdir)/shell/sitesync.zsh $@
shell/fish/dsql.fish shell/fish/dfiles.fish: shell/sitesync.fish
	$(AM_V_GEN)$(MKDIR_P) shell/fish && cp $(srcdir)/shell/sitesync.fish $@
CLEANFILES += shell/bash/sitesync shell/zsh/_sitesync shell/fish/dsql.fish \
	shell/fish/dfiles.fish

EXTRA_DIST += shell/README-daily-use.md
TESTS += tests/integration/t0301-shell-wrappers.sh \
	tests/integration/t0302-shell-completion.sh \
	tests/integration/t0306-dsql-end-to-end.sh
