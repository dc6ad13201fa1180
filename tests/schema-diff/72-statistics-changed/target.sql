CREATE TABLE address (id integer, city text, zip text, country text);
CREATE STATISTICS addr_dep (dependencies) ON city, zip FROM address;
