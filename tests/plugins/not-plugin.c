/* not-plugin.c - test module that is a shared object but exports no sitesync_plugin(). */
#include "config.h"

int ss_test_not_a_plugin(void);

int ss_test_not_a_plugin(void)
{
	return 42;
}
