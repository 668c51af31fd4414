CREATE TABLE products (
  price numeric CHECK (price > 0),
  discount numeric,
  CHECK (price < 1000000),
  CONSTRAINT products_discount_le_price CHECK (discount <= price)
);
COMMENT ON CONSTRAINT products_discount_le_price ON products IS 'Never pay the buyer';
