CREATE TYPE status AS ENUM ('open', 'closed');
CREATE TABLE t (s status);
INSERT INTO t VALUES ('open'), ('closed');
