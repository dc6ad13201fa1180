CREATE TABLE a (id int, v text);
CREATE TABLE b (x int, y int, PRIMARY KEY (x));
