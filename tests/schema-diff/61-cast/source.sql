CREATE TYPE money2 AS (amount numeric, currency text);
CREATE FUNCTION money2_to_numeric(money2) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$SELECT $1.amount$$;
CREATE CAST (money2 AS numeric) WITH FUNCTION money2_to_numeric(money2) AS ASSIGNMENT;
