CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN email AS text NOT NULL CONSTRAINT has_at CHECK (VALUE LIKE '%@%');
CREATE TABLE t (n posint, e email);
