CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user, body text);

CREATE FUNCTION is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$SELECT current_user = 'postgres'$$;
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin ON doc USING (is_admin());
