CREATE TYPE state AS ENUM ('todo', 'doing', 'stale', 'done');
CREATE TABLE t (id int, s state);
INSERT INTO t VALUES (1, 'doing'), (2, 'done');
