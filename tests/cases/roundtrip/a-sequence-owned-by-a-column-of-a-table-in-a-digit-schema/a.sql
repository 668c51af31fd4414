CREATE SEQUENCE "9lives".s;
CREATE TABLE "9lives".t (id bigint DEFAULT nextval('"9lives".s'));
ALTER SEQUENCE "9lives".s OWNED BY "9lives".t.id;
