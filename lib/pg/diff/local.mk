# lib/pg/diff: compare two PostgreSQL catalog models into an ordered list of
# DDL changes (schema-diff, and the schema step of the PostgreSQL sql-sync).
libsitesync_la_SOURCES += \
	lib/pg/diff/diff.h lib/pg/diff/internal.h \
	lib/pg/diff/diff.c lib/pg/diff/table.c lib/pg/diff/lossy.c \
	lib/pg/diff/partition.c lib/pg/diff/privileges.c
