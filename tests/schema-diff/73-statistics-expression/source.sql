CREATE TABLE address (id integer, city text, zip text, country text);
CREATE STATISTICS addr_lower ON lower(city), zip FROM address;
