CREATE SCHEMA users_schema;
CREATE TABLE users_schema.users (id bigint PRIMARY KEY);
CREATE TABLE todos (owner_id bigint);
