import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { rows } from './db/rows';

/** Per learner: one row, lessons as a JSON object — set-based, one query for the whole class. */
export interface LearnerRow {
	userId: string;
	name: string;
	email: string;
	joinedAt: Date;
	lastActivity: Date | null;
	passed: number;
	/** lesson → [best percent, attempts, passed, last opened (ISO)] */
	lessons: Record<string, [number | null, number, boolean, string]>;
	certificateCode: string | null;
	certificateRevoked: boolean;
}

const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export async function classLearners(db: Db, classId: string): Promise<LearnerRow[]> {
	const result = await rows<Record<string, unknown>>(
		db,
		sql`select u.id as user_id, u.name, u.email, e.joined_at,
			max(lp.last_opened_at) as last_activity,
			count(lp.passed_at)::int as passed,
			coalesce(
				json_object_agg(lp.lesson, json_build_array(lp.best_percent, lp.attempts, lp.passed_at is not null, lp.last_opened_at))
					filter (where lp.lesson is not null),
				'{}'
			) as lessons,
			c.code as certificate_code, c.revoked_at as certificate_revoked_at
		from enrollment e
		join "user" u on u.id = e.user_id
		left join lesson_progress lp on lp.user_id = e.user_id
		left join certificate c on c.user_id = e.user_id
		where e.class_id = ${classId}
		group by u.id, u.name, u.email, e.joined_at, c.code, c.revoked_at`
	);
	return result.map((r) => ({
		userId: r.user_id as string,
		name: r.name as string,
		email: r.email as string,
		joinedAt: new Date(r.joined_at as string),
		lastActivity: toDate(r.last_activity),
		passed: Number(r.passed),
		lessons: (typeof r.lessons === 'string'
			? JSON.parse(r.lessons)
			: r.lessons) as LearnerRow['lessons'],
		certificateCode: (r.certificate_code as string | null) ?? null,
		certificateRevoked: r.certificate_revoked_at !== null && r.certificate_revoked_at !== undefined
	}));
}

export interface LessonSummary {
	lesson: string;
	read: number;
	tried: number;
	passed: number;
	averageBest: number | null;
}

export async function lessonSummaries(db: Db, classId: string): Promise<LessonSummary[]> {
	const result = await rows<Record<string, unknown>>(
		db,
		sql`select lp.lesson, count(*)::int as read,
			count(*) filter (where lp.attempts > 0)::int as tried,
			count(lp.passed_at)::int as passed,
			round(avg(lp.best_percent))::int as average_best
		from enrollment e join lesson_progress lp on lp.user_id = e.user_id
		where e.class_id = ${classId}
		group by lp.lesson`
	);
	return result.map((r) => ({
		lesson: r.lesson as string,
		read: Number(r.read),
		tried: Number(r.tried),
		passed: Number(r.passed),
		averageBest: r.average_best === null ? null : Number(r.average_best)
	}));
}

/** Learners who failed a lesson's quiz twice or more and have not passed it since. */
export async function repeatedFailures(db: Db, classId: string) {
	const result = await rows<Record<string, unknown>>(
		db,
		sql`select a.user_id, a.lesson, count(*)::int as fails
		from enrollment e
		join quiz_attempt a on a.user_id = e.user_id and a.submitted_at is not null and a.passed = false
		left join lesson_progress lp on lp.user_id = a.user_id and lp.lesson = a.lesson
		where e.class_id = ${classId} and lp.passed_at is null
		group by a.user_id, a.lesson
		having count(*) >= 2`
	);
	return result.map((r) => ({
		userId: r.user_id as string,
		lesson: r.lesson as string,
		fails: Number(r.fails)
	}));
}

export interface QuestionStat {
	questionId: string;
	lesson: string;
	shown: number;
	firstAttempts: number;
	/** Share correct on learners' first attempts of the lesson (0..1). */
	facility: number | null;
	/** Point-biserial correlation of the item with the rest of the attempt's score (-1..1). */
	discrimination: number | null;
	/** Option or value chosen most often in wrong answers, and how often. */
	wrongChoices: Record<string, number>;
}

/**
 * What the item statistics depend on: the class's submitted attempts (how many, the latest). A
 * cheap aggregate that changes with every submission, joined or removed learner who has attempts.
 */
export async function questionStatsVersion(db: Db, classId: string): Promise<string> {
	const [row] = await rows<{ n: number; latest: string | null }>(
		db,
		sql`select count(*)::int as n, max(a.submitted_at)::text as latest
		from quiz_attempt a join enrollment e on e.user_id = a.user_id and e.class_id = ${classId}
		where a.submitted_at is not null`
	);
	return `${row.n}/${row.latest ?? ''}`;
}

const statsCache = new Map<string, { version: string; stats: Promise<QuestionStat[]> }>();

/**
 * `questionStats` scans every answer of the class (nine tenths of the class page's time): kept per
 * class and process until an attempt is submitted, so paging, sorting and filtering don't redo it.
 */
export async function cachedQuestionStats(db: Db, classId: string): Promise<QuestionStat[]> {
	const version = await questionStatsVersion(db, classId);
	const hit = statsCache.get(classId);
	if (hit?.version === version) return hit.stats;
	if (statsCache.size >= 200) statsCache.clear();
	const stats = questionStats(db, classId);
	statsCache.set(classId, { version, stats });
	stats.catch(() => statsCache.delete(classId));
	return stats;
}

/** Item analysis for the class, in two set-based queries. */
export async function questionStats(db: Db, classId: string): Promise<QuestionStat[]> {
	const attempts = sql`select a.id, a.lesson, a.score, a.max_score,
			row_number() over (partition by a.user_id, a.lesson order by a.submitted_at, a.id) as nth
		from quiz_attempt a join enrollment e on e.user_id = a.user_id and e.class_id = ${classId}
		where a.submitted_at is not null`;
	const stats = await rows<Record<string, unknown>>(
		db,
		sql`with ca as (${attempts}),
		items as (
			select aa.question_id, ca.lesson, ca.nth,
				case when aa.correct then 1.0 else 0.0 end as x,
				(ca.score - aa.points) / nullif(ca.max_score - 1, 0) as y
			from attempt_answer aa join ca on ca.id = aa.attempt_id
		)
		select question_id, lesson, count(*)::int as shown,
			count(*) filter (where nth = 1)::int as first_attempts,
			avg(x) filter (where nth = 1) as facility,
			count(y)::float8 as n, sum(x) filter (where y is not null)::float8 as sx, sum(y)::float8 as sy,
			sum(x * y)::float8 as sxy, sum(y * y)::float8 as syy
		from items group by question_id, lesson`
	);
	const wrong = await rows<Record<string, unknown>>(
		db,
		sql`with ca as (${attempts})
		select aa.question_id, o.choice, count(*)::int as times
		from attempt_answer aa join ca on ca.id = aa.attempt_id
		cross join lateral (
			select aa.response->>'option' as choice where aa.response->>'type' = 'single'
			union all
			select jsonb_array_elements_text(aa.response->'options') where aa.response->>'type' = 'multiple'
			union all
			select aa.response->>'value' where aa.response->>'type' in ('truefalse', 'number')
		) o
		where not aa.correct
		group by aa.question_id, o.choice`
	);
	const choices = new Map<string, Record<string, number>>();
	for (const w of wrong) {
		const id = w.question_id as string;
		choices.set(id, { ...choices.get(id), [w.choice as string]: Number(w.times) });
	}
	return stats.map((r) => {
		const [n, sx, sy, sxy, syy] = ['n', 'sx', 'sy', 'sxy', 'syy'].map((k) => Number(r[k] ?? 0));
		return {
			questionId: r.question_id as string,
			lesson: r.lesson as string,
			shown: Number(r.shown),
			firstAttempts: Number(r.first_attempts),
			facility: r.facility === null ? null : Number(r.facility),
			discrimination: pointBiserial(n, sx, sy, sxy, syy),
			wrongChoices: choices.get(r.question_id as string) ?? {}
		};
	});
}

/** Pearson r of a 0/1 item (Σx² = Σx) with a score; null when either does not vary. */
export function pointBiserial(
	n: number,
	sx: number,
	sy: number,
	sxy: number,
	syy: number
): number | null {
	const varX = n * sx - sx * sx;
	const varY = n * syy - sy * sy;
	if (n < 2 || varX <= 1e-12 || varY <= 1e-12) return null;
	return (n * sxy - sx * sy) / Math.sqrt(varX * varY);
}

/** One learner's submitted attempts with their answers, for the instructor's learner page. */
export async function learnerAttempts(db: Db, userId: string) {
	const result = await rows<Record<string, unknown>>(
		db,
		sql`select a.id, a.lesson, a.seed, a.submitted_at, a.score, a.max_score, a.percent, a.passed,
			coalesce(json_agg(json_build_object('questionId', aa.question_id, 'question', aa.question,
				'response', aa.response, 'correct', aa.correct, 'points', aa.points)) filter (where aa.question_id is not null), '[]') as answers
		from quiz_attempt a left join attempt_answer aa on aa.attempt_id = a.id
		where a.user_id = ${userId} and a.submitted_at is not null
		group by a.id order by a.submitted_at desc`
	);
	return result.map((r) => ({
		id: r.id as string,
		lesson: r.lesson as string,
		seed: Number(r.seed),
		submittedAt: new Date(r.submitted_at as string),
		score: Number(r.score),
		maxScore: Number(r.max_score),
		percent: Number(r.percent),
		passed: Boolean(r.passed),
		answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as {
			questionId: string;
			question: import('./quiz/types').Question;
			response: import('./quiz/grade').Response;
			correct: boolean;
			points: number;
		}[]
	}));
}
