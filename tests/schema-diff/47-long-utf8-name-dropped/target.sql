CREATE TABLE t (id int);
CREATE TABLE "ééééééééééééééééééééééééééééé" (id int);
CREATE TABLE "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc" (id int);
