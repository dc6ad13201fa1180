CREATE TYPE status AS ENUM ('new', 'open', 'pending', 'closed', 'archived');
CREATE TABLE t (s status);
