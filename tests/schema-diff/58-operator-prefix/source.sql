CREATE FUNCTION neg_text(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT reverse($1)$$;
CREATE OPERATOR ~~~ (FUNCTION = neg_text, RIGHTARG = text);
