CREATE UNLOGGED TABLE a (x integer);
CREATE TABLE b (x integer);
