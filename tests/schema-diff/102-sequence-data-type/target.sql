CREATE SEQUENCE s AS integer;
CREATE SEQUENCE small AS integer;
