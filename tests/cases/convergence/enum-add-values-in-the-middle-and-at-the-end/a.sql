CREATE TYPE level AS ENUM ('low', 'high');
CREATE TABLE t (l level);
INSERT INTO t VALUES ('high');
