CREATE TABLE orders (customer integer, total numeric, ref text);
CREATE INDEX orders_customer_covering ON orders (customer) INCLUDE (total, ref);
COMMENT ON INDEX orders_customer_covering IS 'Answers the totals page from the index alone';
CREATE UNIQUE INDEX orders_ref_once ON orders (ref) NULLS NOT DISTINCT;
