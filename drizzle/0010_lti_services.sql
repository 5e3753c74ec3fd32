CREATE TABLE "lti_access_token" (
	"platform_id" text NOT NULL,
	"scopes" text NOT NULL,
	"token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lti_access_token_platform_id_scopes_pk" PRIMARY KEY("platform_id","scopes")
);
--> statement-breakpoint
CREATE TABLE "lti_deep_link" (
	"id" text PRIMARY KEY NOT NULL,
	"platform_id" text NOT NULL,
	"deployment_id" text NOT NULL,
	"return_url" text NOT NULL,
	"data" text,
	"accept_multiple" boolean NOT NULL,
	"accept_lineitem" boolean NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lti_roster_member" (
	"context_id" text NOT NULL,
	"sub" text NOT NULL,
	"name" text,
	"email" text,
	"roles" text[] NOT NULL,
	"status" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lti_roster_member_context_id_sub_pk" PRIMARY KEY("context_id","sub")
);
--> statement-breakpoint
CREATE TABLE "lti_score_outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lti_score_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"platform_id" text NOT NULL,
	"context_id" text NOT NULL,
	"resource_id" text NOT NULL,
	"lineitem_url" text,
	"user_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"gave_up_at" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lti_access_token" ADD CONSTRAINT "lti_access_token_platform_id_lti_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platform"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_deep_link" ADD CONSTRAINT "lti_deep_link_platform_id_lti_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platform"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_roster_member" ADD CONSTRAINT "lti_roster_member_context_id_lti_context_id_fk" FOREIGN KEY ("context_id") REFERENCES "public"."lti_context"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_score_outbox" ADD CONSTRAINT "lti_score_outbox_platform_id_lti_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platform"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_score_outbox" ADD CONSTRAINT "lti_score_outbox_context_id_lti_context_id_fk" FOREIGN KEY ("context_id") REFERENCES "public"."lti_context"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_score_outbox" ADD CONSTRAINT "lti_score_outbox_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lti_score_outbox_due_idx" ON "lti_score_outbox" USING btree ("next_attempt_at") WHERE "lti_score_outbox"."sent_at" is null and "lti_score_outbox"."gave_up_at" is null;--> statement-breakpoint
CREATE INDEX "lti_score_outbox_user_idx" ON "lti_score_outbox" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "lti_score_outbox_context_idx" ON "lti_score_outbox" USING btree ("context_id");