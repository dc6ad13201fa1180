CREATE TABLE users (id int, email text, name text);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
CREATE INDEX users_name_len ON users ((length(name)), id DESC NULLS LAST);
