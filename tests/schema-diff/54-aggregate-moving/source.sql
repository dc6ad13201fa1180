CREATE FUNCTION _msum(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$SELECT $1 + $2$$;
CREATE FUNCTION _msub(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$SELECT $1 - $2$$;
CREATE AGGREGATE msum(numeric) (SFUNC = _msum, STYPE = numeric, INITCOND = '0',
    MSFUNC = _msum, MINVFUNC = _msub, MSTYPE = numeric, MINITCOND = '0', PARALLEL = SAFE);
COMMENT ON AGGREGATE msum(numeric) IS 'moving sum';
