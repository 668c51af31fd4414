CREATE DOMAIN "Code" AS varchar(4);
CREATE TABLE t (c "Code"[], d "Code" DEFAULT 'ab');
