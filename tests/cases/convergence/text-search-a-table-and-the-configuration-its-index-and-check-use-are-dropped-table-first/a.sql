CREATE TEXT SEARCH DICTIONARY stems (TEMPLATE = snowball, language = english);
CREATE TEXT SEARCH CONFIGURATION search (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION search ADD MAPPING FOR asciiword WITH stems;
CREATE TABLE docs (body text CHECK (to_tsvector('search', body) <> ''));
CREATE INDEX ON docs USING gin (to_tsvector('search', body));
CREATE TABLE kept (id integer);
INSERT INTO docs VALUES ('Some words');
