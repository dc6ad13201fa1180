/*
 * delta.h - the engine-neutral part of an incremental sync (--incremental),
 * shared by the MySQL (lib/mysql/sync/delta*.c) and PostgreSQL
 * (lib/pg/sync/delta*.c) engines.
 *
 * A table both sides hold with the same structure and a key is cut into
 * chunks the same way on both sides: ranges of its leading key column when
 * that is an integer, else buckets of a hash of its key.  Each server sums
 * up each chunk (rows and a checksum of its rows); the chunks whose sums
 * differ are compared row by row (key and row hash); the rows that differ
 * are deleted from the shadow (a server-side copy of the target's table)
 * and streamed from the source.  This file holds the pure parts: the
 * chunking, the merge of two sorted streams of chunk sums, and the row sets
 * of one round of row comparison.
 *
 * Ownership: every struct here owns what it holds; *_release() / *_free()
 * frees it.
 */
#ifndef SS_SYNC_DELTA_H
#define SS_SYNC_DELTA_H

#include <stdatomic.h>
#include <stddef.h>

#include <sitesync/buf.h>
#include <sitesync/error.h>

/* How a table is cut into chunks, the same on both sides. */
struct ss_delta_spec {
	int by_range;        /* 1: ranges of the leading key column (an integer); 0: hash buckets */
	long long lo, width; /* by_range: chunk c (0 <= c < n) holds lo + c*width <= k < lo + (c+1)*width,
			      * chunk -1 every k < lo, chunk n every k >= lo + n*width */
	long long n;         /* ranges 0..n-1 (with -1 and n around them), or buckets 0..n-1 */
};

/*
 * Rows per chunk for rows of avg_bytes on average: about 8 kB of rows, 2
 * to 16 rows.  A chunk's sum costs some 30 to 50 bytes on the link, a
 * row's key and hash some 30 more when its chunk differs: smaller chunks
 * cost more when nothing changed, bigger ones more when changes are spread
 * thin (1 % of the rows changed all over: a chunk of 16 rows differs with
 * a chance of 15 %, one of 64 rows 47 %).
 */
long long ss_delta_rows_per_chunk(long long avg_bytes);

/*
 * The width of a range of key values holding per rows, where a sample of
 * rows rows had key values spanning span (the last minus the first).
 */
long long ss_delta_range_width(long long per, long long span, long long rows);
/*
 * Ranges of width over the integer key values [min, max] (the source's).
 * -1 when the range is too wide to add up safely in 64 bits (the caller
 * then uses a hash).
 */
int ss_delta_spec_range(struct ss_delta_spec *s, long long min, long long max, long long width);
/* Hash buckets for about rows rows of avg_bytes. */
void ss_delta_spec_hash(struct ss_delta_spec *s, long long rows, long long avg_bytes);

/*
 * The key values of range chunk id: lo <= k (unless !*has_lo) and k < hi
 * (unless !*has_hi).  Only for by_range specs.
 */
void ss_delta_chunk_bounds(const struct ss_delta_spec *s, long long id, int *has_lo,
			   long long *lo, int *has_hi, long long *hi);

/*
 * Append the condition matching the chunks ids[0..n) (increasing) of s,
 * whose chunk is the expression chunk: for ranges, the key column col
 * (quoted) between the first's start and the last's end, then "chunk IN
 * (ids)", which servers test fast (a long OR of ranges they do not); each
 * bound followed by cast ("" or "::pg_catalog.int8").
 */
void ss_delta_chunk_filter(struct ss_buf *q, const struct ss_delta_spec *s, const char *col,
			   const char *cast, const char *chunk, const long long *ids, size_t n);

/* A chunk as one side sums it up. */
struct ss_delta_sum {
	long long id;
	long long rows;
	char sum[48];        /* the checksum as the server printed it */
};

/* The next sum of one side, in increasing id order: 1, 0 at the end, -1 with err. */
typedef int (*ss_delta_next_fn)(void *arg, struct ss_delta_sum *out, struct ss_error *err);

/* Chunk ids, increasing. */
struct ss_delta_ids {
	long long *v;
	size_t n, cap;
};
void ss_delta_ids_add(struct ss_delta_ids *ids, long long id);
void ss_delta_ids_release(struct ss_delta_ids *ids);

/*
 * Merge the two streams of sums: the chunks that only one side has, or
 * whose rows or checksums differ, go to differ; *compared gets how many
 * chunks there were on either side.  -1 with err when a stream fails or
 * is out of order.
 */
int ss_delta_compare(ss_delta_next_fn src, void *src_arg, ss_delta_next_fn tgt, void *tgt_arg,
		     struct ss_delta_ids *differ, long long *compared, struct ss_error *err);

/*
 * A key, packed: for each of its columns a 4-byte big-endian length and
 * the bytes (keys are never NULL: a NULL is packed as length 0xffffffff).
 */
void ss_delta_pack(struct ss_buf *out, const char *const *fields, const size_t *lens, int n);
/* Field i of a packed key: 0 with *p and *len, -1 past the end or NULL. */
int ss_delta_unpack(const char *packed, size_t len, int i, const char **p, size_t *n);

/* A list of packed keys. */
struct ss_delta_keys {
	struct ss_buf buf;   /* for each key: a 4-byte length, then the packed key */
	size_t n;
};
#define SS_DELTA_KEYS_INIT { SS_BUF_INIT, 0 }
void ss_delta_keys_add(struct ss_delta_keys *k, const char *packed, size_t len);
/* Iterate: *off starts at 0; 1 with the next key, 0 at the end. */
int ss_delta_keys_next(const struct ss_delta_keys *k, size_t *off, const char **packed,
		       size_t *len);
void ss_delta_keys_reset(struct ss_delta_keys *k);
void ss_delta_keys_release(struct ss_delta_keys *k);

/*
 * The rows of the source in some chunks (key and row hash), to compare the
 * target's rows of the same chunks with.
 */
struct ss_delta_rows;
struct ss_delta_rows *ss_delta_rows_new(void);
void ss_delta_rows_free(struct ss_delta_rows *r);
void ss_delta_rows_clear(struct ss_delta_rows *r);
size_t ss_delta_rows_count(const struct ss_delta_rows *r);
/* A source row (key fields, row hash). */
void ss_delta_rows_add(struct ss_delta_rows *r, const char *const *key, const size_t *lens,
		       int nkey, const char *hash, size_t hlen);
/*
 * A target row: 1 when it goes (no source row has its key, or that row
 * differs), 0 when the source row is the same (it is then not fetched).
 */
int ss_delta_rows_check(struct ss_delta_rows *r, const char *const *key, const size_t *lens,
			int nkey, const char *hash, size_t hlen);
/* Add to out the keys of the source rows no target row matched: the rows to fetch. */
void ss_delta_rows_unmatched(const struct ss_delta_rows *r, struct ss_delta_keys *out);

/* What --incremental did with one table (the engines' tables embed it). */
enum ss_delta_mode {
	SS_DELTA_OFF,        /* not asked: a full copy */
	SS_DELTA_ON,         /* compared chunk by chunk */
	SS_DELTA_WHOLE,      /* asked, but copied whole: why says why */
};
struct ss_delta_table {
	enum ss_delta_mode mode;
	const char *why;            /* SS_DELTA_WHOLE: static text, "structure differs" */
	struct ss_delta_spec spec;
	atomic_llong chunks;        /* chunks compared */
	atomic_llong differ;        /* of them, chunks that differed */
	atomic_llong deleted;       /* rows removed from the copy of the target's table */
	atomic_llong compare_bytes; /* sums, keys and row hashes read from the source */
};

/*
 * The why of a table that sanitize rules rewrite while it streams: the
 * target's copy holds the rewritten rows, never the source's, so comparing
 * would find every chunk different (and random or hashed values differ
 * from run to run).
 */
#define SS_DELTA_WHY_SANITIZE "rewritten on the way (sanitize)"

/*
 * A table whose chunks mostly differ is copied whole instead: more than
 * this share of them (in percent).
 */
#define SS_DELTA_WHOLE_PERCENT 50

/* What an engine does for ss_delta_run() on one table; x is the engine's. */
struct ss_delta_ops {
	/* the chunks whose sums differ; *compared: how many there were on either side */
	int (*compare_chunks)(void *x, struct ss_delta_ids *differ, long long *compared,
			      struct ss_error *err);
	/* the rows of chunks ids[0..n): the shadow's to delete, the source's to fetch */
	int (*compare_rows)(void *x, const long long *ids, size_t n, struct ss_delta_rows *rows,
			    struct ss_delta_keys *gone, struct ss_delta_keys *fetch,
			    struct ss_error *err);
	/*
	 * append to q the condition matching the keys of keys from *off on,
	 * until q grows by about max bytes (moving *off past them)
	 */
	int (*keys_sql)(void *x, struct ss_buf *q, const struct ss_delta_keys *keys, size_t *off,
			size_t max, struct ss_error *err);
	/* delete the shadow's rows matching the condition where; *n: how many */
	int (*delete_where)(void *x, const char *where, long long *n, struct ss_error *err);
	/* stream the source's rows matching where into the shadow; *n: how many went in */
	int (*load_where)(void *x, const char *where, long long *n, struct ss_error *err);
	/* empty the shadow and stream the whole table */
	int (*reload_whole)(void *x, struct ss_error *err);
};

/*
 * Bring one table's shadow (a copy of the target's table) to the source's
 * rows: compare its chunks, then the rows of the differing chunks in
 * batches of about 16k rows (rows: the table's rows, about), deleting and
 * fetching what differs.  The table is reloaded whole when more than
 * SS_DELTA_WHOLE_PERCENT of its chunks differ, or when the keys of a batch
 * do not all match back (inc->mode and inc->why then say so); inc's
 * counters are kept up to date.  abort is polled between batches.
 */
int ss_delta_run(const struct ss_delta_ops *ops, void *x, struct ss_delta_table *inc,
		 long long rows, atomic_int *abort, struct ss_error *err);

#endif
