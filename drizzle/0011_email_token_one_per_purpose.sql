DROP INDEX "email_token_user_idx";--> statement-breakpoint
-- custom (must stay before the unique index): keep only the newest link per user and purpose
DELETE FROM "email_token" AS "old" USING "email_token" AS "newer" WHERE "newer"."user_id" = "old"."user_id" AND "newer"."purpose" = "old"."purpose" AND ("newer"."created_at", "newer"."id") > ("old"."created_at", "old"."id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_token_user_purpose_idx" ON "email_token" USING btree ("user_id","purpose");
