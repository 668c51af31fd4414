CREATE SCHEMA "01_user_auth";
CREATE TABLE "01_user_auth".users (id bigint PRIMARY KEY, name text);
CREATE TABLE todos (owner_id bigint REFERENCES "01_user_auth".users (id) ON DELETE CASCADE);
