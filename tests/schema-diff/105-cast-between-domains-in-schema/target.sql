CREATE SCHEMA geo;
CREATE TYPE geo.point2 AS (x float8, y float8);
