# plugins/sql-sync: rules of this concern (see Makefile.am)
