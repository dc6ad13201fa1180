/* format.c - byte counts and durations as people read them. */
#include "config.h"

#include <stdio.h>

#include <sitesync/format.h>

const char *ss_format_bytes(long long n, char *out, size_t size)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
	double v = (double)n;
	int u = 0;

	while ((v >= 1000 || v <= -1000) && u < 5) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(out, size, "%lld B", n);
	else
		snprintf(out, size, v < 10 && v > -10 ? "%.1f %s" : "%.0f %s", v, units[u]);
	return out;
}

const char *ss_format_duration(double s, char *out, size_t size)
{
	long t = (long)(s + 0.5);

	if (s < 10)
		snprintf(out, size, "%.1fs", s < 0 ? 0.0 : s);
	else if (t < 60)
		snprintf(out, size, "%lds", t);
	else if (t < 3600)
		snprintf(out, size, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(out, size, "%ldh%02ldm", t / 3600, t / 60 % 60);
	return out;
}
