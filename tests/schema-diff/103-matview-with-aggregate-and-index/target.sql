CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, category text);

CREATE MATERIALIZED VIEW film_mv AS SELECT category, count(*) AS titles FROM film GROUP BY category;
