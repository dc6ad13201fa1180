# plugins/sql-sync: `sitesync sql-sync SOURCE TARGET` (MySQL/MariaDB engine in lib/mysql/sync).
pkglib_LTLIBRARIES += plugins/sql-sync.la
plugins_sql_sync_la_SOURCES = \
	plugins/sql-sync/sql_sync.c plugins/sql-sync/sql_sync.h \
	plugins/sql-sync/conn_set.c plugins/sql-sync/conn_set.h \
	plugins/sql-sync/conns.c \
	plugins/sql-sync/lists.c \
	plugins/sql-sync/sanitize.c \
	plugins/sql-sync/run_base.c \
	plugins/sql-sync/report.c plugins/sql-sync/report.h plugins/sql-sync/mysql_report.c \
	plugins/sql-sync/restore.c plugins/sql-sync/mysql_restore.c \
	plugins/sql-sync/sql_sync_pg.h plugins/sql-sync/pg_run.c plugins/sql-sync/pg_conns.c \
	plugins/sql-sync/pg_report.c plugins/sql-sync/pg_restore.c
plugins_sql_sync_la_CFLAGS = $(AM_CFLAGS) $(MYSQL_CFLAGS) $(PQ_CFLAGS)
plugins_sql_sync_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sql_sync_la_LIBADD = $(PLUGIN_LIBADD) $(MYSQL_LIBS) $(PQ_LIBS)

# End-to-end checks against two real MariaDB servers.
TESTS += tests/integration/t0480-sql-sync-core.sh \
	tests/integration/t0481-sql-sync-lists.sh \
	tests/integration/t0482-sql-sync-restore.sh \
	tests/integration/t0483-sql-sync-prefix.sh \
	tests/integration/t0484-sql-sync-output.sh \
	tests/integration/t0485-sql-sync-failures.sh \
	tests/integration/t0486-sql-sync-restore-empty.sh \
	tests/integration/t0487-sql-sync-swap-faults.sh \
	tests/integration/t0488-sql-sync-incremental.sh \
	tests/integration/t0489-sql-sync-requalify.sh \
	tests/integration/t0490-sql-sync-sanitize.sh
EXTRA_DIST += tests/lib/sync-mysql.sh tests/lib/faults.sh tests/lib/sanitize.sh \
	tests/integration/sanitize-drupal.mysql.sql tests/integration/sanitize-drupal.pg.sql \
	tests/integration/sanitize-wordpress.mysql.sql

# PostgreSQL: end-to-end checks against real servers.
TESTS += tests/integration/t0701-pg-sync-core.sh \
	tests/integration/t0702-pg-sync-safety.sh \
	tests/integration/t0703-pg-sync-extensions.sh \
	tests/integration/t0704-pg-sync-restore-empty.sh \
	tests/integration/t0705-pg-sync-owners.sh \
	tests/integration/t0706-pg-sync-identity-names.sh \
	tests/integration/t0707-pg-sync-dependents.sh \
	tests/integration/t0708-pg-sync-faults.sh \
	tests/integration/t0709-pg-sync-objects.sh \
	tests/integration/t0710-pg-sync-sanitize.sh \
	tests/integration/t0711-pg-sync-incremental.sh
EXTRA_DIST += tests/integration/pg-zoo.sql
