CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, category text);
