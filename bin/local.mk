# The host executable.
bin_PROGRAMS += sitesync
sitesync_SOURCES = \
	bin/sitesync.c \
	bin/loader.c bin/loader.h \
	bin/help.c bin/help.h
sitesync_LDADD = libsitesync.la
# RUNPATH $(libdir): the installed host finds libsitesync without ldconfig
# (a new library in /usr/local/lib is unknown to ld.so's cache until it runs;
# a prefix like ~/.local is never searched).  The plugins need none: the host
# has loaded libsitesync when it opens them.
sitesync_LDFLAGS = -R $(libdir)
