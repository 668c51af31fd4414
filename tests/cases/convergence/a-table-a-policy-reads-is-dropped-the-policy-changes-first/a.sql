DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE members (name text PRIMARY KEY);
CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_only ON todos TO rls_conv_app USING (EXISTS (SELECT 1 FROM members m WHERE m.name = todos.owner));
