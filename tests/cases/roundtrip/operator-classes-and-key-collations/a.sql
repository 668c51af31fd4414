CREATE TABLE docs (path text, body jsonb, title text);
CREATE INDEX docs_path_prefix ON docs (path text_pattern_ops);
CREATE INDEX docs_body_paths ON docs USING gin (body jsonb_path_ops);
CREATE INDEX docs_title_c ON docs (title COLLATE "C" DESC);
