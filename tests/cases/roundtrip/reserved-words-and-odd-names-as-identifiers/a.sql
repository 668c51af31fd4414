CREATE TABLE "order" ("user" text, "Select" integer, "with space" text, "say ""hi""" text);
CREATE TABLE "UserAccount" ("ID" integer PRIMARY KEY);
