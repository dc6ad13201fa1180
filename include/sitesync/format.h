/*
 * sitesync/format.h - numbers as people read them, for reports and tables.
 *
 * Both write a NUL-terminated string into the caller's buffer (32 bytes is
 * always enough) and return it.
 */
#ifndef SITESYNC_FORMAT_H
#define SITESYNC_FORMAT_H

#include <stddef.h>

/* Decimal units: "300 B", "7.0 MB", "470 MB", "1.2 GB". */
const char *ss_format_bytes(long long n, char *out, size_t size);

/* "0.4s", "12s", "3m05s", "1h02m". */
const char *ss_format_duration(double seconds, char *out, size_t size);

#endif
