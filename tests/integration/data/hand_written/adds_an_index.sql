-- recon: after + column users.status
UPDATE users SET status = CASE WHEN is_active THEN 'active' ELSE 'inactive' END;
CREATE INDEX users_status_idx ON users (status);
