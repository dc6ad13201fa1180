/*
 * debug.h - named stop points for tests (internal): ss_debug_stop() is
 * declared, and its two ways of stopping described, in sitesync/interrupt.h.
 * Unset, a stop point costs one load of a flag.
 */
#ifndef SS_DEBUG_H
#define SS_DEBUG_H

#include <sitesync/interrupt.h>

/* Nonzero when SITESYNC_DEBUG_STOP names any stop point. */
int ss_debug_active(void);

/* The same for "<prefix>:<label>". */
void ss_debug_stop2(const char *prefix, const char *label);

#endif
