CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL DEFAULT 0, updated_at timestamptz);
CREATE VIEW rich AS SELECT id FROM accounts WHERE balance > 1000;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
CREATE FUNCTION balance_of(p_id integer, OUT p_balance numeric, INOUT p_flag boolean DEFAULT false)
  LANGUAGE sql STABLE STRICT SECURITY DEFINER LEAKPROOF PARALLEL RESTRICTED COST 7
  SET search_path = app, pg_temp SET work_mem = '64MB'
  AS $$SELECT balance, p_flag FROM accounts WHERE id = p_id$$;
CREATE FUNCTION all_ids() RETURNS SETOF integer LANGUAGE sql ROWS 50 PARALLEL SAFE
  BEGIN ATOMIC SELECT id FROM accounts; END;
CREATE FUNCTION twice(VARIADIC n integer[]) RETURNS TABLE(a integer, b integer) LANGUAGE sql IMMUTABLE
  RETURN (n[1], n[1] * 2);
CREATE PROCEDURE reset_all(p_to numeric DEFAULT 0) LANGUAGE plpgsql SECURITY DEFINER
  AS $$BEGIN UPDATE accounts SET balance = p_to; END$$;
CREATE FUNCTION sum_state(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$SELECT $1 + $2$$;
CREATE FUNCTION sum_final(numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT $1::text$$;
CREATE AGGREGATE total(numeric) (SFUNC = sum_state, STYPE = numeric, FINALFUNC = sum_final, COMBINEFUNC = sum_state, INITCOND = '0', PARALLEL = SAFE);
COMMENT ON FUNCTION touch() IS 'keeps updated_at';
COMMENT ON AGGREGATE total(numeric) IS 'a sum as text';
CREATE TRIGGER accounts_touch BEFORE UPDATE OF balance ON accounts FOR EACH ROW
  WHEN (OLD.balance IS DISTINCT FROM NEW.balance) EXECUTE FUNCTION touch();
CREATE TRIGGER accounts_log AFTER UPDATE ON accounts REFERENCING NEW TABLE AS added OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION touch('one', 'two');
CREATE CONSTRAINT TRIGGER accounts_check AFTER INSERT ON accounts DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE accounts ENABLE REPLICA TRIGGER accounts_check;
CREATE TRIGGER rich_insert INSTEAD OF INSERT ON rich FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TRIGGER accounts_touch ON accounts IS 'touches';
