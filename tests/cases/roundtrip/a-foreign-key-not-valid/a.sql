CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE children (parent_id integer);
ALTER TABLE children ADD CONSTRAINT children_parent_fk FOREIGN KEY (parent_id)
  REFERENCES parents (id) NOT VALID;
