/* catalog_index.c - the PostgreSQL catalog model's storage and lookups (hash tables). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/catalog.h"

struct ss_pg_hash_slot {
	char *key;          /* NULL for integer keys */
	uint64_t ikey;
	size_t value;
	int used;
};

struct ss_pg_hash {
	struct ss_pg_hash_slot *slots;
	size_t cap, n;
};

static uint64_t hash_of(const char *key, uint64_t ikey)
{
	uint64_t h = 1469598103934665603ULL ^ ikey;

	if (key)
		for (const unsigned char *p = (const unsigned char *)key; *p; p++)
			h = (h ^ *p) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

struct ss_pg_hash *ss_pg_hash_new(size_t expected)
{
	struct ss_pg_hash *h = ss_xcalloc(1, sizeof(*h));

	h->cap = 16;
	while (h->cap < expected * 2)
		h->cap *= 2;
	h->slots = ss_xcalloc(h->cap, sizeof(*h->slots));
	return h;
}

void ss_pg_hash_free(struct ss_pg_hash *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->cap; i++)
		free(h->slots[i].key);
	free(h->slots);
	free(h);
}

static struct ss_pg_hash_slot *slot_for(const struct ss_pg_hash *h, const char *key,
					uint64_t ikey)
{
	size_t i = (size_t)hash_of(key, ikey) & (h->cap - 1);

	for (;; i = (i + 1) & (h->cap - 1)) {
		struct ss_pg_hash_slot *s = &h->slots[i];

		if (!s->used)
			return s;
		if (s->ikey == ikey && ((!key && !s->key) || (key && s->key && !strcmp(key, s->key))))
			return s;
	}
}

static void grow(struct ss_pg_hash *h)
{
	struct ss_pg_hash_slot *old = h->slots;
	size_t oldcap = h->cap;

	h->cap *= 2;
	h->slots = ss_xcalloc(h->cap, sizeof(*h->slots));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].used)
			*slot_for(h, old[i].key, old[i].ikey) = old[i];
	free(old);
}

void ss_pg_hash_put(struct ss_pg_hash *h, const char *key, uint64_t ikey, size_t value)
{
	struct ss_pg_hash_slot *s;

	if ((h->n + 1) * 2 > h->cap)
		grow(h);
	s = slot_for(h, key, ikey);
	if (!s->used) {
		s->used = 1;
		s->key = ss_xstrdup(key);
		s->ikey = ikey;
		h->n++;
	}
	s->value = value;
}

int ss_pg_hash_get(const struct ss_pg_hash *h, const char *key, uint64_t ikey, size_t *value)
{
	const struct ss_pg_hash_slot *s;

	if (!h)
		return 0;
	s = slot_for(h, key, ikey);
	if (!s->used)
		return 0;
	*value = s->value;
	return 1;
}

static const char *const kind_names[SS_PG_NKINDS] = {
	[SS_PG_EXTENSION] = "extension",
	[SS_PG_SCHEMA] = "schema",
	[SS_PG_SERVER] = "server",
	[SS_PG_COLLATION] = "collation",
	[SS_PG_TYPE] = "type",
	[SS_PG_SEQUENCE] = "sequence",
	[SS_PG_FUNCTION] = "function",
	[SS_PG_AGGREGATE] = "aggregate",
	[SS_PG_OPERATOR] = "operator",
	[SS_PG_CAST] = "cast",
	[SS_PG_TSDICT] = "text search dictionary",
	[SS_PG_TSCONFIG] = "text search configuration",
	[SS_PG_TABLE] = "table",
	[SS_PG_FOREIGN_TABLE] = "foreign table",
	[SS_PG_VIEW] = "view",
	[SS_PG_MATVIEW] = "materialized view",
	[SS_PG_CONSTRAINT] = "constraint",
	[SS_PG_INDEX] = "index",
	[SS_PG_TRIGGER] = "trigger",
	[SS_PG_RULE] = "rule",
	[SS_PG_POLICY] = "policy",
	[SS_PG_STATISTICS] = "statistics",
	[SS_PG_PUBLICATION] = "publication",
	[SS_PG_DEFACL] = "default privileges",
	[SS_PG_OTHER] = "object",
};

const char *ss_pg_kind_name(enum ss_pg_kind kind)
{
	return (unsigned)kind < SS_PG_NKINDS ? kind_names[kind] : "object";
}

struct ss_pg_catalog *ss_pg_catalog_new(void)
{
	struct ss_pg_catalog *cat = ss_xcalloc(1, sizeof(*cat));

	ss_pg_catalog_index(cat);
	return cat;
}

static void free_strv(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void object_release(struct ss_pg_object *o)
{
	free(o->schema);
	free(o->name);
	free(o->table);
	free(o->args);
	free(o->key);
	free(o->def);
	free(o->comment);
	free(o->result);
	free(o->options);
	free(o->partkey);
	free(o->partbound);
	free_strv(o->parents, o->nparents);
	for (size_t i = 0; i < o->ncols; i++) {
		struct ss_pg_column *c = &o->cols[i];

		free(c->name);
		free(c->type);
		free(c->def);
		free(c->collation);
		free(c->identity_seq);
		free(c->identity_opts);
		free(c->comment);
		free(c->fdwoptions);
		free_strv(c->acl, c->nacl);
	}
	free(o->cols);
	free(o->seq_owner);
	free(o->seq_owner_col);
	free(o->seq_type);
	free_strv(o->labels, o->nlabels);
	free_strv(o->attrs, o->attrs ? 2 * o->nlabels : 0);
	free_strv(o->acl, o->nacl);
	free_strv(o->roles, o->nroles);
	free(o->owner);
}

void ss_pg_catalog_free(struct ss_pg_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->nobjs; i++)
		object_release(&cat->objs[i]);
	free(cat->objs);
	free(cat->deps);
	free_strv(cat->schemas, cat->nschemas);
	ss_pg_hash_free(cat->by_key);
	ss_pg_hash_free(cat->by_oid);
	free(cat);
}

size_t ss_pg_catalog_add(struct ss_pg_catalog *cat, const struct ss_pg_object *obj)
{
	if (cat->nobjs == cat->capobjs) {
		cat->capobjs = cat->capobjs ? 2 * cat->capobjs : 64;
		cat->objs = ss_xrealloc(cat->objs, cat->capobjs * sizeof(*cat->objs));
	}
	cat->objs[cat->nobjs] = *obj;
	return cat->nobjs++;
}

void ss_pg_catalog_add_dep(struct ss_pg_catalog *cat, const struct ss_pg_dep *dep)
{
	if (cat->ndeps == cat->capdeps) {
		cat->capdeps = cat->capdeps ? 2 * cat->capdeps : 256;
		cat->deps = ss_xrealloc(cat->deps, cat->capdeps * sizeof(*cat->deps));
	}
	cat->deps[cat->ndeps++] = *dep;
}

static uint64_t oid_key(unsigned int cls, unsigned int oid)
{
	return ((uint64_t)cls << 32) | oid;
}

void ss_pg_catalog_index(struct ss_pg_catalog *cat)
{
	ss_pg_hash_free(cat->by_key);
	ss_pg_hash_free(cat->by_oid);
	cat->by_key = ss_pg_hash_new(cat->nobjs);
	cat->by_oid = ss_pg_hash_new(cat->nobjs);
	for (size_t i = 0; i < cat->nobjs; i++) {
		struct ss_pg_object *o = &cat->objs[i];

		ss_pg_hash_put(cat->by_key, o->key, (uint64_t)o->kind, i);
		if (o->oid)
			ss_pg_hash_put(cat->by_oid, NULL, oid_key(o->cls, o->oid), i);
	}
}

void ss_pg_catalog_alias_oid(struct ss_pg_catalog *cat, unsigned int cls, unsigned int oid,
			     size_t index)
{
	ss_pg_hash_put(cat->by_oid, NULL, oid_key(cls, oid), index);
}

struct ss_pg_object *ss_pg_catalog_find(const struct ss_pg_catalog *cat,
					enum ss_pg_kind kind, const char *key)
{
	size_t i;

	if (!ss_pg_hash_get(cat->by_key, key, (uint64_t)kind, &i))
		return NULL;
	return &cat->objs[i];
}

struct ss_pg_object *ss_pg_catalog_find_oid(const struct ss_pg_catalog *cat,
					    unsigned int cls, unsigned int oid)
{
	size_t i;

	if (!ss_pg_hash_get(cat->by_oid, NULL, oid_key(cls, oid), &i))
		return NULL;
	return &cat->objs[i];
}

char **ss_pg_parse_array(const char *text, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *p = text;

	*n = 0;
	if (!p || *p != '{')
		return NULL;
	p++;
	while (*p && *p != '}') {
		struct ss_buf item = SS_BUF_INIT;
		int quoted = *p == '"';

		if (quoted) {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				ss_buf_addc(&item, *p);
			}
			if (*p == '"')
				p++;
		} else {
			for (; *p && *p != ',' && *p != '}'; p++)
				ss_buf_addc(&item, *p);
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			v = ss_xrealloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = ss_buf_detach(&item);
		if (*p == ',')
			p++;
	}
	return v;
}
