/*
 * fuzz_alias_yaml.c - an alias file as sitesync reads one: written to
 * example.site.yml in a private directory, then loaded (permission checks,
 * YAML into nodes with its depth and alias budgets, the file's shape) and
 * every entry turned into an alias (${env.VAR} interpolation, every key).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alias/internal.h"
#include "tests/fuzz/fuzz.h"

static char *dir, *file;

static void remove_dir(void)
{
	unlink(file);
	rmdir(dir);
}

/*
 * The private directory (in memory when /dev/shm allows: a file is written
 * for every input) and the variables alias files may interpolate.
 */
static void set_up(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = ss_xstrdup("/dev/shm/ss-fuzz-alias.XXXXXX");

	dir = mkdtemp(tmpl);
	if (!dir) {
		free(tmpl);
		tmpl = ss_xasprintf("%s/ss-fuzz-alias.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		dir = mkdtemp(tmpl);
	}
	if (!dir || chmod(dir, 0700)) {
		perror("fuzz_alias_yaml: mkdtemp");
		abort();
	}
	file = ss_xasprintf("%s/example.site.yml", dir);
	atexit(remove_dir);
	setenv("FUZZ_HOST", "db.example.org", 1);
	setenv("FUZZ_EMPTY", "", 1);
}

static void write_file(const uint8_t *data, size_t size)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd)) {
		perror(file);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_aliases set;
	struct ss_alias_file *f;
	struct ss_error err;
	struct ss_alias_spot spot;

	if (!dir)
		set_up();
	write_file(data, size);
	memset(&set, 0, sizeof(set));
	spot = (struct ss_alias_spot){ .path = file, .site = "example", .location = "" };
	if (ss_alias_file_get(&set, &spot, &f, &err) == 0) {
		for (size_t i = 0; f->root && i < f->root->n; i++) {
			struct ss_alias *a;
			char *name = ss_alias_canonical(f->site, f->root->keys[i]);

			ss_alias_file_entry(f, f->root->keys[i], 1, &a, &err);
			free(name);
		}
		/* what "@example.live" and "@example" find: the '*' entry, the default env */
		struct ss_alias *a;

		ss_alias_file_entry(f, "live", 0, &a, &err);
		ss_alias_file_entry(f, ss_alias_file_default_env(f), 0, &a, &err);
	}
	for (size_t i = 0; i < set.nfiles; i++)
		ss_alias_file_free(set.files[i]);
	free(set.files);
	return 0;
}
