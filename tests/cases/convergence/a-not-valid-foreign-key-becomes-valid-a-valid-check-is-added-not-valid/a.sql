CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE children (parent_id integer, n integer);
ALTER TABLE children ADD CONSTRAINT children_parent_id_fkey FOREIGN KEY (parent_id)
  REFERENCES parents NOT VALID;
