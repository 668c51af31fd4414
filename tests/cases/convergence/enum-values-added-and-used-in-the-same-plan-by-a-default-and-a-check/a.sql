CREATE TYPE state AS ENUM ('open', 'done');
CREATE TABLE t (s state);
INSERT INTO t VALUES ('open');
