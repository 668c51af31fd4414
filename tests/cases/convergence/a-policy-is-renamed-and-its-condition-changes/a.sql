DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON todos FOR SELECT TO rls_conv_app USING (owner = current_user);
COMMENT ON POLICY mine ON todos IS 'old comment';
