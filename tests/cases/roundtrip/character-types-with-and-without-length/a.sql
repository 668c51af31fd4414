CREATE TABLE texts (
  title character varying(255),
  code character(3),
  flag bpchar(1),
  free character varying,
  body text
);
