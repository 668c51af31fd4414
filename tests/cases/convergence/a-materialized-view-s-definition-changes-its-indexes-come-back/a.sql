CREATE TABLE sales (day date, amount numeric);
CREATE MATERIALIZED VIEW daily AS SELECT day, sum(amount) AS total FROM sales GROUP BY day;
CREATE UNIQUE INDEX daily_day_idx ON daily (day);
