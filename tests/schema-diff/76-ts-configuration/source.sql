CREATE TEXT SEARCH DICTIONARY english_simple (TEMPLATE = pg_catalog.simple, STOPWORDS = english);

CREATE TEXT SEARCH CONFIGURATION film_cfg (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION film_cfg ALTER MAPPING FOR asciiword WITH english_simple, english_stem;
