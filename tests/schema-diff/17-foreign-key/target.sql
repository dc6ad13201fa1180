CREATE TABLE child (id int PRIMARY KEY, parent_id int);
CREATE TABLE other (id int PRIMARY KEY, child_id int);
