CREATE TABLE film (film_id integer PRIMARY KEY, title text, description text, fulltext tsvector);
CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);

CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE ON film
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(fulltext, 'pg_catalog.english', title, description);
