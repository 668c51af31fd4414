CREATE TABLE numbers (s smallint, i integer, i4 integer, b bigint, big bigint);
