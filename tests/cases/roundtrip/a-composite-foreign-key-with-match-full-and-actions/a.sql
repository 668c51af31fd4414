CREATE TABLE regions (country character(2), code text, PRIMARY KEY (country, code));
CREATE TABLE offices (
  country character(2),
  region text,
  CONSTRAINT offices_region_fk FOREIGN KEY (country, region)
    REFERENCES regions (country, code) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL
);
