CREATE TYPE state AS ENUM ('open', 'stale', 'done');
CREATE DOMAIN task_state AS state NOT NULL;
