/*
 * lex.h - the tokens of MySQL/MariaDB SQL text as the server reads them:
 * blanks, comments, strings, numbers, bare words, quoted identifiers,
 * variables and punctuation.  Every byte of the text belongs to exactly one
 * token, so the text is the concatenation of its tokens.
 *
 * Executable comments (/ *! ... * /, / *M! ... * /, with or without a version
 * number) are code to the server: their opening and closing markers are
 * COMMENT tokens and what lies between them is lexed as SQL.
 *
 * A token points into the text given to ss_my_lex_init(); nothing is
 * allocated but by ss_my_token_name().
 */
#ifndef SS_MYSQL_LEX_H
#define SS_MYSQL_LEX_H

#include <stddef.h>

enum ss_my_tok {
	SS_MY_TOK_END,      /* end of the text (len 0) */
	SS_MY_TOK_SPACE,    /* blanks */
	SS_MY_TOK_COMMENT,  /* -- , #, C comment, executable comment marker */
	SS_MY_TOK_STRING,   /* '...', or "..." without ANSI_QUOTES */
	SS_MY_TOK_NUMBER,   /* 12, 1.5e3, .5, 0x1F, 0b101 */
	SS_MY_TOK_WORD,     /* bare identifier or keyword */
	SS_MY_TOK_QUOTED,   /* `identifier`, or "identifier" with ANSI_QUOTES */
	SS_MY_TOK_VARIABLE, /* @name, @'name', @@scope.name */
	SS_MY_TOK_PUNCT,    /* any other single byte: . ( ) , ; * = ... */
};

/* How the text was written (flags from ss_my_lex_mode()). */
#define SS_MY_LEX_ANSI_QUOTES         1u  /* "x" is an identifier */
#define SS_MY_LEX_NO_BACKSLASH_ESCAPES 2u /* \ is an ordinary byte in strings */

struct ss_my_token {
	enum ss_my_tok kind;
	const char *start;
	size_t len;
};

struct ss_my_lexer {
	const char *p;      /* next byte */
	unsigned mode;
	int in_exec;        /* inside an executable comment */
	int after_name;     /* the previous token was a WORD or QUOTED */
	int after_dot;      /* the previous token was a '.' right after a name */
};

/* Lex sql (NUL-terminated) written under mode. */
void ss_my_lex_init(struct ss_my_lexer *lx, const char *sql, unsigned mode);

/* The next token into *t; returns its kind (SS_MY_TOK_END at the end). */
enum ss_my_tok ss_my_lex_next(struct ss_my_lexer *lx, struct ss_my_token *t);

/* The name a WORD or QUOTED token stands for, quotes undoubled (new string). */
char *ss_my_token_name(const struct ss_my_token *t);

/* Nonzero when a WORD token is the keyword kw (ASCII, any case). */
int ss_my_token_is(const struct ss_my_token *t, const char *kw);

/* Lexer flags for a sql_mode value ("STRICT_TRANS_TABLES,ANSI_QUOTES"). */
unsigned ss_my_lex_mode(const char *sql_mode);

#endif
