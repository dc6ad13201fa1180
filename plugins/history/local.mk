# plugins/history: rules of this concern (see Makefile.am)
