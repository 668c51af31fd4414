CREATE TABLE orders (
  quantity integer,
  ordered_at date,
  shipped_at date,
  CHECK (quantity > 0),
  CHECK (quantity < 1000),
  CHECK (shipped_at >= ordered_at)
);
ALTER TABLE orders ADD CHECK (quantity <> 13) NOT VALID;
COMMENT ON CONSTRAINT orders_quantity_check ON orders IS 'At least one';
COMMENT ON CONSTRAINT orders_check ON orders IS 'No time travel';
COMMENT ON CONSTRAINT orders_quantity_check2 ON orders IS 'Unlucky';
