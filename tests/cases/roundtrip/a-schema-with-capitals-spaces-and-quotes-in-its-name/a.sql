COMMENT ON SCHEMA "My ""Odd"" Schema" IS 'Named to test quoting';
CREATE TYPE "My ""Odd"" Schema"."Mood" AS ENUM ('Up', 'Down');
CREATE DOMAIN "My ""Odd"" Schema"."Short Text" AS character varying(10);
CREATE SEQUENCE "My ""Odd"" Schema"."Counter";
CREATE TABLE "My ""Odd"" Schema"."Things" (
  "ID" bigint PRIMARY KEY DEFAULT nextval('"My ""Odd"" Schema"."Counter"'),
  "How" "My ""Odd"" Schema"."Mood",
  "Label" "My ""Odd"" Schema"."Short Text"
);
ALTER SEQUENCE "My ""Odd"" Schema"."Counter" OWNED BY "My ""Odd"" Schema"."Things"."ID";
COMMENT ON TABLE "My ""Odd"" Schema"."Things" IS 'Things with odd names';
CREATE INDEX ON "My ""Odd"" Schema"."Things" ("Label");
CREATE TABLE "My ""Odd"" Schema"."Other Things" (
  "Thing ID" bigint REFERENCES "My ""Odd"" Schema"."Things"
);
CREATE VIEW "My ""Odd"" Schema"."Thing View" AS
  SELECT "ID", "How" FROM "My ""Odd"" Schema"."Things";
