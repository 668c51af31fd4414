CREATE TABLE money (
  amount NUMERIC(10, 2),
  ratio numeric(5,4),
  any_precision decimal,
  r real,
  d double precision,
  f double precision,
  m money
);
