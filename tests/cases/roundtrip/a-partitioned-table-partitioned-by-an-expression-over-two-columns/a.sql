CREATE TABLE metrics (at timestamp without time zone, id integer)
  PARTITION BY RANGE (date_trunc('month'::text, at), id);
CREATE TABLE metrics_low PARTITION OF metrics
  FOR VALUES FROM (MINVALUE, MINVALUE) TO ('2020-01-01 00:00:00', 0);
