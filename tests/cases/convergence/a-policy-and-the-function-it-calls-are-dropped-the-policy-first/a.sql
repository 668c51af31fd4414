DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION is_me(who text) RETURNS boolean LANGUAGE sql STABLE AS $$SELECT who = current_user$$;
CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own ON todos FOR SELECT TO rls_conv_app USING (is_me(owner));
