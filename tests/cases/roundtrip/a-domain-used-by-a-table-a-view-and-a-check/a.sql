CREATE DOMAIN percent AS integer CONSTRAINT percent_range CHECK (VALUE >= 0 AND VALUE <= 100);
CREATE TABLE progress (done percent NOT NULL DEFAULT 0, label text CHECK (label <> ''::text));
CREATE VIEW half_done AS SELECT progress.label FROM progress WHERE progress.done::integer >= 50;
