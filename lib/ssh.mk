# lib: rules of this concern (see Makefile.am)
