CREATE DOMAIN label AS text NOT NULL DEFAULT 'x' CONSTRAINT label_short CHECK (length(VALUE) < 10);
