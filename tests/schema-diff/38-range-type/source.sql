CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (r floatrange);
