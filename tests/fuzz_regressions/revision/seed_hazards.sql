-- recon revision 0002: drop_old
-- project: 00_personal_todo
-- schema: "00_personal_todo"
-- parent: 0001 sha256:6ebbdd096ee5b900d2f7013f0d4f98de29ceff57a95bdfda8d8b2b49bbd4a8bc
-- source: sha256:d1fdf20c2fcc034cf5a5e5791537ce0762ca579de8c5d0a14f08c35abc22d7fa
-- target: sha256:914f43d59a4c4ccca08e7102de36b19d1ae07cd001f1d1fe416d1024aaaacbd6
-- planned-from: database
-- recon: 0.1.0
--
-- Summary (3 steps):
--   - index todos.ix_old  [data-loss]
--   + index todos.ix_new\ttab
--   ~ column todos.done: set not null  [data-loss, table-rewrite]
--
-- Hazards: data-loss x2, table-rewrite x1

CREATE SCHEMA IF NOT EXISTS "00_personal_todo";
SET search_path TO "00_personal_todo";

-- step 1/3: - index todos.ix_old
-- hazard data-loss: drops index ix_old\nsecond line
DROP INDEX ix_old;

-- step 2/3: + index todos.ix_new\ttab
-- recon: not-transactional
CREATE INDEX CONCURRENTLY ix_new ON todos (title);

-- step 3/3: ~ column todos.done: set not null
-- hazard data-loss: rows with NULL fail
-- hazard table-rewrite: scans the table
-- recon: sql-lines 3
-- a comment in the SQL
ALTER TABLE todos
  ALTER COLUMN done SET NOT NULL;

-- checksum: sha256:903f31815cb69c04adade019dbb3fecccb47f1ea696d92de7ec31ed5279a6c3e
