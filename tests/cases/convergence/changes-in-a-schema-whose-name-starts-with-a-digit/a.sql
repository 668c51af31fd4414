CREATE TYPE "00_personal_todo".todo_state AS ENUM ('open', 'done');
CREATE TABLE "00_personal_todo".todos (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                       title text);
