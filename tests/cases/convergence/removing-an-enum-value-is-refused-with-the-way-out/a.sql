CREATE TYPE state AS ENUM ('open', 'stale', 'done');
