CREATE TEXT SEARCH CONFIGURATION english_plain (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR asciiword WITH simple;
CREATE TABLE docs (
  id integer PRIMARY KEY,
  body text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english_plain', body)) STORED
);
CREATE INDEX docs_search_idx ON docs USING gin (search);
CREATE INDEX docs_body_idx ON docs USING gin (to_tsvector('english_plain', body));
INSERT INTO docs VALUES (1, 'The quick foxes jumped'), (2, 'Running with 42 dogs');
