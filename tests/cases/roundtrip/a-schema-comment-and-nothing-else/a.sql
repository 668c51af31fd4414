COMMENT ON SCHEMA app IS 'Reserved for later';
