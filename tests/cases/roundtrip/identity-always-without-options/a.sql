CREATE TABLE todos (
  id bigint GENERATED ALWAYS AS IDENTITY,
  title text,
  PRIMARY KEY (id)
);
