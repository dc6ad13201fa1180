# lib/pg/sync: the PostgreSQL sql-sync engine: shadow schemas, one exported
# snapshot, parallel COPY workers, the one-transaction schema swap, backups.
libsitesync_la_SOURCES += \
	lib/pg/sync/sync.h lib/pg/sync/internal.h \
	lib/pg/sync/names.c lib/pg/sync/sql.c lib/pg/sync/plan.c lib/pg/sync/support.c \
	lib/pg/sync/ranges.c lib/pg/sync/schema.c lib/pg/sync/sanitize.c \
	lib/pg/sync/copy.c lib/pg/sync/worker.c lib/pg/sync/swap.c lib/pg/sync/marks.c \
	lib/pg/sync/owners.c lib/pg/sync/deps.c lib/pg/sync/grants.c \
	lib/pg/sync/delta_plan.c lib/pg/sync/delta_sql.c lib/pg/sync/delta.c
