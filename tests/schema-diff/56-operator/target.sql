CREATE TABLE m (a numeric, b numeric);
