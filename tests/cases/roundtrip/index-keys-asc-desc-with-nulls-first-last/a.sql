CREATE TABLE scores (points integer, name text);
CREATE INDEX scores_board ON scores (points DESC NULLS FIRST, name ASC NULLS FIRST);
CREATE INDEX scores_low ON scores (points, name DESC NULLS LAST);
