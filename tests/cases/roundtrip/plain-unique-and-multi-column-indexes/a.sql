CREATE TABLE events (kind text, at timestamp with time zone, ref uuid);
CREATE INDEX ON events (kind);
CREATE INDEX ON events USING btree (kind, at);
CREATE UNIQUE INDEX ON events (ref);
