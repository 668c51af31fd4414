CREATE TABLE "My ""Odd"" Schema"."Things" ("ID" integer PRIMARY KEY, "Old Name" text);
CREATE TABLE "My ""Odd"" Schema"."Gone Table" ("X" integer);
