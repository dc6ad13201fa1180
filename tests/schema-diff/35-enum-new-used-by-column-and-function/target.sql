CREATE TABLE shirt (id int);
