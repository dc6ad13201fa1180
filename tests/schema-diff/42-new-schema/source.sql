CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY, total numeric);
COMMENT ON SCHEMA reporting IS 'reports';
