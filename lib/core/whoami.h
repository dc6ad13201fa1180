/* whoami.h - who runs sitesync where (internal). */
#ifndef SS_WHOAMI_H
#define SS_WHOAMI_H

#include <stddef.h>

/* "user@host" into out: $USER, $LOGNAME, else the password entry of the
 * effective uid; short_host cuts the host name at its first dot. */
void ss_whoami(char *out, size_t size, int short_host);

#endif
