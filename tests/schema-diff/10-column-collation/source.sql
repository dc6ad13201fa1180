CREATE TABLE t (a text COLLATE "C", b text, c varchar(10) COLLATE "POSIX");
