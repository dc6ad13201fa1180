CREATE TABLE address (id integer, city text, zip text, country text);
