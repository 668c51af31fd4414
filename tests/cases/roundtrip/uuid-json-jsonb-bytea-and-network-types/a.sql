CREATE TABLE misc (
  id uuid DEFAULT gen_random_uuid(),
  doc jsonb DEFAULT '{}'::jsonb,
  raw json,
  blob bytea,
  ip inet,
  net cidr,
  mac macaddr
);
