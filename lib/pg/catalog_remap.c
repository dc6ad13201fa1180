/* catalog_remap.c - object keys, and renaming one schema throughout a PostgreSQL catalog model. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/catalog.h"
#include "lib/pg/quote.h"

void ss_pg_object_set_key(struct ss_pg_object *o)
{
	free(o->key);
	switch (o->kind) {
	case SS_PG_EXTENSION:
	case SS_PG_SCHEMA:
	case SS_PG_SERVER:
	case SS_PG_PUBLICATION:
	case SS_PG_CAST:
		o->key = ss_xstrdup(o->name);
		break;
	case SS_PG_FUNCTION:
	case SS_PG_AGGREGATE:
	case SS_PG_OPERATOR:
		o->key = ss_xasprintf("%s.%s(%s)", o->schema, o->name, o->args ? o->args : "");
		break;
	case SS_PG_CONSTRAINT:
	case SS_PG_TRIGGER:
	case SS_PG_RULE:
	case SS_PG_POLICY:
		o->key = ss_xasprintf("%s.%s.%s", o->schema, o->table, o->name);
		break;
	case SS_PG_DEFACL:
		o->key = ss_xasprintf("%s %s %c", o->owner ? o->owner : "", o->schema ? o->schema : "",
				      o->sub);
		break;
	case SS_PG_OTHER:
		o->key = ss_xasprintf("%s %s", o->result ? o->result : "", o->name);
		break;
	default:
		o->key = ss_xasprintf("%s.%s", o->schema, o->name);
		break;
	}
}

/* Replace *s by its remapped copy. */
static void remap(char **s, const char *from, const char *to)
{
	char *n;

	if (!*s)
		return;
	n = ss_pg_remap_schema(*s, from, to);
	free(*s);
	*s = n;
}

static void rename_schema(char **s, const char *from, const char *to)
{
	if (*s && !strcmp(*s, from)) {
		free(*s);
		*s = ss_xstrdup(to);
	}
}

void ss_pg_catalog_remap(struct ss_pg_catalog *cat, const char *from, const char *to)
{
	for (size_t i = 0; i < cat->nobjs; i++) {
		struct ss_pg_object *o = &cat->objs[i];

		rename_schema(&o->schema, from, to);
		if (o->kind == SS_PG_SCHEMA)
			rename_schema(&o->name, from, to);
		if (o->kind == SS_PG_OTHER)
			continue;
		remap(&o->args, from, to);
		remap(&o->def, from, to);
		remap(&o->result, from, to);
		if (o->kind == SS_PG_CAST)
			remap(&o->name, from, to);
		if (o->kind == SS_PG_POLICY || o->kind == SS_PG_FOREIGN_TABLE)
			remap(&o->options, from, to);
		remap(&o->partkey, from, to);
		remap(&o->partbound, from, to);
		for (size_t j = 0; j < o->nparents; j++)
			remap(&o->parents[j], from, to);
		for (size_t j = 0; j < o->ncols; j++) {
			remap(&o->cols[j].type, from, to);
			remap(&o->cols[j].def, from, to);
			remap(&o->cols[j].collation, from, to);
		}
		if (o->attrs)
			for (size_t j = 0; j < o->nlabels; j++)
				remap(&o->attrs[2 * j + 1], from, to);
		remap(&o->seq_type, from, to);
		if (o->kind != SS_PG_EXTENSION || o->schema)
			ss_pg_object_set_key(o);
	}
	for (size_t i = 0; i < cat->nschemas; i++)
		rename_schema(&cat->schemas[i], from, to);
	/* keep the oid aliases: rebuild only the key table */
	ss_pg_hash_free(cat->by_key);
	cat->by_key = ss_pg_hash_new(cat->nobjs);
	for (size_t i = 0; i < cat->nobjs; i++)
		ss_pg_hash_put(cat->by_key, cat->objs[i].key, (uint64_t)cat->objs[i].kind, i);
}
