/* ddl.c - CREATE, DROP, RENAME and COMMENT statements for the PostgreSQL catalog model. */
#include "config.h"

#include <string.h>

#include "lib/pg/ddl.h"
#include "lib/pg/quote.h"

void ss_pg_ddl_name(struct ss_buf *b, const struct ss_pg_object *o)
{
	switch (o->kind) {
	case SS_PG_SCHEMA:
	case SS_PG_EXTENSION:
	case SS_PG_SERVER:
	case SS_PG_PUBLICATION:
		ss_pg_add_ident(b, o->name);
		break;
	case SS_PG_CAST:
		ss_buf_adds(b, o->name);
		break;
	case SS_PG_OPERATOR: /* an operator's name is never quoted */
		ss_pg_add_ident(b, o->schema);
		ss_buf_addf(b, ".%s", o->name);
		break;
	default:
		ss_pg_add_qname(b, o->schema, o->name);
		break;
	}
}

static void add_table_name(struct ss_buf *b, const struct ss_pg_object *o)
{
	ss_pg_add_qname(b, o->schema, o->table);
}

static const char *type_word(const struct ss_pg_object *o)
{
	return o->sub == 'd' ? "DOMAIN" : "TYPE";
}

void ss_pg_ddl_ref(struct ss_buf *b, const struct ss_pg_object *o)
{
	switch (o->kind) {
	case SS_PG_EXTENSION: ss_buf_adds(b, "EXTENSION "); break;
	case SS_PG_SCHEMA: ss_buf_adds(b, "SCHEMA "); break;
	case SS_PG_TYPE: ss_buf_addf(b, "%s ", type_word(o)); break;
	case SS_PG_SEQUENCE: ss_buf_adds(b, "SEQUENCE "); break;
	case SS_PG_FUNCTION: ss_buf_adds(b, o->sub == 'p' ? "PROCEDURE " : "FUNCTION "); break;
	case SS_PG_TABLE: ss_buf_adds(b, "TABLE "); break;
	case SS_PG_VIEW: ss_buf_adds(b, "VIEW "); break;
	case SS_PG_MATVIEW: ss_buf_adds(b, "MATERIALIZED VIEW "); break;
	case SS_PG_INDEX: ss_buf_adds(b, "INDEX "); break;
	case SS_PG_SERVER: ss_buf_adds(b, "SERVER "); break;
	case SS_PG_COLLATION: ss_buf_adds(b, "COLLATION "); break;
	case SS_PG_AGGREGATE: ss_buf_adds(b, "AGGREGATE "); break;
	case SS_PG_OPERATOR: ss_buf_adds(b, "OPERATOR "); break;
	case SS_PG_CAST: ss_buf_adds(b, "CAST "); break;
	case SS_PG_TSDICT: ss_buf_adds(b, "TEXT SEARCH DICTIONARY "); break;
	case SS_PG_TSCONFIG: ss_buf_adds(b, "TEXT SEARCH CONFIGURATION "); break;
	case SS_PG_FOREIGN_TABLE: ss_buf_adds(b, "FOREIGN TABLE "); break;
	case SS_PG_STATISTICS: ss_buf_adds(b, "STATISTICS "); break;
	case SS_PG_PUBLICATION: ss_buf_adds(b, "PUBLICATION "); break;
	case SS_PG_CONSTRAINT:
	case SS_PG_TRIGGER:
	case SS_PG_RULE:
	case SS_PG_POLICY:
		ss_buf_adds(b, o->kind == SS_PG_CONSTRAINT ? "CONSTRAINT " :
			    o->kind == SS_PG_TRIGGER ? "TRIGGER " :
			    o->kind == SS_PG_RULE ? "RULE " : "POLICY ");
		ss_pg_add_ident(b, o->name);
		ss_buf_adds(b, " ON ");
		add_table_name(b, o);
		return;
	default:
		break;
	}
	ss_pg_ddl_name(b, o);
	if (o->kind == SS_PG_FUNCTION || o->kind == SS_PG_AGGREGATE)
		ss_buf_addf(b, "(%s)", o->args ? o->args : "");
	else if (o->kind == SS_PG_OPERATOR)
		ss_buf_addf(b, " (%s)", o->args ? o->args : "");
}

void ss_pg_ddl_alter_table(struct ss_buf *b, const struct ss_pg_object *table)
{
	ss_buf_adds(b, "ALTER TABLE ");
	ss_pg_add_qname(b, table->schema, table->kind == SS_PG_TABLE ? table->name : table->table);
	ss_buf_addc(b, ' ');
}

void ss_pg_ddl_identity(struct ss_buf *b, const struct ss_pg_column *c)
{
	ss_buf_addf(b, " GENERATED %s AS IDENTITY", c->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
	if (!c->identity_seq && !c->identity_opts)
		return;
	ss_buf_adds(b, " (");
	/* unqualified: the sequence goes in the table's schema */
	if (c->identity_seq) {
		ss_buf_adds(b, "SEQUENCE NAME ");
		ss_pg_add_ident(b, c->identity_seq);
	}
	if (c->identity_opts)
		ss_buf_addf(b, "%s%s", c->identity_seq ? " " : "", c->identity_opts);
	ss_buf_addc(b, ')');
}

void ss_pg_ddl_column(struct ss_buf *b, const struct ss_pg_column *c)
{
	ss_pg_add_ident(b, c->name);
	ss_buf_addf(b, " %s", c->type);
	if (c->fdwoptions)
		ss_buf_addf(b, " OPTIONS (%s)", c->fdwoptions);
	if (c->collation)
		ss_buf_addf(b, " COLLATE %s", c->collation);
	if (c->identity)
		ss_pg_ddl_identity(b, c);
	else if (c->generated && c->def)
		ss_buf_addf(b, " GENERATED ALWAYS AS (%s) STORED", c->def);
	else if (c->def)
		ss_buf_addf(b, " DEFAULT %s", c->def);
	if (c->notnull && !c->identity)
		ss_buf_adds(b, " NOT NULL");
}

static void create_table(struct ss_buf *b, const struct ss_pg_object *o)
{
	size_t n = 0;

	ss_buf_addf(b, "CREATE %s%sTABLE ", o->persistence == 'u' ? "UNLOGGED " : "",
		    o->kind == SS_PG_FOREIGN_TABLE ? "FOREIGN " : "");
	ss_pg_ddl_name(b, o);
	if (o->partbound && o->nparents) {
		ss_buf_addf(b, " PARTITION OF %s", o->parents[0]);
		for (size_t i = 0; i < o->ncols; i++) {
			const struct ss_pg_column *c = &o->cols[i];

			if (c->local || !(c->def || c->notnull))
				continue;
			ss_buf_adds(b, n++ ? ",\n    " : " (\n    ");
			ss_pg_add_ident(b, c->name);
			ss_buf_adds(b, " WITH OPTIONS");
			if (c->def && !c->generated)
				ss_buf_addf(b, " DEFAULT %s", c->def);
			if (c->notnull)
				ss_buf_adds(b, " NOT NULL");
		}
		ss_buf_addf(b, "%s %s", n ? "\n)" : "", o->partbound);
	} else {
		ss_buf_adds(b, " (");
		for (size_t i = 0; i < o->ncols; i++) {
			if (!o->cols[i].local)
				continue;
			ss_buf_adds(b, n++ ? ",\n    " : "\n    ");
			ss_pg_ddl_column(b, &o->cols[i]);
		}
		ss_buf_adds(b, n ? "\n)" : ")");
		if (o->nparents) {
			ss_buf_adds(b, " INHERITS (");
			for (size_t i = 0; i < o->nparents; i++)
				ss_buf_addf(b, "%s%s", i ? ", " : "", o->parents[i]);
			ss_buf_addc(b, ')');
		}
	}
	if (o->partkey)
		ss_buf_addf(b, " PARTITION BY %s", o->partkey);
	if (o->kind == SS_PG_FOREIGN_TABLE && o->options)
		ss_buf_addf(b, " SERVER %s", o->options);
	ss_buf_adds(b, ";\n");
	for (size_t i = 0; i < o->ncols; i++)
		if (o->cols[i].comment)
			ss_pg_ddl_column_comment(b, o, o->cols[i].name, o->cols[i].comment);
}

void ss_pg_ddl_seq_alter(struct ss_buf *b, const struct ss_pg_object *o)
{
	ss_buf_adds(b, "ALTER SEQUENCE ");
	ss_pg_ddl_name(b, o);
	ss_buf_addf(b, " AS %s INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld START WITH %lld"
		    " CACHE %lld %sCYCLE;\n", o->seq_type, o->seq_inc, o->seq_min, o->seq_max,
		    o->seq_start, o->seq_cache, o->seq_cycle ? "" : "NO ");
}

void ss_pg_ddl_seq_owned(struct ss_buf *b, const struct ss_pg_object *o)
{
	if (!o->seq_owner || !o->seq_owner_col)
		return;
	ss_buf_adds(b, "ALTER SEQUENCE ");
	ss_pg_ddl_name(b, o);
	ss_buf_adds(b, " OWNED BY ");
	ss_pg_add_qname(b, o->schema, o->seq_owner);
	ss_buf_addc(b, '.');
	ss_pg_add_ident(b, o->seq_owner_col);
	ss_buf_adds(b, ";\n");
}

/* CREATE SERVER: its head, version, wrapper and options. */
static void create_server(struct ss_buf *b, const struct ss_pg_object *o)
{
	ss_buf_adds(b, o->def);
	if (o->options) {
		ss_buf_adds(b, " VERSION ");
		ss_pg_add_literal(b, o->options);
	}
	ss_buf_adds(b, " FOREIGN DATA WRAPPER ");
	ss_pg_add_ident(b, o->result ? o->result : "");
	for (size_t i = 0; i < o->nlabels; i++)
		ss_buf_addf(b, "%s%s", i ? ", " : " OPTIONS (", o->labels[i]);
	ss_buf_adds(b, o->nlabels ? ");\n" : ";\n");
}

/* def without trailing whitespace and semicolon, then ";\n" */
static void add_statement(struct ss_buf *b, const char *def)
{
	size_t len = strlen(def);

	while (len && (def[len - 1] == '\n' || def[len - 1] == ' ' || def[len - 1] == ';'))
		len--;
	ss_buf_add(b, def, len);
	ss_buf_adds(b, ";\n");
}

void ss_pg_ddl_create(struct ss_buf *b, const struct ss_pg_object *o)
{
	switch (o->kind) {
	case SS_PG_EXTENSION:
		ss_buf_adds(b, "CREATE EXTENSION IF NOT EXISTS ");
		ss_pg_add_ident(b, o->name);
		ss_buf_adds(b, " WITH SCHEMA ");
		ss_pg_add_ident(b, o->schema);
		if (o->result) {
			ss_buf_adds(b, " VERSION ");
			ss_pg_add_literal(b, o->result);
		}
		ss_buf_adds(b, ";\n");
		break;
	case SS_PG_SCHEMA:
		ss_buf_adds(b, "CREATE SCHEMA ");
		ss_pg_add_ident(b, o->name);
		ss_buf_adds(b, ";\n");
		break;
	case SS_PG_SEQUENCE:
		ss_buf_adds(b, "CREATE SEQUENCE ");
		ss_pg_ddl_name(b, o);
		ss_buf_addf(b, " AS %s INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld START WITH %lld"
			    " CACHE %lld %sCYCLE;\n", o->seq_type, o->seq_inc, o->seq_min, o->seq_max,
			    o->seq_start, o->seq_cache, o->seq_cycle ? "" : "NO ");
		break;
	case SS_PG_TABLE:
	case SS_PG_FOREIGN_TABLE:
		create_table(b, o);
		break;
	case SS_PG_SERVER:
		create_server(b, o);
		break;
	case SS_PG_DEFACL:
		for (size_t i = 0; i < o->nacl; i++)
			ss_pg_ddl_defacl(b, o, o->acl[i], 0);
		return;
	case SS_PG_OTHER:
		return;
	case SS_PG_VIEW:
	case SS_PG_MATVIEW:
		ss_buf_adds(b, o->kind == SS_PG_VIEW ? "CREATE VIEW " : "CREATE MATERIALIZED VIEW ");
		ss_pg_ddl_name(b, o);
		if (o->options)
			ss_buf_addf(b, " WITH (%s)", o->options);
		ss_buf_adds(b, " AS\n");
		add_statement(b, o->def);
		break;
	case SS_PG_CONSTRAINT:
		ss_pg_ddl_alter_table(b, o);
		ss_buf_adds(b, "ADD CONSTRAINT ");
		ss_pg_add_ident(b, o->name);
		ss_buf_addc(b, ' ');
		add_statement(b, o->def);
		break;
	default: /* types, functions, indexes, triggers: the definition is the statement */
		add_statement(b, o->def);
		break;
	}
	if (o->comment)
		ss_pg_ddl_comment(b, o, o->comment);
}

void ss_pg_ddl_drop(struct ss_buf *b, const struct ss_pg_object *o)
{
	if (o->kind == SS_PG_DEFACL) {
		for (size_t i = 0; i < o->nacl; i++)
			ss_pg_ddl_defacl(b, o, o->acl[i], 1);
		return;
	}
	if (o->kind == SS_PG_OTHER)
		return;
	if (o->kind == SS_PG_CONSTRAINT) {
		ss_pg_ddl_alter_table(b, o);
		ss_buf_adds(b, "DROP CONSTRAINT ");
		ss_pg_add_ident(b, o->name);
		ss_buf_adds(b, ";\n");
		return;
	}
	ss_buf_adds(b, "DROP ");
	ss_pg_ddl_ref(b, o);
	ss_buf_adds(b, ";\n");
}

void ss_pg_ddl_rename(struct ss_buf *b, const struct ss_pg_object *o, const char *newname)
{
	ss_buf_adds(b, "ALTER ");
	ss_pg_ddl_ref(b, o);
	ss_buf_adds(b, " RENAME TO ");
	ss_pg_add_ident(b, newname);
	ss_buf_adds(b, ";\n");
}

void ss_pg_ddl_comment(struct ss_buf *b, const struct ss_pg_object *o, const char *comment)
{
	ss_buf_adds(b, "COMMENT ON ");
	ss_pg_ddl_ref(b, o);
	ss_buf_adds(b, " IS ");
	if (comment)
		ss_pg_add_literal(b, comment);
	else
		ss_buf_adds(b, "NULL");
	ss_buf_adds(b, ";\n");
}

void ss_pg_ddl_column_comment(struct ss_buf *b, const struct ss_pg_object *table,
			      const char *column, const char *comment)
{
	ss_buf_adds(b, "COMMENT ON COLUMN ");
	ss_pg_ddl_name(b, table);
	ss_buf_addc(b, '.');
	ss_pg_add_ident(b, column);
	ss_buf_adds(b, " IS ");
	if (comment)
		ss_pg_add_literal(b, comment);
	else
		ss_buf_adds(b, "NULL");
	ss_buf_adds(b, ";\n");
}

/* The object as GRANT names it: TABLE "s"."t", FUNCTION "s"."f"(args), SCHEMA "s", ... */
static void grant_ref(struct ss_buf *b, const struct ss_pg_object *o)
{
	switch (o->kind) {
	case SS_PG_SCHEMA: ss_buf_adds(b, "SCHEMA "); break;
	case SS_PG_SEQUENCE: ss_buf_adds(b, "SEQUENCE "); break;
	case SS_PG_FUNCTION:
	case SS_PG_AGGREGATE: ss_buf_adds(b, "ROUTINE "); break;
	case SS_PG_TYPE: ss_buf_addf(b, "%s ", type_word(o)); break;
	case SS_PG_SERVER: ss_buf_adds(b, "FOREIGN SERVER "); break;
	default: ss_buf_adds(b, "TABLE "); break;
	}
	ss_pg_ddl_name(b, o);
	if (o->kind == SS_PG_FUNCTION || o->kind == SS_PG_AGGREGATE)
		ss_buf_addf(b, "(%s)", o->args ? o->args : "");
}

/* Split an acl item "PRIV[*] grantee" into its privilege and grantee; *grantable set. */
static const char *acl_split(const char *item, char *priv, size_t cap, int *grantable)
{
	size_t n = strcspn(item, " ");

	*grantable = n > 0 && item[n - 1] == '*';
	if (*grantable)
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(priv, item, n);
	priv[n] = '\0';
	item += strcspn(item, " ");
	return *item ? item + 1 : item;
}

const char *ss_pg_acl_grantee(const char *item)
{
	const char *sp = strchr(item, ' ');

	return sp ? sp + 1 : "";
}

void ss_pg_ddl_grant(struct ss_buf *b, const struct ss_pg_object *o, const char *column,
		     const char *item, int revoke)
{
	char priv[32];
	int grantable;
	const char *grantee = acl_split(item, priv, sizeof(priv), &grantable);

	ss_buf_addf(b, "%s %s", revoke ? "REVOKE" : "GRANT", priv);
	if (column) {
		ss_buf_adds(b, " (");
		ss_pg_add_ident(b, column);
		ss_buf_addc(b, ')');
	}
	ss_buf_adds(b, " ON ");
	grant_ref(b, o);
	ss_buf_addf(b, " %s %s%s;\n", revoke ? "FROM" : "TO", grantee,
		    grantable && !revoke ? " WITH GRANT OPTION" : "");
}

void ss_pg_ddl_defacl(struct ss_buf *b, const struct ss_pg_object *o, const char *item, int undo)
{
	static const struct { char type; const char *word; } objtypes[] = {
		{ 'r', "TABLES" }, { 'S', "SEQUENCES" }, { 'f', "FUNCTIONS" }, { 'T', "TYPES" },
		{ 'n', "SCHEMAS" },
	};
	const char *what = "TABLES";
	char priv[32];
	int grantable, grant = (item[0] == '+') != undo;
	const char *grantee = acl_split(item + 1, priv, sizeof(priv), &grantable);

	for (size_t i = 0; i < sizeof(objtypes) / sizeof(objtypes[0]); i++)
		if (objtypes[i].type == o->sub)
			what = objtypes[i].word;
	ss_buf_adds(b, "ALTER DEFAULT PRIVILEGES FOR ROLE ");
	ss_pg_add_ident(b, o->owner ? o->owner : "");
	if (o->schema) {
		ss_buf_adds(b, " IN SCHEMA ");
		ss_pg_add_ident(b, o->schema);
	}
	ss_buf_addf(b, " %s %s ON %s %s %s%s;\n", grant ? "GRANT" : "REVOKE", priv, what,
		    grant ? "TO" : "FROM", grantee, grant && grantable ? " WITH GRANT OPTION" : "");
}

void ss_pg_ddl_policy(struct ss_buf *b, const struct ss_pg_object *o, const char *const *roles,
		      size_t n)
{
	ss_buf_addf(b, "%s TO ", o->result ? o->result : "");
	for (size_t i = 0; i < n; i++)
		ss_buf_addf(b, "%s%s", i ? ", " : "", roles[i]);
	ss_buf_addf(b, "%s;\n", o->options ? o->options : "");
	if (o->comment)
		ss_pg_ddl_comment(b, o, o->comment);
}
