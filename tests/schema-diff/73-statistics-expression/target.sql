CREATE TABLE address (id integer, city text, zip text, country text);
ALTER TABLE address ADD COLUMN street text;
CREATE STATISTICS addr_lower ON lower(city), street FROM address;
