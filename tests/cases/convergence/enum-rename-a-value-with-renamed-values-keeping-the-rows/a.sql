CREATE TYPE state AS ENUM ('todo', 'doing', 'done');
CREATE TABLE t (s state);
INSERT INTO t VALUES ('doing');
