CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user, body text);

ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
ALTER TABLE doc FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON doc USING (owner = current_user);
