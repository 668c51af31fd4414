CREATE TABLE users (id integer PRIMARY KEY, email text);
CREATE TABLE posts (user_id integer REFERENCES users);
