# plugins/schema-diff: rules of this concern (see Makefile.am)
