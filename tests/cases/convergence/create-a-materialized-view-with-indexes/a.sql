CREATE TABLE sales (day date, amount numeric);
INSERT INTO sales VALUES ('2024-01-01', 10), ('2024-01-01', 5);
