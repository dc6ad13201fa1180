/* options.c - parse an alias's ssh.options string (no shell involved). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sitesync/buf.h>

#include "lib/ssh/options.h"

void ss_ssh_words_free(char **words)
{
	if (!words)
		return;
	for (char **w = words; *w; w++)
		free(*w);
	free(words);
}

static void push_word(char ***words, size_t *n, struct ss_buf *b)
{
	*words = ss_xrealloc(*words, (*n + 2) * sizeof(**words));
	(*words)[(*n)++] = ss_buf_detach(b);
	(*words)[*n] = NULL;
}

int ss_ssh_split_words(const char *s, char ***words, size_t *n, struct ss_error *err)
{
	struct ss_buf b = SS_BUF_INIT;
	int in_word = 0;
	char quote = 0;

	*words = ss_xcalloc(1, sizeof(**words));
	*n = 0;
	for (const char *p = s ? s : ""; *p; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
			else
				ss_buf_addc(&b, *p);
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
			else if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
				ss_buf_addc(&b, *++p);
			else
				ss_buf_addc(&b, *p);
		} else if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word)
				push_word(words, n, &b);
			in_word = 0;
		} else {
			in_word = 1;
			if (*p == '\'' || *p == '"')
				quote = *p;
			else if (*p == '\\' && p[1])
				ss_buf_addc(&b, *++p);
			else
				ss_buf_addc(&b, *p);
		}
	}
	if (quote) {
		ss_buf_release(&b);
		ss_ssh_words_free(*words);
		*words = NULL;
		*n = 0;
		return ss_error_set(err, SS_USAGE, "unterminated %s quote",
				    quote == '\'' ? "single" : "double");
	}
	if (in_word)
		push_word(words, n, &b);
	ss_buf_release(&b);
	return 0;
}

void ss_ssh_opts_release(struct ss_ssh_opts *o)
{
	free(o->user);
	for (size_t i = 0; i < o->nidentities; i++)
		free(o->identities[i]);
	free(o->identities);
	free(o->known_hosts);
	memset(o, 0, sizeof(*o));
}

static int parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int set_port(struct ss_ssh_opts *o, const char *v, const char *alias, struct ss_error *err)
{
	long port;

	if (parse_number(v, 1, 65535, &port) < 0)
		return ss_error_set(err, SS_USAGE, "alias '%s': ssh port '%s' is not a number from 1 to 65535",
				    alias, v);
	o->port = (int)port;
	return 0;
}

static void set_str(char **field, const char *v)
{
	free(*field);
	*field = ss_xstrdup(v);
}

static void add_identity(struct ss_ssh_opts *o, const char *v)
{
	o->identities = ss_xrealloc(o->identities, (o->nidentities + 1) * sizeof(*o->identities));
	o->identities[o->nidentities++] = ss_xstrdup(v);
}

static int parse_yes_no(const char *v, int *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true")) {
		*out = 1;
		return 0;
	}
	if (!strcasecmp(v, "no") || !strcasecmp(v, "false")) {
		*out = 0;
		return 0;
	}
	return -1;
}

static int set_strict(struct ss_ssh_opts *o, const char *v, const char *alias, struct ss_error *err)
{
	static const struct { const char *name; enum ss_ssh_strict value; } map[] = {
		{ "yes", SS_SSH_STRICT_YES }, { "true", SS_SSH_STRICT_YES },
		{ "no", SS_SSH_STRICT_NO }, { "off", SS_SSH_STRICT_NO }, { "false", SS_SSH_STRICT_NO },
		{ "accept-new", SS_SSH_STRICT_ACCEPT_NEW }, { "ask", SS_SSH_STRICT_ASK },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcasecmp(v, map[i].name)) {
			o->strict = map[i].value;
			return 0;
		}
	return ss_error_set(err, SS_USAGE,
			    "alias '%s': StrictHostKeyChecking '%s' is not one of yes, no, accept-new, ask",
			    alias, v);
}

/* One -o argument: "Key=value", "Key value" or "Key = value". */
static int set_config(struct ss_ssh_opts *o, const char *arg, const char *alias,
		      struct ss_error *err)
{
	size_t klen = strcspn(arg, "= \t");
	const char *v = arg + klen;
	char key[64];
	long num;
	int yes;

	v += strspn(v, " \t");
	if (*v == '=')
		v++;
	v += strspn(v, " \t");
	if (!klen || klen >= sizeof(key) || !*v)
		return ss_error_set(err, SS_USAGE, "alias '%s': ssh option '-o %s' needs the form Key=value",
				    alias, arg);
	memcpy(key, arg, klen);
	key[klen] = '\0';
	if (!strcasecmp(key, "Port"))
		return set_port(o, v, alias, err);
	if (!strcasecmp(key, "User")) {
		set_str(&o->user, v);
		return 0;
	}
	if (!strcasecmp(key, "IdentityFile")) {
		add_identity(o, v);
		return 0;
	}
	if (!strcasecmp(key, "UserKnownHostsFile")) {
		set_str(&o->known_hosts, v);
		return 0;
	}
	if (!strcasecmp(key, "StrictHostKeyChecking"))
		return set_strict(o, v, alias, err);
	if (!strcasecmp(key, "ConnectTimeout")) {
		if (parse_number(v, 1, 86400, &num) < 0)
			return ss_error_set(err, SS_USAGE,
					    "alias '%s': ConnectTimeout '%s' is not a number of seconds",
					    alias, v);
		o->connect_timeout = (int)num;
		return 0;
	}
	if (!strcasecmp(key, "BatchMode")) {
		if (parse_yes_no(v, &yes) < 0)
			return ss_error_set(err, SS_USAGE, "alias '%s': BatchMode '%s' is not yes or no",
					    alias, v);
		o->batch_mode = yes;
		return 0;
	}
	return ss_error_set(err, SS_USAGE, "alias '%s': ssh option '-o %s' is not supported", alias, arg);
}

/* -o KEY=VALUE, -o "KEY VALUE", or -o KEY VALUE as two words. */
static int set_option_words(struct ss_ssh_opts *o, char **words, size_t n, size_t *i,
			    const char *arg, const char *alias, struct ss_error *err)
{
	char *joined;
	int rc;

	if (arg[strcspn(arg, "= \t")] || *i + 1 >= n || words[*i + 1][0] == '-')
		return set_config(o, arg, alias, err);
	joined = ss_xasprintf("%s %s", arg, words[++*i]);
	rc = set_config(o, joined, alias, err);
	free(joined);
	return rc;
}

/* Handle the flag at words[*i] (which starts with '-'); advance *i past its argument. */
static int parse_flag(struct ss_ssh_opts *o, char **words, size_t n, size_t *i,
		      const char *alias, struct ss_error *err)
{
	const char *w = words[*i];
	char flag = w[1];
	const char *arg;

	if (!flag || !strchr("pilo", flag) || w[0] != '-')
		return ss_error_set(err, SS_USAGE, "alias '%s': ssh option '%s' is not supported", alias, w);
	if (w[2]) {
		arg = w + 2;
	} else {
		if (*i + 1 >= n)
			return ss_error_set(err, SS_USAGE, "alias '%s': ssh option '-%c' needs a value",
					    alias, flag);
		arg = words[++*i];
	}
	switch (flag) {
	case 'p':
		return set_port(o, arg, alias, err);
	case 'i':
		add_identity(o, arg);
		return 0;
	case 'l':
		set_str(&o->user, arg);
		return 0;
	default:
		return set_option_words(o, words, n, i, arg, alias, err);
	}
}

int ss_ssh_opts_parse(const char *options, const char *alias, struct ss_ssh_opts *out,
		      struct ss_error *err)
{
	char **words;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (ss_ssh_split_words(options, &words, &n, err) < 0)
		return ss_error_prefix(err, "alias '%s': ssh.options", alias);
	for (size_t i = 0; i < n; i++) {
		if (words[i][0] != '-') {
			ss_error_set(err, SS_USAGE, "alias '%s': ssh option '%s' is not supported",
				     alias, words[i]);
			goto fail;
		}
		if (parse_flag(out, words, n, &i, alias, err) < 0)
			goto fail;
	}
	ss_ssh_words_free(words);
	return 0;
fail:
	ss_ssh_words_free(words);
	ss_ssh_opts_release(out);
	return -1;
}
