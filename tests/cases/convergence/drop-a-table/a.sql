CREATE TABLE keep (a integer);
CREATE TABLE gone (a integer);
INSERT INTO gone VALUES (1);
