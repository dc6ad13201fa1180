CREATE TABLE address (id integer, city text, zip text, country text);
CREATE STATISTICS addr_dep (mcv) ON city, zip, country FROM address;
ALTER STATISTICS addr_dep SET STATISTICS 500;
