DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE rls_conv_auditor; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL, done boolean NOT NULL DEFAULT false);
ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
CREATE POLICY edit_own ON todos FOR UPDATE TO rls_conv_app USING (owner = current_user) WITH CHECK (owner = current_user);
