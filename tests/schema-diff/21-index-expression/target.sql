CREATE TABLE users (id int, email text, name text);
CREATE INDEX users_email_lower ON users (email);
