-- A database in the shape of pagila (the PostgreSQL sample), holding every
-- kind of object sql-sync and schema-diff cover: domains, an enum used by a
-- column default, a partitioned table, aggregates used by views, a full-text
-- trigger, a materialized view, policies, grants (on public too), default
-- privileges, a foreign table.  Roles app_reader and app_writer must exist.
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS postgres_fdw WITH SCHEMA public;

GRANT USAGE ON SCHEMA public TO app_reader;
GRANT CREATE ON SCHEMA public TO app_writer;
COMMENT ON SCHEMA public IS 'standard public schema';

CREATE DOMAIN public.year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE COLLATION public.nocase (PROVIDER = icu, LOCALE = 'und-u-ks-level2', DETERMINISTIC = false);

CREATE FUNCTION public._group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END$$;
CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, STYPE = text);
CREATE FUNCTION public._sum_sq(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$SELECT $1 + $2 * $2$$;
CREATE FUNCTION public._sub_sq(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$SELECT $1 - $2 * $2$$;
CREATE AGGREGATE public.sum_sq(numeric) (SFUNC = public._sum_sq, STYPE = numeric, INITCOND = '0',
    MSFUNC = public._sum_sq, MINVFUNC = public._sub_sq, MSTYPE = numeric, MINITCOND = '0');

CREATE FUNCTION public.last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_update = CURRENT_TIMESTAMP;
    RETURN NEW;
END $$;
CREATE FUNCTION public.approx_eq(numeric, numeric) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$SELECT abs($1 - $2) < 0.01$$;
CREATE OPERATOR public.~= (FUNCTION = public.approx_eq, LEFTARG = numeric, RIGHTARG = numeric,
    COMMUTATOR = OPERATOR(public.~=));
CREATE TYPE public.money_pair AS (amount numeric, currency text);
CREATE FUNCTION public.money_pair_amount(public.money_pair) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$SELECT $1.amount$$;
CREATE CAST (public.money_pair AS numeric) WITH FUNCTION public.money_pair_amount(public.money_pair)
    AS ASSIGNMENT;

CREATE TEXT SEARCH DICTIONARY public.english_simple (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION public.film_cfg (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION public.film_cfg
    ALTER MAPPING FOR asciiword WITH public.english_simple, english_stem;

CREATE TABLE public.language (
    language_id serial PRIMARY KEY,
    name character(20) NOT NULL,
    last_update timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.actor (
    actor_id serial PRIMARY KEY,
    first_name text NOT NULL,
    last_name text COLLATE public.nocase NOT NULL,
    last_update timestamp with time zone DEFAULT now() NOT NULL
);
CREATE INDEX idx_actor_last_name ON public.actor (last_name);
CREATE TABLE public.category (
    category_id serial PRIMARY KEY,
    name text NOT NULL,
    last_update timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.film (
    film_id serial PRIMARY KEY,
    title text NOT NULL,
    description text,
    release_year public.year,
    language_id integer NOT NULL REFERENCES public.language (language_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    rental_rate numeric(4,2) DEFAULT 4.99 NOT NULL,
    rating public.mpaa_rating DEFAULT 'G'::public.mpaa_rating,
    special_features text[],
    fulltext tsvector NOT NULL,
    last_update timestamp with time zone DEFAULT now() NOT NULL
);
CREATE INDEX film_fulltext_idx ON public.film USING gist (fulltext);
CREATE INDEX idx_title ON public.film (title);
CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE ON public.film
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('fulltext', 'public.film_cfg', 'title', 'description');
CREATE TRIGGER last_updated BEFORE UPDATE ON public.film FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE STATISTICS public.film_rating_rate (dependencies, ndistinct) ON rating, rental_rate FROM public.film;
COMMENT ON TABLE public.film IS 'films for rent';
COMMENT ON COLUMN public.film.fulltext IS 'kept by film_fulltext_trigger';

CREATE TABLE public.film_actor (
    actor_id integer NOT NULL REFERENCES public.actor (actor_id),
    film_id integer NOT NULL REFERENCES public.film (film_id),
    last_update timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (actor_id, film_id)
);
CREATE TABLE public.film_category (
    film_id integer NOT NULL REFERENCES public.film (film_id),
    category_id integer NOT NULL REFERENCES public.category (category_id),
    last_update timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (film_id, category_id)
);

CREATE TABLE public.customer (
    customer_id serial PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text,
    store_id integer NOT NULL,
    activebool boolean DEFAULT true NOT NULL,
    create_date date DEFAULT CURRENT_DATE NOT NULL
);
ALTER TABLE public.customer ENABLE ROW LEVEL SECURITY;
CREATE POLICY customer_store ON public.customer FOR SELECT TO app_reader
    USING (store_id = 1);
CREATE POLICY customer_write ON public.customer AS RESTRICTIVE FOR UPDATE TO app_writer
    USING (activebool) WITH CHECK (email IS NOT NULL);

CREATE TABLE public.payment (
    payment_id serial NOT NULL,
    customer_id integer NOT NULL,
    amount numeric(5,2) NOT NULL,
    payment_date timestamp with time zone NOT NULL,
    PRIMARY KEY (payment_date, payment_id)
) PARTITION BY RANGE (payment_date);
CREATE TABLE public.payment_p2022_01 PARTITION OF public.payment
    FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00');
CREATE TABLE public.payment_p2022_02 PARTITION OF public.payment
    FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00');
CREATE INDEX idx_fk_payment_customer_id ON public.payment (customer_id);

CREATE VIEW public.actor_info AS
    SELECT a.actor_id, a.first_name, a.last_name,
           public.group_concat(f.title) AS film_info
    FROM public.actor a
    LEFT JOIN public.film_actor fa ON fa.actor_id = a.actor_id
    LEFT JOIN public.film f ON f.film_id = fa.film_id
    GROUP BY a.actor_id, a.first_name, a.last_name;
CREATE VIEW public.film_list AS
    SELECT f.film_id AS fid, f.title, c.name AS category, f.rental_rate AS price,
           public.group_concat(a.first_name || ' ' || a.last_name) AS actors
    FROM public.category c
    JOIN public.film_category fc ON c.category_id = fc.category_id
    JOIN public.film f ON fc.film_id = f.film_id
    JOIN public.film_actor fa ON f.film_id = fa.film_id
    JOIN public.actor a ON fa.actor_id = a.actor_id
    GROUP BY f.film_id, f.title, c.name, f.rental_rate;
CREATE VIEW public.cheap_films AS
    SELECT film_id, title, rental_rate FROM public.film WHERE rental_rate ~= 0.99;
CREATE RULE cheap_films_ins AS ON INSERT TO public.cheap_films DO INSTEAD
    INSERT INTO public.film (title, language_id, rental_rate, fulltext)
    VALUES (NEW.title, 1, NEW.rental_rate, ''::tsvector);
CREATE MATERIALIZED VIEW public.rental_by_category AS
    SELECT c.name AS category, public.sum_sq(f.rental_rate) AS total_sales
    FROM public.film f JOIN public.film_category fc ON fc.film_id = f.film_id
    JOIN public.category c ON c.category_id = fc.category_id
    GROUP BY c.name;
CREATE UNIQUE INDEX rental_category ON public.rental_by_category (category);

CREATE SERVER film_archive FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', dbname 'archive');
CREATE FOREIGN TABLE public.old_film (film_id integer NOT NULL, title text OPTIONS (column_name 'name'))
    SERVER film_archive OPTIONS (schema_name 'public', table_name 'film');

CREATE SCHEMA reporting;
CREATE VIEW reporting.film_count AS SELECT rating, count(*) AS n FROM public.film GROUP BY rating;
GRANT USAGE ON SCHEMA reporting TO app_reader;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_reader;
GRANT SELECT, INSERT, UPDATE ON public.customer TO app_writer;
GRANT SELECT (customer_id, amount), UPDATE (amount) ON public.payment_p2022_01 TO app_writer;
GRANT USAGE ON SEQUENCE public.customer_customer_id_seq TO app_writer;
REVOKE EXECUTE ON FUNCTION public.approx_eq(numeric, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.approx_eq(numeric, numeric) TO app_reader;
GRANT USAGE ON TYPE public.mpaa_rating TO app_writer;
GRANT SELECT ON reporting.film_count TO app_reader WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO app_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO app_reader;

INSERT INTO public.language (name) VALUES ('English'), ('Italian');
INSERT INTO public.actor (first_name, last_name) VALUES ('PENELOPE', 'GUINESS'), ('NICK', 'WAHLBERG');
INSERT INTO public.category (name) VALUES ('Action'), ('Comedy');
INSERT INTO public.film (title, description, release_year, language_id, rental_rate, rating, special_features)
    VALUES ('ACADEMY DINOSAUR', 'A Epic Drama', 2006, 1, 0.99, 'PG', '{Trailers}'),
           ('ACE GOLDFINGER', 'A Astounding Epistle', 2006, 1, 4.99, DEFAULT, NULL);
INSERT INTO public.film_actor (actor_id, film_id) VALUES (1, 1), (2, 1), (2, 2);
INSERT INTO public.film_category (film_id, category_id) VALUES (1, 1), (2, 2);
INSERT INTO public.customer (first_name, last_name, email, store_id)
    VALUES ('MARY', 'SMITH', 'mary@example.com', 1), ('PATRICIA', 'JOHNSON', NULL, 2);
INSERT INTO public.payment (customer_id, amount, payment_date)
    VALUES (1, 2.99, '2022-01-15'), (2, 0.99, '2022-02-03'), (1, 5.99, '2022-02-20');
REFRESH MATERIALIZED VIEW public.rental_by_category;

-- owners other than the connecting role
ALTER AGGREGATE public.group_concat(text) OWNER TO app_writer;
ALTER OPERATOR public.~= (numeric, numeric) OWNER TO app_writer;
ALTER TEXT SEARCH CONFIGURATION public.film_cfg OWNER TO app_writer;
ALTER TEXT SEARCH DICTIONARY public.english_simple OWNER TO app_writer;
ALTER COLLATION public.nocase OWNER TO app_writer;
ALTER STATISTICS public.film_rating_rate OWNER TO app_writer;
ALTER VIEW public.actor_info OWNER TO app_reader;
ALTER SCHEMA reporting OWNER TO app_writer;
