CREATE TABLE rare (
  doc xml,
  bits bit(8),
  varbits bit varying(16),
  cls regclass,
  query tsquery,
  big int8range
);
