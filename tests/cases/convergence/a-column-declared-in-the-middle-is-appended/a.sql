CREATE TABLE t (a integer, c integer);
