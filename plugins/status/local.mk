# plugins/status: rules of this concern (see Makefile.am)
