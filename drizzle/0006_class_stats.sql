CREATE TABLE "class_question_stat" (
	"class_id" text NOT NULL,
	"lesson" text NOT NULL,
	"question_id" text NOT NULL,
	"shown" integer NOT NULL,
	"correct" integer NOT NULL,
	"first_attempts" integer NOT NULL,
	"first_correct" integer NOT NULL,
	"n" integer NOT NULL,
	"sx" double precision NOT NULL,
	"sy" double precision NOT NULL,
	"sxy" double precision NOT NULL,
	"syy" double precision NOT NULL,
	CONSTRAINT "class_question_stat_class_id_lesson_question_id_pk" PRIMARY KEY("class_id","lesson","question_id")
);
--> statement-breakpoint
CREATE TABLE "class_wrong_choice" (
	"class_id" text NOT NULL,
	"lesson" text NOT NULL,
	"question_id" text NOT NULL,
	"choice" text NOT NULL,
	"times" integer NOT NULL,
	CONSTRAINT "class_wrong_choice_class_id_lesson_question_id_choice_pk" PRIMARY KEY("class_id","lesson","question_id","choice")
);
--> statement-breakpoint
ALTER TABLE "class_question_stat" ADD CONSTRAINT "class_question_stat_class_id_class_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."class"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_wrong_choice" ADD CONSTRAINT "class_wrong_choice_class_id_class_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."class"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill from the attempts already submitted (the same sums as src/lib/server/class-stats.ts).
WITH ca AS (
	SELECT a.id, a.user_id, a.lesson, a.score, a.max_score,
		NOT EXISTS (SELECT 1 FROM quiz_attempt b
			WHERE b.user_id = a.user_id AND b.lesson = a.lesson AND b.submitted_at IS NOT NULL
				AND (b.submitted_at, b.id) < (a.submitted_at, a.id)) AS first
	FROM quiz_attempt a WHERE a.submitted_at IS NOT NULL
),
items AS (
	SELECT e.class_id, ca.lesson, aa.question_id, ca.first, aa.correct,
		(ca.score::float8 - aa.points::float8) / nullif(ca.max_score - 1, 0) AS y
	FROM ca JOIN attempt_answer aa ON aa.attempt_id = ca.id
	JOIN enrollment e ON e.user_id = ca.user_id
)
INSERT INTO "class_question_stat" (class_id, lesson, question_id, shown, correct, first_attempts,
	first_correct, n, sx, sy, sxy, syy)
SELECT class_id, lesson, question_id, count(*), count(*) FILTER (WHERE correct),
	count(*) FILTER (WHERE first), count(*) FILTER (WHERE first AND correct),
	count(y), coalesce(count(y) FILTER (WHERE correct), 0)::float8,
	coalesce(sum(y), 0), coalesce(sum(y) FILTER (WHERE correct), 0), coalesce(sum(y * y), 0)
FROM items GROUP BY class_id, lesson, question_id;
--> statement-breakpoint
INSERT INTO "class_wrong_choice" (class_id, lesson, question_id, choice, times)
SELECT e.class_id, a.lesson, aa.question_id, o.choice, count(*)
FROM quiz_attempt a
JOIN attempt_answer aa ON aa.attempt_id = a.id AND NOT aa.correct
JOIN enrollment e ON e.user_id = a.user_id
CROSS JOIN LATERAL (
	SELECT aa.response->>'option' AS choice WHERE aa.response->>'type' = 'single'
	UNION ALL
	SELECT c FROM jsonb_array_elements_text(CASE WHEN aa.response->>'type' = 'multiple' THEN aa.response->'options' END) c
	WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(aa.question->'options') k
		WHERE k->>'id' = c AND coalesce((k->>'correct')::boolean, false))
	UNION ALL
	SELECT aa.response->>'value' WHERE aa.response->>'type' IN ('truefalse', 'number')
	UNION ALL
	SELECT (aa.response->'order')::text WHERE aa.response->>'type' = 'order' AND aa.response->'order' IS NOT NULL
	UNION ALL
	SELECT p.key || '=' || p.value FROM jsonb_each_text(CASE WHEN aa.response->>'type' = 'match' THEN aa.response->'pairs' END) p
	WHERE p.key <> p.value AND p.value <> ''
) o
WHERE a.submitted_at IS NOT NULL AND o.choice IS NOT NULL
GROUP BY 1, 2, 3, 4;
