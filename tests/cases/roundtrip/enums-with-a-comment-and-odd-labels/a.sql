CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine', 'Happy Days');
COMMENT ON TYPE mood IS 'How it went';
CREATE TYPE empty_one AS ENUM ();
