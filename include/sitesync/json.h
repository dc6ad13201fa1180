/*
 * sitesync/json.h - a streaming JSON writer into an ss_buf.
 *
 *   struct ss_json j; ss_json_init(&j, &buf);
 *   ss_json_obj_begin(&j); ss_json_key(&j, "name"); ss_json_str(&j, "@prod");
 *   ss_json_obj_end(&j);
 */
#ifndef SITESYNC_JSON_H
#define SITESYNC_JSON_H

#include <stddef.h>
#include <sitesync/buf.h>

struct ss_json {
	struct ss_buf *out;
	int depth;
	int need_comma[32];
	int after_key;
	int pretty;
};

void ss_json_init(struct ss_json *j, struct ss_buf *out, int pretty);
void ss_json_obj_begin(struct ss_json *j);
void ss_json_obj_end(struct ss_json *j);
void ss_json_arr_begin(struct ss_json *j);
void ss_json_arr_end(struct ss_json *j);
void ss_json_key(struct ss_json *j, const char *key);
void ss_json_str(struct ss_json *j, const char *s);      /* NULL writes null */
void ss_json_strn(struct ss_json *j, const char *s, size_t n);
void ss_json_int(struct ss_json *j, long long v);
void ss_json_double(struct ss_json *j, double v);
void ss_json_bool(struct ss_json *j, int v);
void ss_json_null(struct ss_json *j);
/* A value already in JSON form (a number or literal such as ss_node_literal gives,
 * or what this writer wrote): trusted, not checked. */
void ss_json_raw(struct ss_json *j, const char *json);

#endif
