CREATE TABLE address (id integer, city text, zip text, country text);
CREATE STATISTICS addr_dep (dependencies, ndistinct) ON city, zip FROM address;
