/* args.c - parsing global and command options with getopt_long. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sitesync/buf.h>
#include <sitesync/event.h>
#include <sitesync/json.h>

#include "lib/core/ctx.h"

enum {
	G_FORMAT = 256, G_ALIAS_PATH, G_PLUGIN_PATH, G_NO_PROGRESS, G_PROGRESS_FD, G_VERSION,
	CMD_BASE = 1024,
};

struct global_opt {
	struct option o;
	int short_name;
	const char *arg;
	const char *help;
};

static const struct global_opt globals[] = {
	{ { "yes", no_argument, NULL, 'y' }, 'y', NULL, "answer yes to every question" },
	{ { "no", no_argument, NULL, 'n' }, 'n', NULL, "answer no to every question" },
	{ { "simulate", no_argument, NULL, 's' }, 's', NULL, "show what would happen, change nothing" },
	{ { "verbose", no_argument, NULL, 'v' }, 'v', NULL, "say more (repeat for more)" },
	{ { "debug", no_argument, NULL, 'd' }, 'd', NULL, "print debugging information" },
	{ { "quiet", no_argument, NULL, 'q' }, 'q', NULL, "print errors only" },
	{ { "format", required_argument, NULL, G_FORMAT }, 0, "FMT", "output format: human, json (some commands: list, yaml)" },
	{ { "alias-path", required_argument, NULL, G_ALIAS_PATH }, 0, "DIR[:DIR]", "look for *.site.yml files here first" },
	{ { "plugin-path", required_argument, NULL, G_PLUGIN_PATH }, 0, "DIR[:DIR]", "look for command plugins here first" },
	{ { "no-progress", no_argument, NULL, G_NO_PROGRESS }, 0, NULL, "no progress line" },
	{ { "progress-fd", required_argument, NULL, G_PROGRESS_FD }, 0, "N", "write progress events (JSON lines) to descriptor N" },
	{ { "help", no_argument, NULL, 'h' }, 'h', NULL, "show help" },
	{ { "version", no_argument, NULL, G_VERSION }, 0, NULL, "show the version" },
};
#define NGLOBALS (sizeof(globals) / sizeof(globals[0]))

static const char *const formats[] = { "human", "json", "list", "yaml", NULL };

/* --progress-fd=N: the event stream of sitesync/event.h goes to descriptor N. */
static int progress_fd(const char *arg, struct ss_error *err)
{
	char *end;
	long fd = strtol(arg, &end, 10);

	if (!*arg || *end || fd < 0 || fd > 65535)
		return ss_error_set(err, SS_USAGE, "--progress-fd '%s' is not a descriptor number", arg);
	return ss_event_open((int)fd, err);
}

/* Apply one global option; returns 0, or -1 with err. */
static int apply_global(struct ss_ctx *ctx, int c, const char *arg, int *help,
			int *version, struct ss_error *err)
{
	struct ss_global *g = &ctx->global;

	switch (c) {
	case 'y': g->yes = 1; g->no = 0; break;
	case 'n': g->no = 1; g->yes = 0; break;
	case 's': g->simulate = 1; break;
	case 'v': g->verbose++; break;
	case 'd': g->debug++; break;
	case 'q': g->quiet = 1; break;
	case 'h': *help = 1; break;
	case G_VERSION: *version = 1; break;
	case G_NO_PROGRESS: g->progress = 0; break;
	case G_ALIAS_PATH: g->alias_path = arg; break;
	case G_PLUGIN_PATH: g->plugin_path = arg; break;
	case G_PROGRESS_FD: return progress_fd(arg, err);
	case G_FORMAT:
		for (int i = 0; formats[i]; i++)
			if (!strcmp(arg, formats[i])) {
				g->format = formats[i];
				return 0;
			}
		return ss_error_set(err, SS_USAGE,
				    "unknown format '%s' (use human, json, list or yaml)", arg);
	default:
		return 1; /* not a global option */
	}
	return 0;
}

/* Report getopt's complaint about argv[optind - 1] as a usage error. */
static int bad_option(int c, char **argv, const char *cmd, struct ss_error *err)
{
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *what = optopt ? shortopt : argv[optind - 1];
	char where[128] = "";

	if (cmd)
		snprintf(where, sizeof(where), " for '%s'", cmd);
	if (c == ':')
		return ss_error_set(err, SS_USAGE, "option '%s'%s needs a value", what, where);
	return ss_error_set(err, SS_USAGE, "unknown option '%s'%s; see 'sitesync help%s%s'",
			    what, where, cmd ? " " : "", cmd ? cmd : "");
}

int ss_args_parse_global(struct ss_ctx *ctx, int argc, char **argv, int *help,
			 int *version, struct ss_error *err)
{
	struct option longopts[NGLOBALS + 1];
	int c;

	memset(longopts, 0, sizeof(longopts));
	for (size_t i = 0; i < NGLOBALS; i++)
		longopts[i] = globals[i].o;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:ynsvdqh", longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return bad_option(c, argv, NULL, err);
		if (apply_global(ctx, c, optarg, help, version, err) < 0)
			return -1;
	}
	return optind;
}

int ss_args_parse(struct ss_ctx *ctx, int argc, char **argv, int *argc_out,
		  char ***argv_out, struct ss_error *err)
{
	const struct ss_command *cmd = ctx->cmd;
	size_t ncmd = ctx->nvalues;
	struct option *longopts = ss_xcalloc(NGLOBALS + ncmd + 1, sizeof(*longopts));
	struct ss_buf shorts = SS_BUF_INIT;
	int help = 0, version = 0, c, rc = 0;
	char *posixly;

	/* argv[0] is the command name; permute the rest ("-" prefix off). */
	ss_buf_adds(&shorts, ":ynsvdqh");
	for (size_t i = 0; i < NGLOBALS; i++)
		longopts[i] = globals[i].o;
	for (size_t i = 0; i < ncmd; i++) {
		const struct ss_option *o = &cmd->options[i];

		longopts[NGLOBALS + i] = (struct option){
			o->name, o->type == SS_OPT_FLAG ? no_argument : required_argument,
			NULL, CMD_BASE + (int)i
		};
		if (o->short_name && !strchr("ynsvdqh", o->short_name)) {
			ss_buf_addc(&shorts, (char)o->short_name);
			if (o->type != SS_OPT_FLAG)
				ss_buf_addc(&shorts, ':');
		}
	}
	/* Drush habit: options after the arguments ("@prod default -d -v"). */
	posixly = getenv("POSIXLY_CORRECT");
	if (posixly) {
		posixly = ss_xstrdup(posixly);
		unsetenv("POSIXLY_CORRECT");
	}
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts.data, longopts, NULL)) != -1) {
		size_t idx;

		if (c == '?' || c == ':') {
			rc = bad_option(c, argv, cmd->name, err);
			goto out;
		}
		rc = apply_global(ctx, c, optarg, &help, &version, err);
		if (rc < 0)
			goto out;
		if (rc == 0)
			continue;
		rc = 0;
		if (c >= CMD_BASE) {
			idx = (size_t)(c - CMD_BASE);
		} else {
			for (idx = 0; idx < ncmd; idx++)
				if (cmd->options[idx].short_name == c)
					break;
		}
		if (idx >= ncmd) {
			rc = bad_option('?', argv, cmd->name, err);
			goto out;
		}
		ctx->values[idx].count++;
		if (cmd->options[idx].type != SS_OPT_FLAG) {
			if (cmd->options[idx].type == SS_OPT_INT) {
				char *end;

				strtol(optarg, &end, 10);
				if (!*optarg || *end) {
					rc = ss_error_set(err, SS_USAGE,
							  "option '--%s' of '%s' takes a whole number, not '%s'",
							  cmd->options[idx].name, cmd->name, optarg);
					goto out;
				}
			}
			free(ctx->values[idx].value);
			ctx->values[idx].value = ss_xstrdup(optarg);
		}
	}
	/* getopt_long moved the positional arguments to the end. */
	argv[optind - 1] = argv[0];
	*argv_out = argv + optind - 1;
	*argc_out = argc - optind + 1;
	if (help)
		rc = 1;
out:
	if (posixly) {
		setenv("POSIXLY_CORRECT", posixly, 1);
		free(posixly);
	}
	free(longopts);
	ss_buf_release(&shorts);
	return rc;
}

static void print_opt(FILE *out, int short_name, const char *name, const char *arg,
		      const char *help)
{
	char left[96];

	if (short_name)
		snprintf(left, sizeof(left), "-%c, --%s%s%s", short_name, name,
			 arg ? "=" : "", arg ? arg : "");
	else
		snprintf(left, sizeof(left), "    --%s%s%s", name, arg ? "=" : "",
			 arg ? arg : "");
	fprintf(out, "  %-30s %s\n", left, help ? help : "");
}

void ss_args_print_global_help(FILE *out)
{
	for (size_t i = 0; i < NGLOBALS; i++)
		print_opt(out, globals[i].short_name, globals[i].o.name, globals[i].arg,
			  globals[i].help);
}

void ss_args_print_command_help(FILE *out, const struct ss_command *cmd)
{
	if (!cmd->options)
		return;
	for (const struct ss_option *o = cmd->options; o->name; o++)
		print_opt(out, o->short_name, o->name,
			  o->type == SS_OPT_FLAG ? NULL : (o->arg_name ? o->arg_name : "VALUE"),
			  o->help);
}

static void json_opt(struct ss_json *j, int short_name, const char *name, const char *arg,
		     const char *help)
{
	char s[2] = { (char)short_name, '\0' };

	ss_json_obj_begin(j);
	ss_json_key(j, "name");
	ss_json_str(j, name);
	ss_json_key(j, "short");
	ss_json_str(j, short_name ? s : NULL);
	ss_json_key(j, "argument");
	ss_json_str(j, arg);
	ss_json_key(j, "help");
	ss_json_str(j, help);
	ss_json_obj_end(j);
}

void ss_args_json_global(struct ss_json *j)
{
	ss_json_arr_begin(j);
	for (size_t i = 0; i < NGLOBALS; i++)
		json_opt(j, globals[i].short_name, globals[i].o.name, globals[i].arg,
			 globals[i].help);
	ss_json_arr_end(j);
}

void ss_args_json_command(struct ss_json *j, const struct ss_command *cmd)
{
	ss_json_arr_begin(j);
	for (const struct ss_option *o = cmd->options; o && o->name; o++)
		json_opt(j, o->short_name, o->name,
			 o->type == SS_OPT_FLAG ? NULL : (o->arg_name ? o->arg_name : "VALUE"),
			 o->help);
	ss_json_arr_end(j);
}
