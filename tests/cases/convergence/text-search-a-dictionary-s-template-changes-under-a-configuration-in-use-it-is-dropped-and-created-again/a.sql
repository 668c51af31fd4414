CREATE TEXT SEARCH DICTIONARY words (TEMPLATE = simple, stopwords = english);
CREATE TEXT SEARCH CONFIGURATION plain (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION plain ADD MAPPING FOR asciiword WITH words;
ALTER TEXT SEARCH CONFIGURATION plain ADD MAPPING FOR uint WITH simple;
CREATE TABLE docs (
  id integer PRIMARY KEY,
  body text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('plain', body)) STORED,
  CONSTRAINT body_has_words CHECK (to_tsvector('plain', body) <> '')
);
CREATE INDEX docs_body_idx ON docs USING gin (to_tsvector('plain', body));
CREATE VIEW doc_words AS SELECT id, to_tsvector('plain', body) AS words FROM docs;
INSERT INTO docs VALUES (1, 'The quick foxes jumped'), (2, 'Running with 42 dogs');
