CREATE SCHEMA geo;
CREATE TYPE geo.point2 AS (x float8, y float8);
CREATE FUNCTION geo.point2_text(geo.point2) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT $1.x || ',' || $1.y$$;
CREATE CAST (geo.point2 AS text) WITH FUNCTION geo.point2_text(geo.point2);
CREATE CAST (geo.point2 AS varchar) WITH INOUT AS ASSIGNMENT;
