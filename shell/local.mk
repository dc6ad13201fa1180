# shell: rules of this concern (see Makefile.am)
