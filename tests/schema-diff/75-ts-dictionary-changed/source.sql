CREATE TEXT SEARCH DICTIONARY d (TEMPLATE = pg_catalog.simple, STOPWORDS = english, ACCEPT = false);
