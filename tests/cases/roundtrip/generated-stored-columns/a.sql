CREATE TABLE lines (
  price numeric(10,2) NOT NULL,
  quantity integer NOT NULL,
  total numeric GENERATED ALWAYS AS (price * quantity::numeric) STORED,
  first_name text,
  upper_name text GENERATED ALWAYS AS (UPPER(first_name)) STORED
);
