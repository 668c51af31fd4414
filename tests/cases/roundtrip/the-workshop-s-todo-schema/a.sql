CREATE SCHEMA "01_user_auth_todo";
CREATE TABLE "01_user_auth_todo".users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TYPE todo_state AS ENUM ('open', 'done', 'archived');
CREATE TABLE todos (
  id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
  title character varying(255) NOT NULL,
  state todo_state DEFAULT 'open'::todo_state,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  owner_id bigint,
  CONSTRAINT todos_pkey PRIMARY KEY (id),
  CONSTRAINT todos_owner_id_fkey FOREIGN KEY (owner_id)
    REFERENCES "01_user_auth_todo".users (id) ON DELETE CASCADE
);
COMMENT ON TABLE todos IS 'One row per todo item';
CREATE INDEX todos_title_idx ON todos (title) WHERE state <> 'archived'::todo_state;
