CREATE DOMAIN code AS varchar(4);
