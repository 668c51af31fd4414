CREATE TABLE notes (body text, plain text);
COMMENT ON TABLE notes IS 'One row per note';
COMMENT ON COLUMN notes.body IS 'What the note says; it''s free text';
