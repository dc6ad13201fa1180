# tools: the set-up commands travel in the tarball too, so its README's first
# two commands work there.
EXTRA_DIST += \
	tools/install-deps tools/check tools/fuzz tools/quickstart \
	tools/sample-data/drupal-mysql.sql tools/sample-data/drupal-pgsql.sql
