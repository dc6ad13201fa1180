/*
 * pg_catalog.h - a PostgreSQL catalog model: the objects of some schemas of
 * one database, read from pg_catalog in one set-based query per object kind,
 * with the dependencies between them.  Shared by schema-diff and the
 * PostgreSQL sql-sync (whose schema step is a diff against an empty model).
 *
 * Ownership: a struct ss_pg_catalog owns every object, column, string and
 * array in it; ss_pg_catalog_free() frees it all.  Definitions (def, type
 * names, defaults) are as PostgreSQL prints them with an empty search_path,
 * so every user object in them is schema-qualified.
 */
#ifndef SS_PG_CATALOG_H
#define SS_PG_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include <sitesync/error.h>

typedef struct pg_conn PGconn;

/* Kinds, in the order objects are created (the tie-break of the topological order). */
enum ss_pg_kind {
	SS_PG_EXTENSION,
	SS_PG_SCHEMA,
	SS_PG_SERVER,       /* foreign server (database-wide) */
	SS_PG_COLLATION,
	SS_PG_TYPE,
	SS_PG_SEQUENCE,
	SS_PG_FUNCTION,
	SS_PG_AGGREGATE,
	SS_PG_OPERATOR,
	SS_PG_CAST,         /* no schema: schema is its user type's (or function's) */
	SS_PG_TSDICT,
	SS_PG_TSCONFIG,
	SS_PG_TABLE,
	SS_PG_FOREIGN_TABLE,
	SS_PG_VIEW,
	SS_PG_MATVIEW,
	SS_PG_CONSTRAINT,
	SS_PG_INDEX,
	SS_PG_TRIGGER,
	SS_PG_RULE,
	SS_PG_POLICY,
	SS_PG_STATISTICS,
	SS_PG_PUBLICATION,  /* database-wide */
	SS_PG_DEFACL,       /* default privileges of a role (in a schema) */
	SS_PG_OTHER,        /* not covered by the model: kept for its dependents, never compared */
	SS_PG_NKINDS
};

/* Catalog oids used as classid in dependencies (fixed in every PostgreSQL). */
#define SS_PG_CLASS_REL       1259u /* pg_class */
#define SS_PG_CLASS_PROC      1255u /* pg_proc */
#define SS_PG_CLASS_TYPE      1247u /* pg_type */
#define SS_PG_CLASS_CONSTR    2606u /* pg_constraint */
#define SS_PG_CLASS_TRIGGER   2620u /* pg_trigger */
#define SS_PG_CLASS_NAMESPACE 2615u /* pg_namespace */
#define SS_PG_CLASS_EXTENSION 3079u /* pg_extension */
#define SS_PG_CLASS_OPERATOR  2617u /* pg_operator */
#define SS_PG_CLASS_COLLATION 3456u /* pg_collation */
#define SS_PG_CLASS_CAST      2605u /* pg_cast */
#define SS_PG_CLASS_REWRITE   2618u /* pg_rewrite */
#define SS_PG_CLASS_POLICY    3256u /* pg_policy */
#define SS_PG_CLASS_STATEXT   3381u /* pg_statistic_ext */
#define SS_PG_CLASS_TSCONFIG  3602u /* pg_ts_config */
#define SS_PG_CLASS_TSDICT    3600u /* pg_ts_dict */
#define SS_PG_CLASS_SERVER    1417u /* pg_foreign_server */
#define SS_PG_CLASS_PUB       6104u /* pg_publication */
#define SS_PG_CLASS_DEFACL    826u  /* pg_default_acl */

struct ss_pg_column {
	char *name;
	int num;            /* attnum */
	char *type;         /* format_type(): "character varying(20)", "public.mood" */
	char *def;          /* pg_get_expr() of the default, or NULL */
	int notnull;
	char identity;      /* 'a' always, 'd' by default, 0 none */
	char *identity_seq; /* identity: its sequence (in the table's schema) when not named
			     * "<table>_<column>_seq" as PostgreSQL chooses; else NULL */
	char *identity_opts; /* identity: "START WITH 5 INCREMENT BY 2 ..." when any
			      * parameter of its sequence is not the default; else NULL */
	char generated;     /* 's' stored, 0 none (def holds the expression) */
	char *collation;    /* "pg_catalog"."C" quoted, when not the type's default; or NULL */
	char *comment;
	int local;          /* declared here, not only inherited */
	char *fdwoptions;   /* foreign table column: "a 'x', b 'y'" or NULL */
	char **acl;         /* column privileges (see ss_pg_object.acl) */
	size_t nacl;
};

struct ss_pg_object {
	enum ss_pg_kind kind;
	unsigned int cls;   /* catalog oid: SS_PG_CLASS_* */
	unsigned int oid;
	char *schema;
	char *name;
	char *table;        /* constraint, index, trigger: its table (same schema) */
	char *args;         /* function: identity arguments; NULL otherwise */
	char *key;          /* unique lookup key within the kind (unquoted, dotted) */
	char sub;           /* detail: relkind, typtype, prokind, contype */
	char *def;          /* definition (see below) */
	char *comment;
	char *result;       /* function: pg_get_function_result(); extension: version */
	char *options;      /* view: reloptions "a=b,c=d", or NULL */

	/* tables */
	char persistence;   /* 'p', 'u' */
	char *partkey;      /* pg_get_partkeydef() or NULL */
	char *partbound;    /* FOR VALUES ... of a partition, or NULL */
	char **parents;     /* "schema"."name" quoted, inheritance or partition parent */
	size_t nparents;
	struct ss_pg_column *cols;
	size_t ncols;

	/* sequences */
	char *seq_owner;    /* owning table name (same schema), or NULL */
	char *seq_owner_col;
	char *seq_type;
	long long seq_start, seq_inc, seq_min, seq_max, seq_cache;
	int seq_cycle;

	/* enum labels in order; composite attributes as "name type" pairs */
	char **labels;
	size_t nlabels;
	char **attrs;       /* composite: nlabels pairs: attrs[2i] name, attrs[2i+1] type */

	/*
	 * Privileges other than the owner's own, each "PRIV[*] grantee" (grantee
	 * a quoted role or PUBLIC; * with grant option), sorted; NULL acl
	 * (defaults) is read as the kind's default.  Default privileges: each
	 * "+PRIV[*] grantee" granted or "-PRIV grantee" revoked from the default.
	 */
	char **acl;
	size_t nacl;
	char *owner;        /* owning role (unquoted) */

	/* tables: row level security */
	int rls, rls_force;

	/* policies: roles ("PUBLIC" or quoted), their SQL is def without roles */
	char **roles;
	size_t nroles;

	int skip;           /* a partition's copy of its parent's index or constraint:
			     * made and dropped with the partition */
};

/* "obj depends on ref" (normalized: rules → their view, defaults → their table). */
struct ss_pg_dep {
	size_t obj;         /* index into objs */
	int obj_sub;        /* column number of obj, 0 for the whole object */
	int via_default;    /* the dependency comes from obj's column default */
	size_t ref;
	int ref_sub;        /* column number of ref, 0 for the whole object */
};

struct ss_pg_catalog {
	struct ss_pg_object *objs;
	size_t nobjs, capobjs;
	struct ss_pg_dep *deps;
	size_t ndeps, capdeps;
	char **schemas;     /* the schemas read */
	size_t nschemas;
	int queries;        /* catalog queries issued to build it */
	int server_version; /* PQserverVersion() */

	/* lookups (see pg_catalog_index.c) */
	struct ss_pg_hash *by_key;  /* kind + key → index */
	struct ss_pg_hash *by_oid;  /* cls + oid → index */
};

/*
 * Read the objects of `schemas` (nschemas of them; 0: every non-system
 * schema) from conn.  Fails naming a schema that does not exist.  The
 * connection's search_path is set to '' for the session.
 */
int ss_pg_catalog_load(PGconn *conn, const char *const *schemas, size_t nschemas,
		       struct ss_pg_catalog **out, struct ss_error *err);

/*
 * The kinds beyond tables, views, functions and types (catalog_objects.c),
 * added to cat; schemas: the text array literal of the schemas read.
 */
int ss_pg_catalog_load_objects(PGconn *conn, const char *schemas, struct ss_pg_catalog *cat,
			       struct ss_error *err);

/* An empty model (the other side of a sync's schema step). */
struct ss_pg_catalog *ss_pg_catalog_new(void);
void ss_pg_catalog_free(struct ss_pg_catalog *cat);

/* Add an object (copied by value; the catalog takes over its strings). */
size_t ss_pg_catalog_add(struct ss_pg_catalog *cat, const struct ss_pg_object *obj);
void ss_pg_catalog_add_dep(struct ss_pg_catalog *cat, const struct ss_pg_dep *dep);

/* Build the lookup tables; call once all objects are added. */
void ss_pg_catalog_index(struct ss_pg_catalog *cat);

/* Lookups: NULL when absent. */
struct ss_pg_object *ss_pg_catalog_find(const struct ss_pg_catalog *cat,
					enum ss_pg_kind kind, const char *key);
struct ss_pg_object *ss_pg_catalog_find_oid(const struct ss_pg_catalog *cat,
					    unsigned int cls, unsigned int oid);
/* Register another (cls, oid) for an object, e.g. the index of a constraint. */
void ss_pg_catalog_alias_oid(struct ss_pg_catalog *cat, unsigned int cls, unsigned int oid,
			     size_t index);

const char *ss_pg_kind_name(enum ss_pg_kind kind); /* "table", "view", ... */

/* A string-keyed and an integer-keyed hash to size_t (pg_catalog_index.c). */
struct ss_pg_hash;
struct ss_pg_hash *ss_pg_hash_new(size_t expected);
void ss_pg_hash_free(struct ss_pg_hash *h);
void ss_pg_hash_put(struct ss_pg_hash *h, const char *key, uint64_t ikey, size_t value);
int ss_pg_hash_get(const struct ss_pg_hash *h, const char *key, uint64_t ikey, size_t *value);

/*
 * Rename schema `from` to `to` everywhere in the model (schema names, keys,
 * definitions, types, defaults): what schema-diff does to the source when
 * --source-schema and --target-schema differ.
 */
void ss_pg_catalog_remap(struct ss_pg_catalog *cat, const char *from, const char *to);

/* Set o->key from its kind, schema, name, table and args. */
void ss_pg_object_set_key(struct ss_pg_object *o);

/* Parse a PostgreSQL text array "{a,\"b c\"}" into n new strings (caller frees each and the array). */
char **ss_pg_parse_array(const char *text, size_t *n);

#endif
