/* sa.h - printing aliases for the site-alias command (internal to the plugin). */
#ifndef SS_SA_H
#define SS_SA_H

#include <stddef.h>

#include <sitesync/alias.h>
#include <sitesync/buf.h>

/* Sitesync's keys and drush's, printed from the struct; other keys of the node follow. */
int sa_known_key(const char *key);

/* "'@example.prod':" and its settings, drush `site:alias` style; no passwords. */
void sa_yaml_alias(struct ss_buf *out, const struct ss_alias *a);

/* Append s as a YAML scalar (plain when unambiguous, else quoted). */
void sa_yaml_scalar(struct ss_buf *out, const char *s);

/* One object keyed by alias name; no passwords. */
void sa_json_aliases(struct ss_buf *out, const struct ss_alias *const *list, size_t n);

#endif
