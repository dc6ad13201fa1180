# lib/sync: the driver-neutral coordinator both sql-sync engines share
# (lib/mysql/sync, lib/pg/sync): the work queue, the parallel run, table lists.
libsitesync_la_SOURCES += lib/sync/run.c lib/sync/run.h lib/sync/work.c lib/sync/match.c
