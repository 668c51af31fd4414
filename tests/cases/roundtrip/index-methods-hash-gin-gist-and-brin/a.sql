CREATE TABLE logs (token text, payload jsonb, tags text[], during tstzrange, at timestamptz);
CREATE INDEX logs_token_hash ON logs USING hash (token);
CREATE INDEX logs_payload_gin ON logs USING gin (payload);
CREATE INDEX logs_tags_gin ON logs USING gin (tags);
CREATE INDEX logs_during_gist ON logs USING gist (during);
CREATE INDEX logs_at_brin ON logs USING brin (at);
