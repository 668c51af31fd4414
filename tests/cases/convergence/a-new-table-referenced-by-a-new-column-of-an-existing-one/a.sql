CREATE TABLE todos (id integer PRIMARY KEY);
