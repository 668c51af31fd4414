CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE posts (
  author integer CONSTRAINT posts_by REFERENCES users,
  editor integer REFERENCES users ON DELETE CASCADE
);
