CREATE TABLE accounts (
  email text UNIQUE,
  tenant integer,
  login text,
  phone text,
  UNIQUE (tenant, login),
  CONSTRAINT accounts_phone_once UNIQUE NULLS NOT DISTINCT (phone)
);
