-- Ten rows per transaction, committed as it goes: run again, it goes on with the rows left.
-- recon: after + column users.status
-- recon: not-transactional
DO $$
BEGIN
  LOOP
    UPDATE users SET status = CASE WHEN is_active THEN 'active' ELSE 'inactive' END
    WHERE id IN (SELECT id FROM users WHERE status IS NULL ORDER BY id LIMIT 10);
    EXIT WHEN NOT FOUND;
    COMMIT;
    PERFORM pg_sleep(0.2);
  END LOOP;
END
$$;
