CREATE FUNCTION is_email(email text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT email LIKE '%@%'$$;
CREATE DOMAIN email AS text CHECK (is_email(VALUE));
CREATE TABLE users (address email);
