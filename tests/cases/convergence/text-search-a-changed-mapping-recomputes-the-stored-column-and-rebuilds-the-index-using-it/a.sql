CREATE TEXT SEARCH DICTIONARY english_stem_plain (TEMPLATE = snowball, language = english);
CREATE TEXT SEARCH CONFIGURATION english_plain (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR asciiword, word WITH english_stem_plain;
ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR int, uint WITH simple;
CREATE TABLE docs (
  id integer PRIMARY KEY,
  body text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english_plain', body)) STORED
);
CREATE INDEX docs_search_idx ON docs USING gin (search);
CREATE INDEX docs_body_idx ON docs USING gin (to_tsvector('english_plain', body));
CREATE VIEW doc_words AS SELECT id, to_tsvector('english_plain', body) AS words FROM docs;
CREATE MATERIALIZED VIEW doc_lexemes AS SELECT id, to_tsvector('english_plain', body) AS words FROM docs;
INSERT INTO docs VALUES (1, 'The quick foxes jumped'), (2, 'Running with 42 dogs');
REFRESH MATERIALIZED VIEW doc_lexemes;
