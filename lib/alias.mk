# Site aliases: *.site.yml files (libyaml), search path, resolution.
libsitesync_la_SOURCES += lib/alias.c
