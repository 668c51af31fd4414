CREATE TYPE old_mood AS ENUM ('meh');
CREATE TYPE old_inner AS (m old_mood);
CREATE TYPE old_outer AS (i old_inner, many old_inner[]);
CREATE TABLE t (id integer, o old_outer);
