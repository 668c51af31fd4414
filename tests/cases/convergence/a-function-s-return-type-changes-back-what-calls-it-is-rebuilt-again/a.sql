CREATE FUNCTION score(n integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$SELECT n::bigint * 3$$;
CREATE TABLE games (id integer PRIMARY KEY, points integer DEFAULT score(1) CHECK (score(points) >= 0));
CREATE INDEX games_score_idx ON games (score(points));
CREATE VIEW scores AS SELECT id, score(points) AS score FROM games;
INSERT INTO games VALUES (1, 5);
