CREATE TABLE a (id int PRIMARY KEY, v text);
CREATE TABLE b (x int, y int, PRIMARY KEY (x, y));
