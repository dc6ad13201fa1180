/* objects.c - the list of database objects sql-drop found. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/sql-drop/objects.h"

static const char *const singular[OBJ_KINDS] = {
	"table", "view", "materialized view", "sequence", "foreign table", "routine", "event",
	"type", "extension", "trigger", "foreign key",
};
static const char *const plural[OBJ_KINDS] = {
	"tables", "views", "materialized views", "sequences", "foreign tables", "routines",
	"events", "types", "extensions", "triggers", "foreign keys",
};

const char *obj_kind_name(enum obj_kind k)
{
	return singular[k];
}

void objects_add(struct objects *o, enum obj_kind kind, const char *schema, const char *name,
		 const char *detail)
{
	o->v = ss_xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	o->v[o->n].kind = kind;
	o->v[o->n].schema = ss_xstrdup(schema);
	o->v[o->n].name = ss_xstrdup(name);
	o->v[o->n].detail = detail && *detail ? ss_xstrdup(detail) : NULL;
	o->n++;
	o->count[kind]++;
}

void objects_add_schema(struct objects *o, const char *schema, const char *owner)
{
	o->schemas = ss_xrealloc(o->schemas, (o->nschemas + 1) * sizeof(char *));
	o->schema_owners = ss_xrealloc(o->schema_owners, (o->nschemas + 1) * sizeof(char *));
	o->schemas[o->nschemas] = ss_xstrdup(schema);
	o->schema_owners[o->nschemas] = ss_xstrdup(owner);
	o->nschemas++;
}

void objects_release(struct objects *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].schema);
		free(o->v[i].name);
		free(o->v[i].detail);
	}
	for (size_t i = 0; i < o->nschemas; i++) {
		free(o->schemas[i]);
		free(o->schema_owners[i]);
	}
	free(o->v);
	free(o->schemas);
	free(o->schema_owners);
	memset(o, 0, sizeof(*o));
}

void objects_summary(const struct objects *o, struct ss_buf *out)
{
	int first = 1;

	for (int k = 0; k < OBJ_KINDS; k++) {
		if (!o->count[k])
			continue;
		ss_buf_addf(out, "%s%zu %s", first ? "" : ", ", o->count[k],
			    o->count[k] == 1 ? singular[k] : plural[k]);
		first = 0;
	}
	if (first)
		ss_buf_adds(out, "no objects");
}
