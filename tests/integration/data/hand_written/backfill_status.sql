-- Every user gets a status from is_active, before is_active goes.
-- recon: after + column users.status
UPDATE users SET status = CASE WHEN is_active THEN 'active' ELSE 'inactive' END
WHERE status IS NULL;
