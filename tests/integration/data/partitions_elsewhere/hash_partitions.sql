-- Hash partitions kept in a schema of their own, next to their parent's.
CREATE SCHEMA app_main;
CREATE SCHEMA app_parts;
CREATE TABLE app_main.readings (id bigint NOT NULL, value numeric) PARTITION BY HASH (id);
CREATE TABLE app_parts.readings_p0 PARTITION OF app_main.readings
  FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE app_parts.readings_p1 PARTITION OF app_main.readings
  FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE app_parts.settings (key text PRIMARY KEY);
