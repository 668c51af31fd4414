CREATE TABLE t (a integer, b text DEFAULT 'old', c timestamptz DEFAULT now());
