CREATE TABLE countries (iso char(2) UNIQUE);
CREATE TABLE cities (country char(2) REFERENCES countries (iso));
