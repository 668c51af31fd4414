-- recon revision 0001: initial
-- project: 00_personal_todo
-- schema: "00_personal_todo"
-- parent: none
-- source: sha256:d1fdf20c2fcc034cf5a5e5791537ce0762ca579de8c5d0a14f08c35abc22d7fa
-- target: sha256:914f43d59a4c4ccca08e7102de36b19d1ae07cd001f1d1fe416d1024aaaacbd6
-- planned-from: chain
-- recon: 0.1.0
--
-- Summary (6 steps):
--   + schema 00_personal_todo
--   + enum todo_priority
--   + table todos
--   + foreign key todos.todos_user_id_fkey
--   + index todos.todos_title_idx
--   ~ schema 00_personal_todo: comment
--
-- Hazards: none

CREATE SCHEMA IF NOT EXISTS "00_personal_todo";
SET search_path TO "00_personal_todo";

-- step 1/6: + schema 00_personal_todo
CREATE SCHEMA IF NOT EXISTS "00_personal_todo";

-- step 2/6: + enum todo_priority
CREATE TYPE todo_priority AS ENUM ('low', 'normal', 'high');
COMMENT ON TYPE todo_priority IS 'How urgent a todo item is';

-- step 3/6: + table todos
CREATE TABLE todos (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  title character varying(255) NOT NULL,
  description text,
  priority todo_priority DEFAULT 'normal'::todo_priority NOT NULL,
  is_completed boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone,
  deleted_at timestamp with time zone,
  user_id bigint,
  CONSTRAINT todos_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE todos IS 'One row per todo item';
COMMENT ON COLUMN todos.deleted_at IS 'Set when the item is deleted; deleted items are kept for a while';
COMMENT ON COLUMN todos.user_id IS 'The owner, in 01_user_auth_todo.users';

-- step 4/6: + foreign key todos.todos_user_id_fkey
ALTER TABLE todos ADD CONSTRAINT todos_user_id_fkey FOREIGN KEY (user_id) REFERENCES "01_user_auth_todo".users (id) ON DELETE SET NULL;

-- step 5/6: + index todos.todos_title_idx
CREATE INDEX todos_title_idx ON todos (title) WHERE deleted_at IS NULL;
COMMENT ON INDEX todos_title_idx IS 'Searching the live items by title';

-- step 6/6: ~ schema 00_personal_todo: comment
COMMENT ON SCHEMA "00_personal_todo" IS 'Personal todo lists';

-- checksum: sha256:6ebbdd096ee5b900d2f7013f0d4f98de29ceff57a95bdfda8d8b2b49bbd4a8bc
