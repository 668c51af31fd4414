-- The middle revision of three: nothing else changes, so no anchor.
UPDATE users SET status = CASE WHEN is_active THEN 'active' ELSE 'inactive' END
WHERE status IS NULL;
