CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user, body text);

ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON doc FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user);
COMMENT ON POLICY own ON doc IS 'owners only';
