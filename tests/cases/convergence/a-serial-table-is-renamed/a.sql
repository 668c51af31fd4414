CREATE TABLE old_t (id serial PRIMARY KEY);
