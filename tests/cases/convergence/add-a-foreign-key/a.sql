CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE posts (user_id integer);
INSERT INTO users VALUES (1);
INSERT INTO posts VALUES (1);
