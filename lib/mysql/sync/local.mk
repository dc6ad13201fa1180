# lib/mysql/sync: the MySQL/MariaDB sql-sync engine: plan, one consistent
# snapshot, parallel LOAD DATA workers into shadow tables, the journaled
# swap, the stored objects around it, --restore-backup, and the recovery of
# an interrupted swap.
libsitesync_la_SOURCES += \
	lib/mysql/sync/sync.h lib/mysql/sync/internal.h \
	lib/mysql/sync/plan.c \
	lib/mysql/sync/sanitize.c \
	lib/mysql/sync/snapshot.c \
	lib/mysql/sync/loader.c \
	lib/mysql/sync/worker.c \
	lib/mysql/sync/delta_plan.c lib/mysql/sync/delta_sql.c lib/mysql/sync/delta.c \
	lib/mysql/sync/copy.c \
	lib/mysql/sync/swap.c \
	lib/mysql/sync/objects.c \
	lib/mysql/sync/saved.c \
	lib/mysql/sync/restore.c \
	lib/mysql/sync/journal.c lib/mysql/sync/journal.h \
	lib/mysql/sync/journal_run.c \
	lib/mysql/sync/recover.c
