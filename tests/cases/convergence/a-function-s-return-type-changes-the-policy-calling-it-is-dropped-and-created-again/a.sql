DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION rank_of(who text) RETURNS integer LANGUAGE sql STABLE AS $$SELECT length(who)$$;
CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
CREATE POLICY ranked ON todos FOR SELECT TO rls_conv_app USING (rank_of(owner) > 0);
INSERT INTO todos VALUES (1, 'ann');
