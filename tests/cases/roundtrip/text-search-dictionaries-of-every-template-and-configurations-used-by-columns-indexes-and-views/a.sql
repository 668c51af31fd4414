CREATE TEXT SEARCH DICTIONARY english_stem_plain (TEMPLATE = pg_catalog.snowball, Language = english);
COMMENT ON TEXT SEARCH DICTIONARY english_stem_plain IS 'English stems, stop words kept';
-- Options in name order: recon keeps them by name, so pg_dump prints them in that order after
-- a round trip.
CREATE TEXT SEARCH DICTIONARY "Colours" (TEMPLATE = synonym, CaseSensitive = true, SYNONYMS = synonym_sample);
CREATE TEXT SEARCH DICTIONARY english_ispell (TEMPLATE = ispell, AffFile = ispell_sample, DictFile = ispell_sample, StopWords = english);
CREATE TEXT SEARCH DICTIONARY digits (TEMPLATE = simple, Accept = false);
CREATE TEXT SEARCH CONFIGURATION english_plain (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR asciiword, word WITH "Colours", english_ispell, english_stem_plain;
ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR int, uint WITH digits, simple;
ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR email WITH simple;
COMMENT ON TEXT SEARCH CONFIGURATION english_plain IS 'English, stemmed, stop words kept';
CREATE TEXT SEARCH CONFIGURATION "Nothing Mapped" (PARSER = "default");
CREATE TABLE docs (
  id integer PRIMARY KEY,
  body text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english_plain', body)) STORED,
  CONSTRAINT body_has_words CHECK (to_tsvector('english_plain'::regconfig, body) <> ''::tsvector)
);
CREATE INDEX docs_search_idx ON docs USING gin (search);
CREATE INDEX docs_body_idx ON docs USING gin (to_tsvector('"Nothing Mapped"', body));
CREATE VIEW doc_words AS SELECT id, to_tsvector('english_plain'::regconfig, body) AS words FROM docs;
