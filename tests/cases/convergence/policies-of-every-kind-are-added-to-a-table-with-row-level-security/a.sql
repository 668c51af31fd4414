DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE rls_conv_auditor; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL, done boolean NOT NULL DEFAULT false);
INSERT INTO todos VALUES (1, 'ann', false);
