CREATE TABLE categories (
  id integer PRIMARY KEY,
  parent_id integer DEFAULT 1 REFERENCES categories (id) ON UPDATE RESTRICT ON DELETE SET DEFAULT
);
