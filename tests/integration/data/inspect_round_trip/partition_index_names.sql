-- As pg_dump writes a partitioned index: on the parent ONLY, each partition's index by its own
-- name (some not the ones Postgres would choose), attached one by one.
CREATE SCHEMA partition_index_names;
SET search_path TO partition_index_names;
CREATE TABLE measurements (id bigint NOT NULL, sensor text NOT NULL, taken timestamptz NOT NULL)
  PARTITION BY HASH (id);
CREATE TABLE measurements_p0 PARTITION OF measurements FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE measurements_p1 PARTITION OF measurements FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE measurements_p2 PARTITION OF measurements FOR VALUES WITH (MODULUS 3, REMAINDER 2);
CREATE INDEX measurements_sensor_taken ON ONLY measurements (sensor, taken DESC);
CREATE INDEX p0_by_sensor ON measurements_p0 (sensor, taken DESC);
CREATE INDEX p1_by_sensor ON measurements_p1 (sensor, taken DESC);
CREATE INDEX measurements_p2_sensor_taken_idx ON measurements_p2 (sensor, taken DESC);
ALTER INDEX measurements_sensor_taken ATTACH PARTITION p0_by_sensor;
ALTER INDEX measurements_sensor_taken ATTACH PARTITION p1_by_sensor;
ALTER INDEX measurements_sensor_taken ATTACH PARTITION measurements_p2_sensor_taken_idx;
CREATE INDEX measurements_lower_sensor ON measurements (lower(sensor));
ALTER INDEX measurements_p1_lower_idx RENAME TO p1_lower_sensor;
