CREATE TABLE sales (day date, amount numeric);
CREATE MATERIALIZED VIEW daily_sales AS SELECT day, SUM(amount) AS total FROM sales GROUP BY day;
COMMENT ON MATERIALIZED VIEW daily_sales IS 'Refreshed nightly';
CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);
CREATE INDEX daily_sales_total ON daily_sales (total DESC);
