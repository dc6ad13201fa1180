/* delta.c - chunks, chunk sums and row sets of an incremental sync (see delta.h). */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sync/delta.h"

/* Bytes of rows a chunk covers, and its bounds in rows. */
#define CHUNK_BYTES 8192
#define CHUNK_MIN_ROWS 2
#define CHUNK_MAX_ROWS 16
/* Key ranges wider than this are not added up in 64 bits. */
#define RANGE_MAX (1LL << 61)

long long ss_delta_rows_per_chunk(long long avg_bytes)
{
	long long r = avg_bytes > 0 ? CHUNK_BYTES / avg_bytes : CHUNK_MAX_ROWS;

	return r < CHUNK_MIN_ROWS ? CHUNK_MIN_ROWS : r > CHUNK_MAX_ROWS ? CHUNK_MAX_ROWS : r;
}

long long ss_delta_range_width(long long per, long long span, long long rows)
{
	long double w;

	if (rows < 2 || span < 0)
		return per > 0 ? per : 1;
	/* rows keys over span: a key every span / (rows - 1) */
	w = (long double)span * (long double)per / (long double)(rows - 1) + 0.5L;
	if (w < 1)
		return 1;
	return w > (long double)RANGE_MAX ? RANGE_MAX : (long long)w;
}

int ss_delta_spec_range(struct ss_delta_spec *s, long long min, long long max, long long width)
{
	if (max < min || min < -RANGE_MAX || max > RANGE_MAX || width < 1 || width > RANGE_MAX)
		return -1;
	memset(s, 0, sizeof(*s));
	s->by_range = 1;
	s->lo = min;
	s->width = width;
	/* max - min < 2^62 and width >= 1: n * width stays below 2^62 + width */
	s->n = (max - min) / width + 1;
	return 0;
}

void ss_delta_spec_hash(struct ss_delta_spec *s, long long rows, long long avg_bytes)
{
	long long per = ss_delta_rows_per_chunk(avg_bytes);

	memset(s, 0, sizeof(*s));
	s->n = rows > 0 ? (rows + per - 1) / per : 1;
	if (s->n < 1)
		s->n = 1;
	/* a 31-bit hash is cut in buckets: more would stay empty */
	if (s->n > (1LL << 30))
		s->n = 1LL << 30;
}

void ss_delta_chunk_bounds(const struct ss_delta_spec *s, long long id, int *has_lo,
			   long long *lo, int *has_hi, long long *hi)
{
	*has_lo = id >= 0;
	*has_hi = id < s->n;
	if (id < 0)
		id = -1;
	if (id > s->n)
		id = s->n;
	*lo = s->lo + id * s->width;
	*hi = s->lo + (id + 1) * s->width;
	if (id == -1)
		*hi = s->lo;
}

void ss_delta_chunk_filter(struct ss_buf *q, const struct ss_delta_spec *s, const char *col,
			   const char *cast, const char *chunk, const long long *ids, size_t n)
{
	int has_lo = 0, has_hi = 0, unused;
	long long lo = 0, hi = 0, x;

	if (s->by_range && n) {
		ss_delta_chunk_bounds(s, ids[0], &has_lo, &lo, &unused, &x);
		ss_delta_chunk_bounds(s, ids[n - 1], &unused, &x, &has_hi, &hi);
	}
	if (has_lo)
		ss_buf_addf(q, "%s >= (%lld)%s AND ", col, lo, cast);
	if (has_hi)
		ss_buf_addf(q, "%s < (%lld)%s AND ", col, hi, cast);
	ss_buf_addf(q, "%s IN (", chunk);
	for (size_t i = 0; i < n; i++)
		ss_buf_addf(q, "%s%lld", i ? "," : "", ids[i]);
	ss_buf_adds(q, ")");
}

void ss_delta_ids_add(struct ss_delta_ids *ids, long long id)
{
	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? 2 * ids->cap : 64;
		ids->v = ss_xrealloc(ids->v, ids->cap * sizeof(*ids->v));
	}
	ids->v[ids->n++] = id;
}

void ss_delta_ids_release(struct ss_delta_ids *ids)
{
	free(ids->v);
	memset(ids, 0, sizeof(*ids));
}

/* The next sum of one stream; checks the order. */
static int next_sum(ss_delta_next_fn fn, void *arg, struct ss_delta_sum *s, int *have,
		    const char *side, struct ss_error *err)
{
	long long prev = s->id;
	int had = *have, rc = fn(arg, s, err);

	if (rc < 0)
		return -1;
	*have = rc > 0;
	if (*have && had && s->id <= prev)
		return ss_error_set(err, SS_FAILED, "%s: chunk %lld came after chunk %lld", side,
				    s->id, prev);
	return 0;
}

int ss_delta_compare(ss_delta_next_fn src, void *src_arg, ss_delta_next_fn tgt, void *tgt_arg,
		     struct ss_delta_ids *differ, long long *compared, struct ss_error *err)
{
	struct ss_delta_sum a = { 0 }, b = { 0 };
	int ha = 0, hb = 0;

	*compared = 0;
	if (next_sum(src, src_arg, &a, &ha, "source", err) < 0 ||
	    next_sum(tgt, tgt_arg, &b, &hb, "target", err) < 0)
		return -1;
	while (ha || hb) {
		(*compared)++;
		if (ha && hb && a.id == b.id) {
			if (a.rows != b.rows || strcmp(a.sum, b.sum))
				ss_delta_ids_add(differ, a.id);
			if (next_sum(src, src_arg, &a, &ha, "source", err) < 0 ||
			    next_sum(tgt, tgt_arg, &b, &hb, "target", err) < 0)
				return -1;
		} else if (ha && (!hb || a.id < b.id)) {
			ss_delta_ids_add(differ, a.id);
			if (next_sum(src, src_arg, &a, &ha, "source", err) < 0)
				return -1;
		} else {
			ss_delta_ids_add(differ, b.id);
			if (next_sum(tgt, tgt_arg, &b, &hb, "target", err) < 0)
				return -1;
		}
	}
	return 0;
}

void ss_delta_pack(struct ss_buf *out, const char *const *fields, const size_t *lens, int n)
{
	for (int i = 0; i < n; i++) {
		uint32_t len = fields[i] ? (uint32_t)lens[i] : UINT32_MAX;
		unsigned char be[4] = { len >> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff };

		ss_buf_add(out, be, 4);
		if (fields[i])
			ss_buf_add(out, fields[i], lens[i]);
	}
}

static uint32_t get32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

int ss_delta_unpack(const char *packed, size_t len, int i, const char **p, size_t *n)
{
	size_t off = 0;

	for (int k = 0; off + 4 <= len; k++) {
		uint32_t l = get32(packed + off);
		size_t body = l == UINT32_MAX ? 0 : l;

		off += 4;
		if (off + body > len)
			return -1;
		if (k == i) {
			if (l == UINT32_MAX)
				return -1;
			*p = packed + off;
			*n = body;
			return 0;
		}
		off += body;
	}
	return -1;
}

void ss_delta_keys_add(struct ss_delta_keys *k, const char *packed, size_t len)
{
	unsigned char be[4] = { (len >> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff,
				len & 0xff };

	ss_buf_add(&k->buf, be, 4);
	ss_buf_add(&k->buf, packed, len);
	k->n++;
}

int ss_delta_keys_next(const struct ss_delta_keys *k, size_t *off, const char **packed,
		       size_t *len)
{
	if (*off + 4 > k->buf.len)
		return 0;
	*len = get32(k->buf.data + *off);
	*packed = k->buf.data + *off + 4;
	*off += 4 + *len;
	return 1;
}

void ss_delta_keys_reset(struct ss_delta_keys *k)
{
	ss_buf_reset(&k->buf);
	k->n = 0;
}

void ss_delta_keys_release(struct ss_delta_keys *k)
{
	ss_buf_release(&k->buf);
	k->n = 0;
}

/* A source row: where its packed key and hash are in the arena. */
struct row {
	size_t off;
	uint32_t klen, hlen;
	int matched;
	int dup;               /* the key came twice */
};

struct ss_delta_rows {
	struct ss_buf arena;    /* packed keys, each followed by its row hash */
	struct row *rows;
	size_t n, cap;
	uint32_t *slots;        /* open addressing: row index + 1, 0 empty */
	size_t nslots;
	struct ss_buf scratch;  /* a key being looked up */
};

struct ss_delta_rows *ss_delta_rows_new(void)
{
	struct ss_delta_rows *r = ss_xcalloc(1, sizeof(*r));

	ss_buf_init(&r->arena);
	ss_buf_init(&r->scratch);
	return r;
}

void ss_delta_rows_clear(struct ss_delta_rows *r)
{
	ss_buf_reset(&r->arena);
	r->n = 0;
	if (r->slots)
		memset(r->slots, 0, r->nslots * sizeof(*r->slots));
}

void ss_delta_rows_free(struct ss_delta_rows *r)
{
	if (!r)
		return;
	ss_buf_release(&r->arena);
	ss_buf_release(&r->scratch);
	free(r->rows);
	free(r->slots);
	free(r);
}

size_t ss_delta_rows_count(const struct ss_delta_rows *r)
{
	return r->n;
}

/* FNV-1a, 64 bits. */
static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot of key (a row index + 1 there, or an empty slot). */
static size_t find_slot(const struct ss_delta_rows *r, const char *key, size_t klen)
{
	size_t mask = r->nslots - 1, i = (size_t)hash_bytes(key, klen) & mask;

	for (;; i = (i + 1) & mask) {
		const struct row *w;

		if (!r->slots[i])
			return i;
		w = &r->rows[r->slots[i] - 1];
		if (w->klen == klen && !memcmp(r->arena.data + w->off, key, klen))
			return i;
	}
}

static void grow_slots(struct ss_delta_rows *r)
{
	size_t n = r->nslots ? 2 * r->nslots : 1024;

	free(r->slots);
	r->slots = ss_xcalloc(n, sizeof(*r->slots));
	r->nslots = n;
	for (size_t i = 0; i < r->n; i++) {
		const struct row *w = &r->rows[i];

		r->slots[find_slot(r, r->arena.data + w->off, w->klen)] = (uint32_t)(i + 1);
	}
}

void ss_delta_rows_add(struct ss_delta_rows *r, const char *const *key, const size_t *lens,
		       int nkey, const char *hash, size_t hlen)
{
	struct row *w;
	size_t off = r->arena.len, slot;

	if (2 * (r->n + 1) > r->nslots)
		grow_slots(r);
	ss_delta_pack(&r->arena, key, lens, nkey);
	slot = find_slot(r, r->arena.data + off, r->arena.len - off);
	if (r->slots[slot]) {
		/* the same key twice (not with a key): never equal, so fetched */
		w = &r->rows[r->slots[slot] - 1];
		r->arena.len = off;
		r->arena.data[off] = '\0';
		w->dup = 1;
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->rows = ss_xrealloc(r->rows, r->cap * sizeof(*r->rows));
	}
	w = &r->rows[r->n];
	r->slots[slot] = (uint32_t)++r->n;
	w->off = off;
	w->klen = (uint32_t)(r->arena.len - off);
	w->matched = w->dup = 0;
	w->hlen = (uint32_t)hlen;
	ss_buf_add(&r->arena, hash, hlen);
}

int ss_delta_rows_check(struct ss_delta_rows *r, const char *const *key, const size_t *lens,
			int nkey, const char *hash, size_t hlen)
{
	struct row *w;
	size_t slot;

	if (!r->n)
		return 1;
	ss_buf_reset(&r->scratch);
	ss_delta_pack(&r->scratch, key, lens, nkey);
	slot = find_slot(r, r->scratch.data, r->scratch.len);
	if (!r->slots[slot])
		return 1;
	w = &r->rows[r->slots[slot] - 1];
	if (w->dup || w->hlen != hlen || memcmp(r->arena.data + w->off + w->klen, hash, hlen))
		return 1;
	w->matched = 1;
	return 0;
}

void ss_delta_rows_unmatched(const struct ss_delta_rows *r, struct ss_delta_keys *out)
{
	for (size_t i = 0; i < r->n; i++)
		if (!r->rows[i].matched)
			ss_delta_keys_add(out, r->arena.data + r->rows[i].off, r->rows[i].klen);
}

/* Rows of one batch of chunks compared at a time, about. */
#define BATCH_ROWS 16384

/* The size of a statement listing keys, about. */
#define STATEMENT_BYTES (256 * 1024)

/* apply (delete_where or load_where) to keys, a statement at a time; *n: rows done. */
static int for_keys(const struct ss_delta_ops *ops, void *x, const struct ss_delta_keys *keys,
		    int (*apply)(void *, const char *, long long *, struct ss_error *),
		    long long *n, struct ss_error *err)
{
	struct ss_buf where = SS_BUF_INIT;
	size_t off = 0;
	long long done;
	int rc = 0;

	*n = 0;
	while (rc == 0 && off < keys->buf.len) {
		ss_buf_reset(&where);
		rc = ops->keys_sql(x, &where, keys, &off, STATEMENT_BYTES, err);
		if (rc == 0)
			rc = apply(x, where.data, &done, err);
		if (rc == 0)
			*n += done;
	}
	ss_buf_release(&where);
	return rc;
}

/* The differing chunks in batches; 1 when the keys did not all match back. */
static int apply_chunks(const struct ss_delta_ops *ops, void *x, struct ss_delta_table *inc,
			const struct ss_delta_ids *differ, long long rows, atomic_int *abort,
			struct ss_error *err)
{
	long long per = rows / (inc->spec.n > 0 ? inc->spec.n : 1) + 1;
	size_t batch = (size_t)(BATCH_ROWS / per > 0 ? BATCH_ROWS / per : 1);
	struct ss_delta_rows *set = ss_delta_rows_new();
	struct ss_delta_keys gone = SS_DELTA_KEYS_INIT, fetch = SS_DELTA_KEYS_INIT;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < differ->n; i += batch) {
		size_t n = differ->n - i < batch ? differ->n - i : batch;
		long long deleted = 0, loaded = 0;

		ss_delta_keys_reset(&gone);
		ss_delta_keys_reset(&fetch);
		if (atomic_load(abort)) {
			rc = ss_error_set(err, SS_FAILED, "interrupted");
			break;
		}
		ss_delta_rows_clear(set);
		if (ops->compare_rows(x, differ->v + i, n, set, &gone, &fetch, err) < 0 ||
		    for_keys(ops, x, &gone, ops->delete_where, &deleted, err) < 0 ||
		    for_keys(ops, x, &fetch, ops->load_where, &loaded, err) < 0) {
			rc = -1;
			break;
		}
		atomic_fetch_add(&inc->deleted, deleted);
		if (deleted != (long long)gone.n || loaded != (long long)fetch.n)
			rc = 1;
	}
	ss_delta_rows_free(set);
	ss_delta_keys_release(&gone);
	ss_delta_keys_release(&fetch);
	return rc;
}

static int reload(const struct ss_delta_ops *ops, void *x, struct ss_delta_table *inc,
		  const char *why, struct ss_error *err)
{
	inc->mode = SS_DELTA_WHOLE;
	inc->why = why;
	return ops->reload_whole(x, err);
}

int ss_delta_run(const struct ss_delta_ops *ops, void *x, struct ss_delta_table *inc,
		 long long rows, atomic_int *abort, struct ss_error *err)
{
	struct ss_delta_ids differ = { 0 };
	long long compared = 0;
	int rc;

	rc = ops->compare_chunks(x, &differ, &compared, err);
	atomic_store(&inc->chunks, compared);
	atomic_store(&inc->differ, (long long)differ.n);
	if (rc == 0 && compared >= 4 &&
	    (long long)differ.n * 100 > compared * SS_DELTA_WHOLE_PERCENT)
		rc = reload(ops, x, inc, "most of its chunks differ", err);
	else if (rc == 0 && differ.n)
		rc = apply_chunks(ops, x, inc, &differ, rows, abort, err);
	if (rc == 1)
		rc = reload(ops, x, inc, "its keys did not all match back", err);
	ss_delta_ids_release(&differ);
	return rc;
}
