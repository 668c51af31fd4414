CREATE TABLE customers (region text, id integer, name text, PRIMARY KEY (region, id))
  PARTITION BY LIST (region);
CREATE INDEX customers_name ON customers (name);
CREATE TABLE customers_eu PARTITION OF customers FOR VALUES IN ('de', 'fr');
CREATE TABLE customers_us PARTITION OF customers FOR VALUES IN ('us');
