CREATE TABLE slots (position integer);
ALTER TABLE slots ADD UNIQUE (position) DEFERRABLE INITIALLY DEFERRED;
COMMENT ON CONSTRAINT slots_position_key ON slots IS 'Swapped in one transaction';
ALTER TABLE slots ADD CONSTRAINT slots_position_soft UNIQUE (position) DEFERRABLE INITIALLY IMMEDIATE;
