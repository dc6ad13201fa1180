/*
 * replay.c - a main() for the fuzz targets without libFuzzer: every file
 * named, and every file of every directory named, goes once through
 * LLVMFuzzerTestOneInput().  make check replays tests/fuzz/corpus/ this way,
 * so the seeds and the inputs of fixed crashes run in every build, ASan's too.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sitesync/buf.h>

#include "tests/fuzz/fuzz.h"

/* Run one file; returns 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct ss_buf b = SS_BUF_INIT;
	char chunk[4096];
	size_t n;
	uint8_t *data;

	if (!f) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ss_buf_add(&b, chunk, n);
	fclose(f);
	/* an exact-size copy: a read past the end is caught by ASan */
	data = ss_xmalloc(b.len ? b.len : 1);
	memcpy(data, b.data, b.len);
	LLVMFuzzerTestOneInput(data, b.len);
	free(data);
	ss_buf_release(&b);
	return 0;
}

static int replay_dir(const char *dir, size_t *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), rc = 0;

	if (n < 0) {
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *path = ss_xasprintf("%s/%s", dir, names[i]->d_name);
		struct stat st;

		if (names[i]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode)) {
			if (replay_file(path) < 0)
				rc = -1;
			(*count)++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (!stat(argv[i], &st) && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) < 0)
				rc = 1;
		} else {
			if (replay_file(argv[i]) < 0)
				rc = 1;
			count++;
		}
	}
	printf("replayed %zu inputs\n", count);
	return rc;
}
