CREATE TABLE people (name text NOT NULL, nickname text NULL, born date NOT NULL);
