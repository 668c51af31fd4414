CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
  PARTITION BY LIST (kind);
CREATE TABLE events_2025_a PARTITION OF events_2025 FOR VALUES IN ('a');
CREATE TABLE events_of_a_year_long_ago_with_a_name_that_goes_on_and_on_x PARTITION OF events
  FOR VALUES FROM ('1999-01-01') TO ('2000-01-01');
CREATE INDEX events_at_idx ON events (at);
CREATE INDEX events_kind_lower ON events (lower(kind), kind) INCLUDE (id);
-- Postgres named the partitions' indexes; two of them are renamed, at two depths.
ALTER INDEX events_2024_at_idx RENAME TO ev24_at;
ALTER INDEX events_2025_a_at_idx RENAME TO ev25a_at;
-- A partition made with its index first: the parent's index takes it as it is.
CREATE TABLE events_2026 (id bigint NOT NULL, at date NOT NULL, kind text);
CREATE INDEX ev26_at ON events_2026 (at);
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
