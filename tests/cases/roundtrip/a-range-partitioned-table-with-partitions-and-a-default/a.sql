SET LOCAL TimeZone = 'UTC';
CREATE TABLE measurements (taken_at timestamp with time zone NOT NULL, value double precision)
  PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_rest PARTITION OF measurements DEFAULT;
