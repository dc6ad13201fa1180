CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id) ON DELETE CASCADE);
CREATE TABLE other (id int PRIMARY KEY, child_id int REFERENCES child (id));
