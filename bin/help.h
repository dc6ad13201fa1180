/* help.h - `sitesync help`, `sitesync help CMD`, `sitesync CMD --help`. */
#ifndef SS_HELP_H
#define SS_HELP_H

#include <stdio.h>

#include "bin/loader.h"

void ss_help_overview(FILE *out, const struct ss_registry *reg);
void ss_help_command(FILE *out, const struct ss_command *cmd);

#endif
