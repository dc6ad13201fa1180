CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order ""Lines""" ("Line No" int PRIMARY KEY, "select" text, "Ünïcödé" text);
CREATE INDEX "Idx With Space" ON "My Schema"."Order ""Lines""" ("select");
CREATE VIEW "My Schema"."V" AS SELECT "Line No" FROM "My Schema"."Order ""Lines""";
