CREATE SCHEMA events_main;
CREATE TABLE events_main.events (id bigint NOT NULL, at date NOT NULL) PARTITION BY HASH (id);
CREATE TABLE events_p0 PARTITION OF events_main.events FOR VALUES WITH (MODULUS 1, REMAINDER 0);
INSERT INTO events_main.events VALUES (1, '2024-01-01');
CREATE TABLE kept (id int);
