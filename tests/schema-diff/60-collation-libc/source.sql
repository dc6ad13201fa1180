CREATE COLLATION mycoll (LOCALE = 'C');
COMMENT ON COLLATION mycoll IS 'byte order';
