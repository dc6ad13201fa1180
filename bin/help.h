/* help.h - `sitesync help`, `sitesync help CMD`, `sitesync CMD --help`. */
#ifndef SS_HELP_H
#define SS_HELP_H

#include <stdio.h>

#include "bin/loader.h"

struct ss_ctx;

void ss_help_overview(FILE *out, const struct ss_registry *reg);
void ss_help_command(FILE *out, const struct ss_command *cmd);

/*
 * The same on stdout, as text or with --format=json as one object:
 * {"usage", "commands": [{"name", "aliases", "summary"}], "global_options"}
 * for the overview, {"name", "aliases", "summary", "usage", "options",
 * "global_options"} for a command.
 */
void ss_help_print_overview(const struct ss_ctx *ctx, const struct ss_registry *reg);
void ss_help_print_command(const struct ss_ctx *ctx, const struct ss_command *cmd);

/* `sitesync --version`, as text or JSON {"version", "plugin_abi"}. */
void ss_help_print_version(const struct ss_ctx *ctx);

#endif
