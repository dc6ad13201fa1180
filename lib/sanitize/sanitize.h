/*
 * sanitize.h - rules that rewrite personal data while rows stream out of
 * the source, so that it never lands on the target (sql-sync --sanitize).
 *
 *   ss_san_parse()        a `sanitize:` value of an alias or sitesync.yml
 *   ss_san_add_profiles() the built-in profiles (drupal, wordpress)
 *   ss_san_finish()       profiles expanded after the explicit rules
 *   ss_san_load_key()     the HMAC key of `hash` (key-env, key-file, or random)
 *   ss_san_bind()         the rules checked against the source's tables and
 *                         turned into SQL: per table a select list (one
 *                         expression per copied column), a row filter and a
 *                         count, for the engines' source SELECT / COPY
 *
 * The rules (YAML):
 *
 *   sanitize:
 *     required: true            # every sync into this alias sanitizes
 *     profile: drupal           # or a list; wordpress
 *     prefix: d8_               # table prefix of the profiles' tables
 *     key-env: SANITIZE_KEY     # or key-file: ~/.secrets/sanitize-key
 *     tables:
 *       users_field_data:       # a table, "schema.table", or * wildcards
 *         columns:
 *           mail: {email: "user+{uid}@localhost.localdomain", when: "uid > 0"}
 *           pass: null          # also ~ or nothing
 *           name: hash
 *           phone: random
 *           bio: {static: "(removed)"}
 *           city: {sql: "UPPER(city)"}
 *         where: "status = 1"   # keep only these rows
 *         optional: true        # no error when the table or a column is missing
 *       sessions: truncate
 *
 * A shorter `sanitize: drupal` names a profile; `sanitize: required` only
 * makes sanitizing mandatory (the rules come from elsewhere).  The first
 * rule given for a column wins (explicit rules before profiles'); where
 * conditions of one table add up; truncate wins over everything.
 *
 * The engines give the tables a rule names (ss_san_matches) described in
 * struct ss_san_table; ss_san_bind refuses what cannot work before anything
 * changes: an unknown table or column (unless optional), a rule on a
 * generated column, null on a NOT NULL column, a rule that would break a
 * unique index (named), hash or random on a type they cannot produce.
 *
 * Everything is pure: no connection, no printing.  Ownership: a struct
 * ss_sanitize owns its rules and strings (ss_san_release); a struct
 * ss_san_run owns its plans and uses and points at the rules, which must
 * outlive it (ss_san_run_free).
 */
#ifndef SS_SANITIZE_H
#define SS_SANITIZE_H

#include <stdatomic.h>
#include <stddef.h>

#include <sitesync/buf.h>
#include <sitesync/error.h>
#include <sitesync/json.h>
#include <sitesync/node.h>

enum ss_san_kind {
	/* column rules */
	SS_SAN_NULL,
	SS_SAN_STATIC,
	SS_SAN_HASH,
	SS_SAN_EMAIL,
	SS_SAN_RANDOM,
	SS_SAN_SQL,
	/* table rules */
	SS_SAN_TRUNCATE,
	SS_SAN_WHERE,
};

struct ss_san_rule {
	enum ss_san_kind kind;
	char *table;      /* pattern: "users", "user__field_*", "public.users" */
	char *column;     /* pattern of a column rule; NULL for truncate and where */
	char *arg;        /* static value, email template, sql expression, where
			   * condition; NULL otherwise (email: the default template) */
	char *when;       /* column rules: rewrite only rows where this source SQL holds */
	int optional;     /* matching no table or column is no error */
	char *origin;     /* "FILE:LINE:COL" or "profile 'drupal'", for messages */
};

/* The longest HMAC key: one SHA-256 block. */
#define SS_SAN_KEY_MAX 64

struct ss_sanitize {
	struct ss_san_rule *rules;
	size_t nrules;
	char **profiles;        /* names asked for; ss_san_finish() adds their rules */
	char **profile_origins;
	size_t nprofiles;
	char *prefix;           /* table prefix of the profiles; NULL: each one's default */
	int required;           /* every sync into the target must sanitize */
	char *required_by;      /* where that was said ("FILE:LINE:COL") */
	char *key_env;          /* where the key comes from: a variable's name, */
	char *key_file;         /* or a file ("~/" or absolute) */
	char *key_origin;
	int finished;
	/* filled by ss_san_load_key(); secret */
	unsigned char key[SS_SAN_KEY_MAX];
	size_t keylen;
	int key_random;         /* none was given: a random key for this run */
};

void ss_san_init(struct ss_sanitize *s);
/* Frees the rules and strings; wipes the key. */
void ss_san_release(struct ss_sanitize *s);

/*
 * Add the `sanitize:` value n, read from file (for messages and relative
 * key files), to s.  Errors are "FILE:LINE:COL: ..." (SS_FAILED).
 */
int ss_san_parse(struct ss_sanitize *s, const struct ss_node *n, const char *file,
		 struct ss_error *err);

/* Ask for the profiles of a comma list ("drupal,wordpress"); unknown: SS_USAGE. */
int ss_san_add_profiles(struct ss_sanitize *s, const char *list, const char *origin,
			struct ss_error *err);
/* "drupal, wordpress" */
const char *ss_san_profile_names(void);

/* Add the profiles' rules after the explicit ones; -1 when s has no rule at all. */
int ss_san_finish(struct ss_sanitize *s, struct ss_error *err);

/*
 * The key of `hash`: the first line of key-file, or the value of key-env,
 * else 32 random bytes (hashes then match within this run only).  *warning
 * (may be NULL) names a key file readable by others; it points into a
 * per-thread buffer.
 */
int ss_san_load_key(struct ss_sanitize *s, const char **warning, struct ss_error *err);

const char *ss_san_kind_name(enum ss_san_kind k);

/* Wipe a string that held a secret (the key's pads in SQL) and free it; NULL is fine. */
void ss_san_wipe_string(char *s);

/*
 * Nonzero when a rule of s names the table schema.name (schema NULL for
 * MySQL) or one of parents ("schema.name": a partitioned or inheritance
 * parent, whose rules its children follow).
 */
int ss_san_matches(const struct ss_sanitize *s, const char *schema, const char *name,
		   const char *const *parents, size_t nparents);

/* One line saying what s does: "required, profile drupal, 3 rules, key from ..." */
void ss_san_describe(const struct ss_sanitize *s, struct ss_buf *out);

/* ---- binding to tables ---- */

enum ss_san_dialect { SS_SAN_MYSQL, SS_SAN_PGSQL };

struct ss_san_plan;
struct ss_san_run;

/* Which values a column holds, as far as hash and random care. */
enum ss_san_type {
	SS_SAN_T_TEXT,
	SS_SAN_T_BINARY,
	SS_SAN_T_INT,
	SS_SAN_T_NUMBER,     /* decimal, float */
	SS_SAN_T_DATE,
	SS_SAN_T_DATETIME,
	SS_SAN_T_UUID,
	SS_SAN_T_OTHER,
};

/* A column as an engine describes it. */
struct ss_san_column {
	const char *name;
	const char *sqltype;    /* as declared; PostgreSQL casts every expression to it */
	const char *charset;    /* MySQL text columns: their character set; else NULL */
	enum ss_san_type type;
	long long length;       /* text: characters, binary: bytes; 0: no limit known */
	long long int_max;      /* integers: the largest value the type holds */
	int notnull;
	int generated;          /* computed on the target: never copied */
};

/* A unique index (or primary key) of a table. */
struct ss_san_unique {
	const char *name;
	const char *const *columns;   /* NULL entries are expressions */
	size_t ncolumns;
};

/* A table as an engine describes it. */
struct ss_san_table {
	const char *schema;     /* NULL for MySQL */
	const char *name;
	const char *const *parents;   /* "schema.name" whose rules apply too */
	size_t nparents;
	const struct ss_san_column *cols;  /* in the order the engine copies them */
	size_t ncols;
	const struct ss_san_unique *uniques;
	size_t nuniques;
	int copied;             /* its rows are copied (selected, not structure only) */
	long long est_rows;     /* its rows, as the source's statistics have them */
};

/* The kind of a MySQL information_schema DATA_TYPE ("varchar"). */
enum ss_san_type ss_san_mysql_type(const char *data_type);
/* The largest value of a MySQL integer DATA_TYPE; 0 for other types. */
long long ss_san_mysql_int_max(const char *data_type, int is_unsigned);
/* The kind of a PostgreSQL format_type() ("character varying(254)"), its length and int_max. */
enum ss_san_type ss_san_pg_type(const char *type, long long *length, long long *int_max);

/*
 * The tables an engine describes for ss_san_bind, built up one column and
 * one unique index column at a time; owns every string it keeps (names
 * given to ss_san_tables_add and columns' names and types are the
 * caller's, and must outlive it).  Release with ss_san_tables_release().
 */
struct ss_san_tables {
	struct ss_san_table *tables;
	size_t n;
	struct ss_san_plan ***slot; /* per table: where its plan goes (in the engine's table), or NULL */
	char **owned;
	size_t nowned;
};
/*
 * A table of the source (pointers returned before the next add only);
 * slot is where ss_san_tables_bind puts its plan, NULL when the plan does
 * not copy it.
 */
struct ss_san_table *ss_san_tables_add(struct ss_san_tables *d, const char *schema,
				       const char *name, struct ss_san_plan **slot, int copied);
struct ss_san_table *ss_san_tables_find(struct ss_san_tables *d, const char *schema,
					const char *name);
/* A new column of t, zeroed but for its name (kept). */
struct ss_san_column *ss_san_tables_column(struct ss_san_tables *d, struct ss_san_table *t,
					   const char *name);
/* Column `column` (NULL or "": an expression) is the next of t's unique index `index`. */
void ss_san_tables_unique(struct ss_san_tables *d, struct ss_san_table *t, const char *index,
			  const char *column);
/* A copy of s that d keeps. */
const char *ss_san_tables_keep(struct ss_san_tables *d, const char *s);
void ss_san_tables_release(struct ss_san_tables *d);
/*
 * ss_san_bind() over d's tables; each slot gets its table's plan when that
 * changes anything (else stays NULL).  Releases d.
 */
int ss_san_tables_bind(const struct ss_sanitize *s, enum ss_san_dialect dialect,
		       struct ss_san_tables *d, struct ss_san_run **out, struct ss_error *err);

/* One rule applied to one table (and column) in a run, with its count. */
struct ss_san_use {
	const struct ss_san_rule *rule;
	char *table;            /* "t", or "schema.t" */
	char *column;           /* NULL for a table rule */
	int slot;               /* its column in the table's count, -1: none */
	atomic_llong values;    /* values rewritten; rows left out for truncate and where
				 * (the source's estimate less the rows copied) */
};

/* What an engine does to one table. */
struct ss_san_plan {
	char *select;           /* select list of the copied columns; NULL: as they are */
	char *filter;           /* the rows to copy; NULL: every row */
	char *count;            /* select list of one count over the table, in the snapshot,
				 * of the rows each `when` rewrites; NULL: none */
	int truncate;           /* no row is copied: the engine copies it as structure only */
	long long est_rows;     /* the table's rows, as the source's statistics have them */
	int nslots;             /* columns of the count */
	size_t *uses;           /* indexes into the run's uses */
	size_t nuses;
};

struct ss_san_run {
	const struct ss_sanitize *rules;
	enum ss_san_dialect dialect;
	struct ss_san_plan *plans;      /* one per table given to ss_san_bind */
	size_t nplans;
	struct ss_san_use *uses;
	size_t nuses;
	int hashes;             /* the source session needs the key (ss_san_key_pads) */
	char ipad[2 * SS_SAN_KEY_MAX + 1], opad[2 * SS_SAN_KEY_MAX + 1]; /* hex; secret */
};

/* Names the source session keeps the key pads in. */
#define SS_SAN_MYSQL_IPAD "@sitesync_hmac_ipad"
#define SS_SAN_MYSQL_OPAD "@sitesync_hmac_opad"
#define SS_SAN_PG_IPAD "sitesync.hmac_ipad"
#define SS_SAN_PG_OPAD "sitesync.hmac_opad"

/*
 * Check s (finished, key loaded) against tables[0..n) (every source table
 * ss_san_matches) and build the run: run->plans[i] is tables[i]'s.  -1 with
 * err naming the rule, table, column or index that does not fit.
 */
int ss_san_bind(const struct ss_sanitize *s, enum ss_san_dialect d,
		const struct ss_san_table *tables, size_t n, struct ss_san_run **out,
		struct ss_error *err);
void ss_san_run_free(struct ss_san_run *r);

/* Nonzero when the plan changes anything. */
int ss_san_plan_active(const struct ss_san_plan *p);

/* A worker ran p->count: v[0..n) are its columns. */
void ss_san_plan_counted(struct ss_san_run *r, const struct ss_san_plan *p,
			 const long long *v, size_t n);
/* The table of p is copied: rows rows went through its column rules. */
void ss_san_plan_copied(struct ss_san_run *r, const struct ss_san_plan *p, long long rows);
/* Nonzero when u's count is the source's estimate (truncate, where). */
int ss_san_use_estimated(const struct ss_san_use *u);

/* "mail: email 'user+{uid}@localhost.localdomain' when uid > 0" (for -s). */
void ss_san_use_describe(const struct ss_san_use *u, struct ss_buf *out);
/* {"table","column","rule","arg","when","origin"[,"values"]} of one use. */
void ss_san_use_json(const struct ss_san_use *u, int values, struct ss_json *j);
/* Every use of the run, with its values: [{...}...]. */
void ss_san_run_json(const struct ss_san_run *r, struct ss_json *j);
long long ss_san_run_values(const struct ss_san_run *r);

#endif
