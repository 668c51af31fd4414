DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
ALTER TABLE scores ENABLE ROW LEVEL SECURITY;
CREATE POLICY positive ON scores TO rls_conv_app USING (points > 0);
INSERT INTO scores VALUES (1, 5);
