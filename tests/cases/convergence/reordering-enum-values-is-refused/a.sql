CREATE TYPE state AS ENUM ('a', 'b');
