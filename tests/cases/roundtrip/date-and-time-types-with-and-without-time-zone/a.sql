CREATE TABLE times (
  at timestamp with time zone,
  local timestamp without time zone,
  precise timestamp(3) with time zone,
  day date,
  clock time without time zone,
  clock_tz time with time zone,
  span interval,
  coarse timestamp(0) without time zone
);
