CREATE TABLE words (word text COLLATE "C", code varchar(10) COLLATE "POSIX", plain text);
