/* restore.c - swap the backup of the last sync back into the target. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/sync/journal.h"
#include "lib/mysql/util.h"

/* Base table names of db, NUL-separated in out; *n gets their number. */
static int table_names(MYSQL *m, const char *db, struct ss_buf *out, size_t *n,
		       struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	*n = 0;
	ss_buf_adds(&q, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE ="
		    " 'BASE TABLE' AND TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, db);
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	while ((row = mysql_fetch_row(res))) {
		ss_buf_add(out, row[0], strlen(row[0]) + 1);
		(*n)++;
	}
	mysql_free_result(res);
	return 0;
}

/* Nonzero when name is in the NUL-separated list. */
static int listed(const struct ss_buf *names, const char *name)
{
	for (size_t off = 0; off < names->len; off += strlen(names->data + off) + 1)
		if (!strcmp(names->data + off, name))
			return 1;
	return 0;
}

static void add_moves(struct ss_buf *q, const struct ss_buf *names, const char *from,
		      const char *from_prefix, const char *to, const char *to_prefix)
{
	for (size_t off = 0; off < names->len; off += strlen(names->data + off) + 1) {
		char *a = ss_xasprintf("%s%s", from_prefix, names->data + off);
		char *b = ss_xasprintf("%s%s", to_prefix, names->data + off);

		ss_buf_adds(q, q->len > 13 ? ", " : "");
		ss_my_add_qualified(q, from, a);
		ss_buf_adds(q, " TO ");
		ss_my_add_qualified(q, to, b);
		free(a);
		free(b);
	}
}

/* Where the backup is and what it holds. */
struct restore {
	const char *db;               /* the target database */
	char *backup_db, *tmp_db;     /* == db in prefix mode */
	const char *backup_prefix, *tmp_prefix;
	struct ss_buf old;            /* backup tables, without prefix */
	size_t nold;
	struct ss_buf out;            /* current tables that go to the backup */
	struct ss_mysaved saved;      /* what to recreate */
	struct ss_my_catalog cur;     /* the target now */
	const struct ss_my_object **drop; /* current objects dropped (and saved) */
	size_t ndrop;
};

/*
 * Keep the names of the backup tables (all but the store) of db, those
 * starting with prefix, without it; *store tells whether the store is there.
 */
static int backup_tables(MYSQL *m, struct restore *r, const char *db, const char *prefix,
			 int *store, struct ss_error *err)
{
	struct ss_buf names = SS_BUF_INIT;
	size_t n, plen = strlen(prefix);
	int rc;

	*store = 0;
	rc = table_names(m, db, &names, &n, err);
	for (size_t off = 0; rc == 0 && off < names.len; off += strlen(names.data + off) + 1) {
		const char *name = names.data + off;

		if (strncmp(name, prefix, plen))
			continue;
		if (!strcmp(name + plen, SS_MYSYNC_STORE))
			*store = 1;
		if (ss_myjournal_is_meta(name + plen))
			continue;
		ss_buf_add(&r->old, name + plen, strlen(name + plen) + 1);
		r->nold++;
	}
	ss_buf_release(&names);
	return rc;
}

/*
 * The backup: the backup database's tables, else the target's prefixed
 * ones.  A backup with a store but no tables is that of an empty target.
 */
static int find_backup(MYSQL *m, struct restore *r, struct ss_error *err)
{
	int store;

	r->backup_prefix = r->tmp_prefix = "";
	if (backup_tables(m, r, r->backup_db, "", &store, err) < 0)
		return -1;
	if (r->nold || store)
		return 0;
	/* prefix mode: _ssb_<table> in the target database */
	if (backup_tables(m, r, r->db, SS_MYSYNC_BACKUP_PREFIX, &store, err) < 0)
		return -1;
	if (!r->nold && !store)
		return ss_error_set(err, SS_FAILED, "no backup of '%s' to restore (database '%s'"
				    " and '%s*' tables are missing or empty)", r->db, r->backup_db,
				    SS_MYSYNC_BACKUP_PREFIX);
	free(r->backup_db);
	free(r->tmp_db);
	r->backup_db = ss_xstrdup(r->db);
	r->tmp_db = ss_xstrdup(r->db);
	r->backup_prefix = SS_MYSYNC_BACKUP_PREFIX;
	r->tmp_prefix = SS_MYSYNC_SHADOW_PREFIX;
	return 0;
}

static int is_ours(const char *name)
{
	return !strncmp(name, SS_MYSYNC_SHADOW_PREFIX, strlen(SS_MYSYNC_SHADOW_PREFIX)) ||
	       !strncmp(name, SS_MYSYNC_BACKUP_PREFIX, strlen(SS_MYSYNC_BACKUP_PREFIX));
}

static int put_in(const struct restore *r, const char *table)
{
	for (size_t i = 0; i < r->saved.ntables; i++)
		if (!strcmp(r->saved.tables[i], table))
			return 1;
	return 0;
}

/*
 * Which current tables leave and which objects go with them: the tables
 * the sync put in and those the backup replaces (tables kept by
 * --keep-extra-tables stay); every table when the backup has no record.  Triggers of leaving
 * tables go; views, routines and events too after a full sync (they came
 * from the source), and views named like an incoming table.
 */
static void plan_moves(struct restore *r)
{
	int all = !r->saved.found;
	int full = r->saved.found && r->saved.full;

	for (size_t i = 0; i < r->cur.ntables; i++) {
		const char *name = r->cur.tables[i].name;

		if (is_ours(name) || ss_myjournal_is_meta(name))
			continue;
		if (all || listed(&r->old, name) || put_in(r, name))
			ss_buf_add(&r->out, name, strlen(name) + 1);
	}
	r->drop = ss_xcalloc(r->cur.nobjects + 1, sizeof(*r->drop));
	for (size_t i = 0; i < r->cur.nobjects; i++) {
		const struct ss_my_object *o = &r->cur.objects[i];
		int go;

		if (o->kind == SS_MY_TRIGGER)
			go = o->table && listed(&r->out, o->table);
		else if (o->kind == SS_MY_VIEW)
			go = full || listed(&r->old, o->name);
		else
			go = full;
		if (go)
			r->drop[r->ndrop++] = o;
	}
}

/* An empty place for the leaving tables on their way to the backup. */
static int fresh_tmp(MYSQL *m, struct restore *r, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc = 0;

	if (*r->tmp_prefix) {
		for (size_t i = 0; i < r->cur.ntables && rc == 0; i++) {
			if (strncmp(r->cur.tables[i].name, r->tmp_prefix, strlen(r->tmp_prefix)))
				continue;
			ss_buf_reset(&q);
			ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
			ss_my_add_qualified(&q, r->db, r->cur.tables[i].name);
			rc = ss_my_exec(m, "target", q.data, err);
		}
	} else {
		ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
		ss_my_add_ident(&q, r->tmp_db);
		rc = ss_my_exec(m, "target", q.data, err);
		ss_buf_reset(&q);
		ss_buf_adds(&q, "CREATE DATABASE ");
		ss_my_add_ident(&q, r->tmp_db);
		if (rc == 0)
			rc = ss_my_exec(m, "target", q.data, err);
	}
	ss_buf_release(&q);
	return rc;
}

/* The record of this restore, so that the next one undoes it: renamed in by the swap. */
static int save(MYSQL *m, struct restore *r, struct ss_error *err)
{
	const char **tables = ss_xcalloc(r->nold + 1, sizeof(*tables));
	size_t n = 0;
	int rc;

	for (size_t off = 0; off < r->old.len; off += strlen(r->old.data + off) + 1)
		tables[n++] = r->old.data + off;
	rc = ss_mysaved_write(m, r->backup_db, r->backup_prefix, SS_MYSYNC_STORE_NEW,
			      !r->saved.found || r->saved.full, 0, r->drop, r->ndrop, tables, n, err);
	free(tables);
	return rc;
}

static const char *const kind_sql[] = { "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT" };

/* B: the objects that go, each with the CREATE that undoes the drop. */
static void add_drops(struct ss_myjournal *j, const struct restore *r)
{
	for (size_t i = 0; i < r->ndrop; i++) {
		const struct ss_my_object *o = r->drop[i];
		struct ss_buf q = SS_BUF_INIT;
		struct ss_mystep *s;

		ss_buf_addf(&q, "DROP %s IF EXISTS ", kind_sql[o->kind]);
		ss_my_add_qualified(&q, r->db, o->name);
		s = ss_myjournal_add_object(j, 'B', "drop", o, ss_buf_detach(&q));
		s->undo = o->create_sql ? ss_xstrdup(o->create_sql) : NULL;
	}
}

/*
 * R: one statement: current -> tmp, backup -> target, tmp -> backup, and
 * the backup's record replaced by this restore's (the old one to tmp); the
 * check is the new record, there only before it.
 */
static void add_rename(struct ss_myjournal *j, const struct restore *r)
{
	struct ss_buf q = SS_BUF_INIT, meta = SS_BUF_INIT;
	struct ss_mystep *s;
	char *from, *to;

	ss_buf_adds(&q, "RENAME TABLE ");
	add_moves(&q, &r->out, r->db, "", r->tmp_db, r->tmp_prefix);
	add_moves(&q, &r->old, r->backup_db, r->backup_prefix, r->db, "");
	add_moves(&q, &r->out, r->tmp_db, r->tmp_prefix, r->backup_db, r->backup_prefix);
	if (r->saved.found) {
		ss_buf_add(&meta, SS_MYSYNC_STORE, strlen(SS_MYSYNC_STORE) + 1);
		add_moves(&q, &meta, r->backup_db, r->backup_prefix, r->tmp_db, r->tmp_prefix);
	}
	from = ss_xasprintf("%s%s", r->backup_prefix, SS_MYSYNC_STORE_NEW);
	to = ss_xasprintf("%s%s", r->backup_prefix, SS_MYSYNC_STORE);
	ss_buf_adds(&q, q.len > 13 ? ", " : "");
	ss_my_add_qualified(&q, r->backup_db, from);
	ss_buf_adds(&q, " TO ");
	ss_my_add_qualified(&q, r->backup_db, to);
	s = ss_myjournal_add(j, 'R', ss_xstrdup("rename"), ss_buf_detach(&q));
	s->check_db = ss_xstrdup(r->backup_db);
	s->check_table = from;
	free(to);
	ss_buf_release(&meta);
}

/* A: the saved objects.  F: tmp.  U (a roll-back): the new record and tmp. */
static void add_after(struct ss_myjournal *j, const struct restore *r)
{
	struct ss_buf q = SS_BUF_INIT;
	char *name;

	for (size_t i = 0; i < r->saved.nobjects; i++) {
		const struct ss_my_object *o = &r->saved.objects[i];

		if (o->create_sql)
			ss_myjournal_add_object(j, 'A', "create", o, ss_xstrdup(o->create_sql));
	}
	if (*r->tmp_prefix) {
		name = ss_xasprintf("%s%s", r->tmp_prefix, SS_MYSYNC_STORE);
		ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
		ss_my_add_qualified(&q, r->tmp_db, name);
		free(name);
	} else {
		ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
		ss_my_add_ident(&q, r->tmp_db);
	}
	ss_myjournal_add(j, 'F', ss_xstrdup("drop-tmp"), ss_xstrdup(q.data));
	if (!*r->tmp_prefix)
		ss_myjournal_add(j, 'U', ss_xstrdup("drop-tmp"), ss_xstrdup(q.data));
	ss_buf_reset(&q);
	name = ss_xasprintf("%s%s", r->backup_prefix, SS_MYSYNC_STORE_NEW);
	ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
	ss_my_add_qualified(&q, r->backup_db, name);
	free(name);
	ss_myjournal_add(j, 'U', ss_xstrdup("drop-record"), ss_buf_detach(&q));
}

static void restore_release(struct restore *r)
{
	free(r->backup_db);
	free(r->tmp_db);
	ss_buf_release(&r->old);
	ss_buf_release(&r->out);
	ss_mysaved_release(&r->saved);
	ss_my_catalog_release(&r->cur);
	free(r->drop);
}

/* Prepare and journal the swap of r, then run it. */
static int swap(MYSQL *tgt, struct restore *r, int *state, struct ss_error *err)
{
	struct ss_myjournal j;
	int rc;

	*state = SS_MYSYNC_SWAP_UNCHANGED;
	if (ss_myjournal_begin(tgt, r->db, err) < 0)
		return ss_error_prefix(err, "restore of '%s' failed before its tables moved", r->db);
	ss_myjournal_init(&j, r->backup_db, r->backup_prefix, r->db, "restore");
	rc = fresh_tmp(tgt, r, err);
	if (rc == 0)
		rc = save(tgt, r, err);
	if (rc == 0) {
		add_drops(&j, r);
		add_rename(&j, r);
		add_after(&j, r);
		rc = ss_myjournal_write(tgt, &j, err);
	}
	if (rc < 0)
		ss_error_prefix(err, "restore of '%s' failed before its tables moved", r->db);
	else
		rc = ss_myjournal_run(tgt, &j, state, err);
	ss_myjournal_unlock(tgt, r->db);
	ss_myjournal_release(&j);
	return rc;
}

int ss_mysync_restore(MYSQL *tgt, const char *target_db, unsigned flags,
		      struct ss_mysync_restored *done, struct ss_error *err)
{
	struct restore r = { .db = target_db };
	int rc = -1, state;

	memset(done, 0, sizeof(*done));
	r.backup_db = ss_xasprintf("%s%s", target_db, SS_MYSYNC_BACKUP_SUFFIX);
	r.tmp_db = ss_xasprintf("%s%s", target_db, SS_MYSYNC_SHADOW_SUFFIX);
	if (find_backup(tgt, &r, err) < 0 ||
	    ss_mysaved_read(tgt, r.backup_db, r.backup_prefix, &r.saved, err) < 0 ||
	    ss_my_catalog_read(tgt, "target", target_db, SS_MY_CATALOG_OBJECTS, &r.cur, err) < 0)
		goto out;
	snprintf(done->when, sizeof(done->when), "%s", r.saved.when);
	done->created = r.saved.created;
	if (r.saved.created && !(flags & SS_MYSYNC_RESTORE_CREATED)) {
		ss_error_set(err, SS_REFUSED, "database '%s' was created by the sql-sync of %s:"
			     " there is no earlier state to restore", target_db,
			     *r.saved.when ? r.saved.when : "an unknown date");
		goto out;
	}
	plan_moves(&r);
	if (swap(tgt, &r, &state, err) < 0) {
		if (state == SS_MYSYNC_SWAP_RENAMED)
			done->tables = r.nold;
		if (state == SS_MYSYNC_SWAP_RENAMED)
			ss_error_prefix(err, "the tables of '%s' are restored but not all its objects",
					target_db);
		else if (state == SS_MYSYNC_SWAP_OPEN)
			ss_error_prefix(err, "restore of '%s' interrupted; the next sitesync command"
					" on it completes or undoes it", target_db);
		else
			ss_error_prefix(err, "restore of '%s' failed, its tables are unchanged",
					target_db);
		goto out;
	}
	done->tables = r.nold;
	done->empty = !r.nold && r.saved.full;
	for (size_t off = 0; off < r.out.len; off += strlen(r.out.data + off) + 1)
		done->left++;
	done->prefix_mode = *r.backup_prefix != 0;
	done->objects = r.saved.nobjects;
	done->recorded = r.saved.found;
	rc = 0;
out:
	restore_release(&r);
	return rc;
}
