# plugins/sql-drop: `sitesync sql-drop ALIAS`, with the shared safety model.
pkglib_LTLIBRARIES += plugins/sql-drop.la
plugins_sql_drop_la_SOURCES = plugins/sql-drop/sql-drop.c plugins/sql-drop/objects.c \
	plugins/sql-drop/objects.h plugins/sql-drop/drop_mysql.c plugins/sql-drop/drop_pg.c
plugins_sql_drop_la_CFLAGS = $(AM_CFLAGS) $(MYSQL_CFLAGS) $(PQ_CFLAGS)
plugins_sql_drop_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sql_drop_la_LIBADD = $(PLUGIN_LIBADD) $(MYSQL_LIBS) $(PQ_LIBS)
TESTS += tests/integration/t0304-sql-drop-mysql.sh tests/integration/t0305-sql-drop-pg.sh \
	tests/integration/t0307-hooks-remote.sh
