CREATE TABLE readings (value double precision);
ALTER TABLE readings ADD CONSTRAINT readings_value_finite
  CHECK (value <> 'NaN'::double precision) NOT VALID;
ALTER TABLE readings ADD CONSTRAINT readings_value_small CHECK (value < 1e9::double precision) NO INHERIT;
