# plugins/site-alias: rules of this concern (see Makefile.am)
