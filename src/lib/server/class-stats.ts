import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './db';

/**
 * The class page's item statistics as running sums (tables class_question_stat and
 * class_wrong_choice): the submission adds the attempt to every class of its learner, joining a
 * class adds the learner's past attempts, leaving takes them away. Each statement writes its rows in
 * key order, so two transactions touching the same counters queue instead of deadlocking.
 * `questionStats` in reports.ts computes the same from scratch (the tests compare both).
 */

/** Rest of the attempt's score, scaled to 0..1 — the y of the point-biserial. Shared with reports.ts. */
export const REST_SCORE = sql.raw(
	'(ca.score::float8 - aa.points::float8) / nullif(ca.max_score - 1, 0)'
);

/** Whether attempt `a` is its learner's first submitted attempt of the lesson. */
const FIRST = sql.raw(`not exists (select 1 from quiz_attempt b
	where b.user_id = a.user_id and b.lesson = a.lesson and b.submitted_at is not null
		and (b.submitted_at, b.id) < (a.submitted_at, a.id))`);

/**
 * Wrong choices of a wrong answer `aa`: the option (single), each chosen option outside the key
 * (multiple), the value (true/false, number), the whole order (as JSON), each wrongly matched pair
 * ("left=right"). Shared with reports.ts.
 */
export const WRONG_CHOICES = sql.raw(`cross join lateral (
	select aa.response->>'option' as choice where aa.response->>'type' = 'single'
	union all
	select c from jsonb_array_elements_text(case when aa.response->>'type' = 'multiple' then aa.response->'options' end) c
	where not exists (select 1 from jsonb_array_elements(aa.question->'options') k
		where k->>'id' = c and coalesce((k->>'correct')::boolean, false))
	union all
	select aa.response->>'value' where aa.response->>'type' in ('truefalse', 'number')
	union all
	select (aa.response->'order')::text where aa.response->>'type' = 'order' and aa.response->'order' is not null
	union all
	select p.key || '=' || p.value from jsonb_each_text(case when aa.response->>'type' = 'match' then aa.response->'pairs' end) p
	where p.key <> p.value and p.value <> ''
) o`);

interface Scope {
	/** Which submitted attempts (alias `a`). */
	attempts: SQL;
	/** Which enrollments (alias `e`) they count for. */
	classes: SQL;
}

async function apply(db: Db, scope: Scope, sign: 1 | -1) {
	const s = sql.raw(String(sign));
	const ca = sql`select a.id, a.user_id, a.lesson, a.score, a.max_score, ${FIRST} as first
		from quiz_attempt a where a.submitted_at is not null and ${scope.attempts}`;
	// Both tables in one statement (one round trip in the submission). PostgreSQL runs the main
	// insert (wrong choices) first and the unreferenced `question_stats` after it, in this order in
	// every transaction, so the row locks are still always taken in the same order.
	await db.execute(sql`with ca as (${ca}),
	items as (
		select e.class_id, ca.lesson, aa.question_id, ca.first, aa.correct, ${REST_SCORE} as y
		from ca join attempt_answer aa on aa.attempt_id = ca.id
		join enrollment e on e.user_id = ca.user_id and ${scope.classes}
	),
	question_stats as (
		insert into class_question_stat as t (class_id, lesson, question_id, shown, correct,
			first_attempts, first_correct, n, sx, sy, sxy, syy)
		select class_id, lesson, question_id, ${s} * count(*), ${s} * count(*) filter (where correct),
			${s} * count(*) filter (where first), ${s} * count(*) filter (where first and correct),
			${s} * count(y), ${s} * coalesce(count(y) filter (where correct), 0)::float8,
			${s} * coalesce(sum(y), 0), ${s} * coalesce(sum(y) filter (where correct), 0),
			${s} * coalesce(sum(y * y), 0)
		from items group by class_id, lesson, question_id order by class_id, lesson, question_id
		on conflict (class_id, lesson, question_id) do update set
			shown = t.shown + excluded.shown, correct = t.correct + excluded.correct,
			first_attempts = t.first_attempts + excluded.first_attempts,
			first_correct = t.first_correct + excluded.first_correct, n = t.n + excluded.n,
			sx = t.sx + excluded.sx, sy = t.sy + excluded.sy, sxy = t.sxy + excluded.sxy,
			syy = t.syy + excluded.syy
	)
	insert into class_wrong_choice as t (class_id, lesson, question_id, choice, times)
	select e.class_id, ca.lesson, aa.question_id, o.choice, ${s} * count(*)
	from ca join attempt_answer aa on aa.attempt_id = ca.id and not aa.correct
	join enrollment e on e.user_id = ca.user_id and ${scope.classes}
	${WRONG_CHOICES}
	where o.choice is not null
	group by 1, 2, 3, 4 order by 1, 2, 3, 4
	on conflict (class_id, lesson, question_id, choice) do update set times = t.times + excluded.times`);
}

/** In the submission's transaction, after its answers are stored. */
export const addAttempt = (db: Db, attemptId: string) =>
	apply(db, { attempts: sql`a.id = ${attemptId}`, classes: sql`true` }, 1);

/** In the transaction that enrolls the learner (after the insert) or removes them (before the delete). */
export async function addLearner(db: Db, classId: string, userId: string, sign: 1 | -1 = 1) {
	await apply(
		db,
		{ attempts: sql`a.user_id = ${userId}`, classes: sql`e.class_id = ${classId}` },
		sign
	);
	if (sign < 0) {
		await db.execute(
			sql`delete from class_question_stat where class_id = ${classId} and shown = 0`
		);
		await db.execute(sql`delete from class_wrong_choice where class_id = ${classId} and times = 0`);
	}
}

/** From scratch, for one class (bench data written straight to the tables) or all (the migration). */
export async function rebuildClassStats(db: Db, classId?: string) {
	const only = (column: string) => (classId ? sql`${sql.raw(column)} = ${classId}` : sql`true`);
	await db.execute(sql`delete from class_question_stat where ${only('class_id')}`);
	await db.execute(sql`delete from class_wrong_choice where ${only('class_id')}`);
	await apply(db, { attempts: sql`true`, classes: only('e.class_id') }, 1);
}
