CREATE TYPE old_kind AS ENUM ('x');
CREATE TABLE t (id integer, k old_kind);
