CREATE TABLE t (
  a integer CONSTRAINT a_positive CHECK (a > 0),
  b integer CONSTRAINT b_small CHECK (b < 10),
  c integer CONSTRAINT c_old_name CHECK (c <> 0)
);
