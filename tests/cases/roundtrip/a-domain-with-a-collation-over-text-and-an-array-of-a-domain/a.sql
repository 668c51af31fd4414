CREATE DOMAIN code AS text COLLATE "C" CHECK (VALUE ~ '^[A-Z]+$');
CREATE TABLE codes (main code, others code[]);
