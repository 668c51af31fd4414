CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE posts (user_id integer REFERENCES users);
