CREATE TABLE flags (done boolean NOT NULL DEFAULT FALSE, visible bool DEFAULT true);
