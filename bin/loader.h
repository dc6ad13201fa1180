/*
 * loader.h - finding and loading command plugins.
 *
 * Search order: --plugin-path, $SITESYNC_PLUGIN_PATH,
 * $XDG_DATA_HOME/sitesync/plugins, then the installed pkglibdir.  The first
 * plugin to claim a command name keeps it; a later one is refused.  A plugin
 * that cannot be used is recorded as a problem and the others still work.
 */
#ifndef SS_LOADER_H
#define SS_LOADER_H

#include <stddef.h>

#include <sitesync/plugin.h>

struct ss_plugin {
	char *path;                   /* owned */
	void *handle;                 /* dlopen handle; kept open until release */
	const struct ss_command *cmd; /* lives in the module */
};

struct ss_registry {
	struct ss_plugin *plugins;
	size_t n;
	char **problems;  /* one line each, naming the file; owned */
	size_t nproblems;
	char **dirs;      /* the search path, in order; owned */
	size_t ndirs;
};

/* Load every plugin found on the search path.  Never fails as a whole. */
void ss_registry_load(struct ss_registry *reg, const char *plugin_path_opt);

/* The plugin whose command name or alias is name, or NULL. */
const struct ss_plugin *ss_registry_find(const struct ss_registry *reg, const char *name);

void ss_registry_release(struct ss_registry *reg);

#endif
