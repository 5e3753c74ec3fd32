CREATE TABLE "review_reminder" (
	"user_id" text NOT NULL,
	"period" text NOT NULL,
	"token_hash" text NOT NULL,
	"due" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_reminder_user_id_period_pk" PRIMARY KEY("user_id","period")
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "list_unsubscribe" text;--> statement-breakpoint
ALTER TABLE "review_reminder" ADD CONSTRAINT "review_reminder_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "review_reminder_token_unique" ON "review_reminder" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "review_reminder_created_idx" ON "review_reminder" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "review_settings_reminders_idx" ON "review_settings" USING btree ("user_id") WHERE "review_settings"."reminders" <> 'off';