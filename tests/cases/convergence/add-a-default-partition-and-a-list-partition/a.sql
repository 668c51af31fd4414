CREATE TABLE c (region text, id integer) PARTITION BY LIST (region);
CREATE TABLE c_eu PARTITION OF c FOR VALUES IN ('eu');
