DO $$ BEGIN CREATE ROLE recon_t_reporting NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE recon_t_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE recon_t_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('ok', 'bad');
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric, note text, m mood);
CREATE SEQUENCE invoice_no;
CREATE FUNCTION order_total(o bigint) RETURNS numeric LANGUAGE sql AS 'SELECT total FROM orders WHERE id = o';
INSERT INTO orders VALUES (1, 10, 'first', 'ok');
