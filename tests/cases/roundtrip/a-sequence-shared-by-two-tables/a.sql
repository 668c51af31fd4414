CREATE SEQUENCE global_ids;
CREATE TABLE a (id bigint DEFAULT nextval('global_ids'));
CREATE TABLE b (id bigint DEFAULT nextval('global_ids'::regclass));
