CREATE TABLE memberships (
  group_id integer,
  user_id integer,
  CONSTRAINT membership_key PRIMARY KEY (group_id, user_id)
);
