# plugins/sql-drop: rules of this concern (see Makefile.am)
