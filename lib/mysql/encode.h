/*
 * mysql_encode.h - rows encoded for LOAD DATA LOCAL INFILE, binary-safe:
 *
 *   CHARACTER SET binary FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
 *   LINES TERMINATED BY '\n'
 *
 * NULL is \N; a tab, newline, backslash and NUL byte inside a value are
 * escaped (\t \n \\ \0); every other byte passes through untouched.
 * The encoder is resumable: a row larger than the output buffer (a 20 MB
 * BLOB) is written over several calls, so the caller's buffer stays small.
 */
#ifndef SS_MYSQL_ENCODE_H
#define SS_MYSQL_ENCODE_H

#include <stddef.h>

/* The clauses LOAD DATA needs to read what the encoder writes. */
#define SS_MY_LOAD_FORMAT \
	"CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' " \
	"LINES TERMINATED BY '\\n'"

struct ss_my_encoder {
	char **fields;               /* the row being written (NULL: none) */
	const unsigned long *lengths;
	unsigned nfields;
	unsigned field;              /* index of the field being written */
	size_t off;                  /* bytes of that field already written */
	int sep_done;                /* its leading separator is written */
};

/* Start writing a row (fields as mysql_fetch_row gives them; NULL is NULL). */
void ss_my_encoder_row(struct ss_my_encoder *e, char **fields,
		       const unsigned long *lengths, unsigned nfields);

/* Nonzero while part of the current row is still to be written. */
int ss_my_encoder_busy(const struct ss_my_encoder *e);

/*
 * Write as much of the current row as fits in out[0..cap); returns the bytes
 * written.  The row is finished when ss_my_encoder_busy() becomes 0.  An
 * escape pair is never split, so cap must be at least 3.
 */
size_t ss_my_encoder_write(struct ss_my_encoder *e, char *out, size_t cap);

/* The encoded size of one value (NULL when value is NULL), for tests. */
size_t ss_my_encoded_len(const char *value, size_t len);

#endif
