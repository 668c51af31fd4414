CREATE TABLE users (email text, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_lower ON users (LOWER(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_deleted ON users (deleted_at) WHERE (deleted_at IS NOT NULL);
CREATE INDEX users_domain ON users (split_part(email, '@'::text, 2), email);
