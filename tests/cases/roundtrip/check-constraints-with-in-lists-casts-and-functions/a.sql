CREATE TABLE items (
  kind text CHECK (kind = ANY (ARRAY['a'::text, 'b'::text, 'c'::text])),
  name character varying(50) CHECK (length((name)::text) >= 1 AND length((name)::text) <= 50),
  tags text[] CHECK (cardinality(tags) <= 5)
);
