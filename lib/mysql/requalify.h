/*
 * requalify.h - point the definition of a view, trigger, routine or event
 * at another database: rewrite the schema qualifiers that name the source
 * database, and nothing else.
 *
 * The text is lexed as the server reads it (lib/mysql/lex.h): strings and
 * comments are never touched, nor are table or column qualifiers that
 * happen to spell the database's name.  A name is a schema qualifier when:
 *   - it is the first of three dotted names (db.table.column, db.table.*);
 *   - it is the first of two dotted names that name an object: a table
 *     after FROM, JOIN, UPDATE, INTO, DELETE, TABLE, REFERENCES, a trigger's
 *     ON, USING, LIKE or TO after a table, and in the lists those start; a
 *     routine after CALL or followed by "(" (db.func(...)); a sequence in
 *     NEXTVAL(), LASTVAL(), SETVAL() or NEXT/PREVIOUS VALUE FOR; a view,
 *     trigger, procedure, function, event or sequence after its keyword;
 *     the table of ROW TYPE OF.
 * Any other db.x is table.column (or alias.column) and stays as it is.
 *
 * Not rewritten: a database named alone (USE, SHOW TABLES FROM, GRANT ON
 * db.*), and names inside prepared-statement strings.
 */
#ifndef SS_MYSQL_REQUALIFY_H
#define SS_MYSQL_REQUALIFY_H

#include <sitesync/buf.h>

/*
 * sql with every schema qualifier naming database from (compared byte for
 * byte) replaced by `to`; mode are ss_my_lex_mode() flags of the sql_mode
 * the text was written in.  The names of other databases used as schema
 * qualifiers are appended to *others (when not NULL), each once and
 * NUL-terminated, but the server's own (mysql, sys, information_schema,
 * performance_schema).  Returns a new string (caller frees).
 */
char *ss_my_requalify(const char *sql, const char *from, const char *to, unsigned mode,
		      struct ss_buf *others);

#endif
