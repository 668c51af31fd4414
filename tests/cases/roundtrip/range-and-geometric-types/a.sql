CREATE TABLE shapes (during tstzrange, ages int4range, spot point, area box, words tsvector);
