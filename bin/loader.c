/* loader.c - dlopen command plugins from the plugin search path. */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sitesync/buf.h>

#include "bin/loader.h"

static void problem(struct ss_registry *reg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct ss_registry *reg, const char *fmt, ...)
{
	struct ss_buf b = SS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ss_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	reg->problems = ss_xrealloc(reg->problems, (reg->nproblems + 1) * sizeof(char *));
	reg->problems[reg->nproblems++] = ss_buf_detach(&b);
}

static void add_dir(struct ss_registry *reg, const char *dir, size_t len)
{
	if (!len)
		return;
	for (size_t i = 0; i < reg->ndirs; i++)
		if (strlen(reg->dirs[i]) == len && !strncmp(reg->dirs[i], dir, len))
			return;
	reg->dirs = ss_xrealloc(reg->dirs, (reg->ndirs + 1) * sizeof(char *));
	reg->dirs[reg->ndirs++] = ss_xstrndup(dir, len);
}

static void add_dirs(struct ss_registry *reg, const char *list)
{
	while (list && *list) {
		const char *colon = strchr(list, ':');
		size_t len = colon ? (size_t)(colon - list) : strlen(list);

		add_dir(reg, list, len);
		list += len + (colon ? 1 : 0);
	}
}

static void build_search_path(struct ss_registry *reg, const char *opt)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char *dir = NULL;

	add_dirs(reg, opt);
	add_dirs(reg, getenv("SITESYNC_PLUGIN_PATH"));
	if (xdg && *xdg)
		dir = ss_xasprintf("%s/sitesync/plugins", xdg);
	else if (home && *home)
		dir = ss_xasprintf("%s/.local/share/sitesync/plugins", home);
	if (dir)
		add_dir(reg, dir, strlen(dir));
	free(dir);
	add_dir(reg, SS_PKGLIBDIR, strlen(SS_PKGLIBDIR));
}

/*
 * Refuse what others could have written into (OpenBSD doas habit), and say
 * so when the file cannot be looked at: a plugin that the directory lists
 * but that vanished (or a dangling link) is one warning, never a command
 * that silently is not there.
 */
static int unsafe_mode(struct ss_registry *reg, const char *path, const char *what)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		problem(reg, "%s '%s' could not be loaded: %s", what, path, strerror(errno));
		return 1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		problem(reg, "%s '%s' skipped: writable by group or others (chmod go-w)", what, path);
		return 1;
	}
	return 0;
}

static int valid_name(const char *name)
{
	if (!name || !*name || *name == '-')
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == ':'))
			return 0;
	return 1;
}

static const struct ss_plugin *claimed(const struct ss_registry *reg, const struct ss_command *cmd,
				       const char **which)
{
	const struct ss_plugin *p;

	if ((p = ss_registry_find(reg, cmd->name))) {
		*which = cmd->name;
		return p;
	}
	for (const char *const *a = cmd->aliases; a && *a; a++)
		if ((p = ss_registry_find(reg, *a))) {
			*which = *a;
			return p;
		}
	return NULL;
}

static void load_one(struct ss_registry *reg, const char *path)
{
	void *handle;
	ss_plugin_fn fn;
	const struct ss_command *cmd;
	const struct ss_plugin *other;
	const char *which;
	const char *why;

	if (unsafe_mode(reg, path, "plugin"))
		return;
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *e = dlerror();

		problem(reg, "plugin '%s' could not be loaded: %s", path, e ? e : "unknown error");
		return;
	}
	dlerror();
	fn = (ss_plugin_fn)dlsym(handle, SITESYNC_PLUGIN_SYMBOL);
	if (!fn) {
		problem(reg, "'%s' is not a sitesync plugin: it has no %s() function",
			path, SITESYNC_PLUGIN_SYMBOL);
		goto refuse;
	}
	cmd = fn();
	if (!cmd) {
		problem(reg, "plugin '%s' returned no command descriptor", path);
		goto refuse;
	}
	if (cmd->abi != SITESYNC_ABI_VERSION) {
		problem(reg, "plugin '%s' was built for plugin ABI %u, this sitesync has ABI %u: rebuild it",
			path, cmd->abi, (unsigned)SITESYNC_ABI_VERSION);
		goto refuse;
	}
	if (cmd->size < sizeof(struct ss_command)) {
		problem(reg, "plugin '%s' has a %zu-byte descriptor, ABI %u needs %zu: rebuild it",
			path, cmd->size, (unsigned)SITESYNC_ABI_VERSION, sizeof(struct ss_command));
		goto refuse;
	}
	why = !valid_name(cmd->name) ? "its command name is missing or not [a-z0-9_:-]"
	    : !cmd->run ? "it has no run function"
	    : !cmd->summary ? "it has no summary" : NULL;
	if (why) {
		problem(reg, "plugin '%s' refused: %s", path, why);
		goto refuse;
	}
	if ((other = claimed(reg, cmd, &which))) {
		problem(reg, "plugin '%s' refused: command '%s' is already provided by '%s'",
			path, which, other->path);
		goto refuse;
	}
	reg->plugins = ss_xrealloc(reg->plugins, (reg->n + 1) * sizeof(*reg->plugins));
	reg->plugins[reg->n++] = (struct ss_plugin){ ss_xstrdup(path), handle, cmd };
	return;
refuse:
	dlclose(handle);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_dir(struct ss_registry *reg, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	if (!d)
		return; /* absent directories are normal */
	if (unsafe_mode(reg, dir, "plugin directory")) {
		closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len > 3 && !strcmp(e->d_name + len - 3, ".so") && e->d_name[0] != '.') {
			names = ss_xrealloc(names, (n + 1) * sizeof(char *));
			names[n++] = ss_xstrdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(char *), by_name);
	for (size_t i = 0; i < n; i++) {
		char *path = ss_xasprintf("%s/%s", dir, names[i]);

		load_one(reg, path);
		free(path);
		free(names[i]);
	}
	free(names);
}

void ss_registry_load(struct ss_registry *reg, const char *plugin_path_opt)
{
	memset(reg, 0, sizeof(*reg));
	build_search_path(reg, plugin_path_opt);
	for (size_t i = 0; i < reg->ndirs; i++)
		load_dir(reg, reg->dirs[i]);
}

const struct ss_plugin *ss_registry_find(const struct ss_registry *reg, const char *name)
{
	for (size_t i = 0; i < reg->n; i++) {
		const struct ss_command *cmd = reg->plugins[i].cmd;

		if (!strcmp(cmd->name, name))
			return &reg->plugins[i];
		for (const char *const *a = cmd->aliases; a && *a; a++)
			if (!strcmp(*a, name))
				return &reg->plugins[i];
	}
	return NULL;
}

void ss_registry_release(struct ss_registry *reg)
{
	/*
	 * Modules stay mapped until exit: a plugin may have registered atexit
	 * handlers or thread-local destructors, and sanitizers need the code to
	 * symbolize leaks.  Only our own bookkeeping is freed.
	 */
	for (size_t i = 0; i < reg->n; i++)
		free(reg->plugins[i].path);
	for (size_t i = 0; i < reg->nproblems; i++)
		free(reg->problems[i]);
	for (size_t i = 0; i < reg->ndirs; i++)
		free(reg->dirs[i]);
	free(reg->plugins);
	free(reg->problems);
	free(reg->dirs);
	memset(reg, 0, sizeof(*reg));
}
