DO $$ BEGIN CREATE ROLE recon_t_reporting NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE recon_t_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE recon_t_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE kept (id int);
CREATE TABLE gone (id int);
GRANT SELECT ON kept, gone TO recon_t_reporting;
ALTER DEFAULT PRIVILEGES FOR ROLE recon_t_owner IN SCHEMA app GRANT SELECT ON TABLES TO recon_t_reporting;
