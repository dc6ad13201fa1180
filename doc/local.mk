# doc: the manual page.
dist_man_MANS = doc/sitesync.1
# the layers of lib/ and what each room may call
dist_doc_DATA += doc/ARCHITECTURE.md
