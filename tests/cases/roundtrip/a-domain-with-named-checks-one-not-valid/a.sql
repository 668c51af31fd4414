CREATE DOMAIN email AS character varying(320)
  CONSTRAINT email_has_at CHECK (VALUE::text ~~ '%@%'::text);
ALTER DOMAIN email ADD CONSTRAINT email_short CHECK (length(VALUE) < 300) NOT VALID;
