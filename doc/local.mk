# doc: the manual page.
dist_man_MANS = doc/sitesync.1
