CREATE TABLE defaults (
  created_at timestamp with time zone DEFAULT NOW(),
  updated_at timestamp with time zone DEFAULT current_timestamp,
  today date DEFAULT CURRENT_DATE,
  state character varying(20) DEFAULT 'open'::character varying,
  count integer DEFAULT 0,
  price numeric(8,2) DEFAULT 9.99,
  label text DEFAULT ''::text,
  expiry timestamptz DEFAULT (now() + '1 day'::interval)
);
