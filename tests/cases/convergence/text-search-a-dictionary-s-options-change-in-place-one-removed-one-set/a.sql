CREATE TEXT SEARCH DICTIONARY words (TEMPLATE = simple, stopwords = english);
COMMENT ON TEXT SEARCH DICTIONARY words IS 'without stop words';
CREATE TEXT SEARCH CONFIGURATION plain (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION plain ADD MAPPING FOR asciiword WITH words;
CREATE TABLE docs (
  id integer PRIMARY KEY,
  body text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('plain', body)) STORED
);
INSERT INTO docs VALUES (1, 'The quick foxes jumped');
