CREATE TABLE "attempt_answer" (
	"attempt_id" text NOT NULL,
	"question_id" text NOT NULL,
	"question" jsonb NOT NULL,
	"response" jsonb NOT NULL,
	"correct" boolean NOT NULL,
	"points" real NOT NULL,
	CONSTRAINT "attempt_answer_attempt_id_question_id_pk" PRIMARY KEY("attempt_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "lesson_progress" (
	"user_id" text NOT NULL,
	"lesson" text NOT NULL,
	"first_opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"best_percent" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"passed_at" timestamp with time zone,
	CONSTRAINT "lesson_progress_user_id_lesson_pk" PRIMARY KEY("user_id","lesson")
);
--> statement-breakpoint
CREATE TABLE "quiz_attempt" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"lesson" text NOT NULL,
	"quiz_version" text NOT NULL,
	"seed" integer NOT NULL,
	"question_ids" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" real,
	"max_score" integer,
	"percent" integer,
	"passed" boolean
);
--> statement-breakpoint
ALTER TABLE "attempt_answer" ADD CONSTRAINT "attempt_answer_attempt_id_quiz_attempt_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."quiz_attempt"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempt" ADD CONSTRAINT "quiz_attempt_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quiz_attempt_user_lesson_idx" ON "quiz_attempt" USING btree ("user_id","lesson","created_at");--> statement-breakpoint
CREATE INDEX "quiz_attempt_lesson_submitted_idx" ON "quiz_attempt" USING btree ("lesson","submitted_at");