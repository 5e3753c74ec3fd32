ALTER TABLE "certificate" ADD COLUMN "status_index" integer;--> statement-breakpoint
-- Existing certificates get distinct bits in a random order (new ones draw a random free index).
UPDATE "certificate" SET "status_index" = s.i FROM (
	SELECT "code", (row_number() OVER (ORDER BY random()))::int - 1 AS i FROM "certificate"
) s WHERE "certificate"."code" = s."code";--> statement-breakpoint
ALTER TABLE "quiz_attempt" ADD COLUMN "secret" text DEFAULT gen_random_uuid()::text NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_status_index_unique" ON "certificate" USING btree ("status_index");--> statement-breakpoint
-- Only the newest open attempt per learner and lesson survives (no answers hang on an open attempt).
DELETE FROM "quiz_attempt" a WHERE a."submitted_at" IS NULL AND EXISTS (
	SELECT 1 FROM "quiz_attempt" b WHERE b."user_id" = a."user_id" AND b."lesson" = a."lesson"
	AND b."submitted_at" IS NULL AND (b."created_at", b."id") > (a."created_at", a."id")
);--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempt_one_open" ON "quiz_attempt" USING btree ("user_id","lesson") WHERE "quiz_attempt"."submitted_at" is null;
