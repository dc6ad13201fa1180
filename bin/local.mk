# The host executable.
bin_PROGRAMS += sitesync
sitesync_SOURCES = \
	bin/sitesync.c \
	bin/loader.c bin/loader.h \
	bin/help.c bin/help.h
sitesync_LDADD = libsitesync.la
