CREATE TABLE t (a text, b timestamp, c numeric(10,2));
INSERT INTO t VALUES ('42', '2024-01-01', 1.5);
