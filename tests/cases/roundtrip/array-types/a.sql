CREATE TABLE arrays (
  ids integer[],
  tags text[] DEFAULT '{}'::text[],
  codes character varying(10)[],
  grid integer[],
  moments timestamp with time zone ARRAY
);
