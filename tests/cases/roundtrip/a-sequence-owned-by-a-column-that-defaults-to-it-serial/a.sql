CREATE TABLE tasks (id bigserial PRIMARY KEY, title text);
