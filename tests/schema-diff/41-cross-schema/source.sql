CREATE SCHEMA app;
CREATE SCHEMA audit;
CREATE TABLE app.users (id int PRIMARY KEY, name text);
CREATE TABLE audit.log (id int, user_id int REFERENCES app.users (id));
CREATE VIEW audit.user_log AS SELECT u.name, l.id FROM app.users u JOIN audit.log l ON l.user_id = u.id;
