CREATE TYPE color AS ENUM ('red');
COMMENT ON TYPE color IS 'Colours';
CREATE DOMAIN small AS integer;
COMMENT ON DOMAIN small IS 'A small number';
CREATE SEQUENCE ticket;
COMMENT ON SEQUENCE ticket IS 'Ticket numbers';
CREATE TABLE paint (color color, litres small,
                    CONSTRAINT paint_litres_positive CHECK (litres > 0));
COMMENT ON TABLE paint IS 'Paint pots';
COMMENT ON COLUMN paint.color IS 'Its colour';
COMMENT ON CONSTRAINT paint_litres_positive ON paint IS 'No empty pots';
CREATE INDEX paint_color ON paint (color);
COMMENT ON INDEX paint_color IS 'By colour';
