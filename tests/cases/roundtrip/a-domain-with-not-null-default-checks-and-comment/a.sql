CREATE DOMAIN positive_amount AS numeric(12,2) NOT NULL DEFAULT 0 CHECK (VALUE >= 0);
COMMENT ON DOMAIN positive_amount IS 'Money that is never negative';
CREATE TABLE invoices (total positive_amount);
