# plugins/rsync: rules of this concern (see Makefile.am)
