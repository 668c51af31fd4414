CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE TABLE posts (user_id integer, words integer);
CREATE VIEW user_stats AS
  SELECT u.id, u.name, COUNT(p.*) AS posts, COALESCE(SUM(p.words), 0::bigint) AS words
  FROM users AS u LEFT JOIN posts AS p ON p.user_id = u.id
  GROUP BY u.id, u.name;
