DO $$ BEGIN CREATE ROLE rls_conv_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL);
