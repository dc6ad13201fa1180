CREATE TEXT SEARCH DICTIONARY english_simple (TEMPLATE = pg_catalog.simple, STOPWORDS = english);

CREATE TEXT SEARCH CONFIGURATION film_cfg (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION film_cfg ALTER MAPPING FOR asciiword WITH english_simple, english_stem;

CREATE TABLE film (film_id integer PRIMARY KEY, title text, description text, fulltext tsvector);
CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);

CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE ON film
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(fulltext, 'public.film_cfg', title, description);
CREATE INDEX film_title_tsv ON film USING gin (to_tsvector('public.film_cfg'::regconfig, title));
