CREATE TABLE t (word text, code text COLLATE "C");
