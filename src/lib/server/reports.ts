import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { rows } from './db/rows';
import { REST_SCORE, WRONG_CHOICES } from './class-stats';

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

/**
 * How the whole-class queries read a class's progress. `per-learner`: each learner's rows through
 * the primary keys, so the cost grows with the class alone. `joined`: the class hash-joined with
 * every row of lesson_progress (and "user"): the cost grows with the whole installation, but a row
 * scanned costs far less than a lookup, so it wins once the class is a large share of it.
 * Measured both ways in docs/OPERATIONS.md (fifth pass; `npm run bench:class-queries`).
 */
export type ProgressRead = 'per-learner' | 'joined';

/** What a lookup through the primary key costs in rows scanned (measured: between 17 and 28). */
const ROWS_PER_LOOKUP = 20;

/**
 * `joined` once the class's learners, looked up one by one, would cost more than scanning every
 * progress row. Without statistics (-1: a new database, or PGlite, which runs no autovacuum) per
 * learner, whose cost is bounded by the class.
 */
export const readFor = (learners: number, progressRows: number): ProgressRead =>
	progressRows >= 0 && learners * ROWS_PER_LOOKUP > progressRows ? 'joined' : 'per-learner';

export async function progressRead(db: Db, classId: string): Promise<ProgressRead> {
	// The planner's own row estimate: kept by autovacuum, read without touching the table.
	const [r] = await rows<{ learners: number; progress: number }>(
		db,
		sql`select (select count(*)::int from enrollment where class_id = ${classId}) as learners,
			(select reltuples::float8 from pg_class where oid = 'lesson_progress'::regclass) as progress`
	);
	return readFor(Number(r.learners), Number(r.progress));
}

/**
 * The class's enrollments `e` with their progress rows `lp`, as a `from … where` to group by. Per
 * learner, `offset 0` keeps the subquery a lookup per learner (the planner would flatten it into
 * the very join it replaces).
 */
export const classProgress = (classId: string, read: ProgressRead) =>
	read === 'per-learner'
		? sql`enrollment e cross join lateral (
				select lp.* from lesson_progress lp where lp.user_id = e.user_id offset 0
			) lp where e.class_id = ${classId}`
		: sql`enrollment e join lesson_progress lp on lp.user_id = e.user_id
			where e.class_id = ${classId}`;

/** A learner's name through the primary key (`e` their enrollment), never a scan of "user". */
const userName = sql`select u.name from "user" u where u.id = e.user_id offset 0`;

interface LearnerFilter {
	/** Only these learners (the rows on screen). */
	ids?: string[];
}

/** Learners with their lessons, in name order; `filter.ids` keeps each call small (a page, a batch). */
export async function classLearners(
	db: Db,
	classId: string,
	filter: LearnerFilter = {}
): Promise<LearnerRow[]> {
	const where = [sql`e.class_id = ${classId}`];
	if (filter.ids) where.push(sql`e.user_id in ${filter.ids.length ? filter.ids : ['']}`);
	const result = await rows<Record<string, unknown>>(
		db,
		// Per learner, their lessons through the primary key (a lateral lookup): no sort or hash of
		// the class's progress rows, whatever the class size.
		sql`with l as (
			select u.id, u.name, u.email, e.joined_at from enrollment e join "user" u on u.id = e.user_id
			where ${sql.join(where, sql` and `)}
		)
		select l.id as user_id, l.name, l.email, l.joined_at, p.last_activity, p.passed, p.lessons,
			c.code as certificate_code, c.revoked_at as certificate_revoked_at
		from l
		cross join lateral (
			select max(lp.last_opened_at) as last_activity, count(lp.passed_at)::int as passed,
				coalesce(json_object_agg(lp.lesson, json_build_array(lp.best_percent, lp.attempts,
					lp.passed_at is not null, lp.last_opened_at)), '{}') as lessons
			from lesson_progress lp where lp.user_id = l.id
		) p
		left join certificate c on c.user_id = l.id
		order by l.name, l.id`
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

/** The class's learner ids in name order (the CSV reads the learners in batches of these). */
export async function classLearnerIds(
	db: Db,
	classId: string,
	read?: ProgressRead
): Promise<string[]> {
	read ??= await progressRead(db, classId);
	const result = await rows<{ id: string }>(
		db,
		read === 'per-learner'
			? sql`select e.user_id as id from enrollment e
				cross join lateral (${userName}) u
				where e.class_id = ${classId} order by u.name, e.user_id`
			: sql`select u.id from enrollment e join "user" u on u.id = e.user_id
				where e.class_id = ${classId} order by u.name, u.id`
	);
	return result.map((r) => r.id);
}

/** Per learner of the class, what filtering, sorting and the needs-help rule need — and no more. */
export interface LearnerSummary {
	userId: string;
	name: string;
	joinedAt: Date;
	lastActivity: Date | null;
	passed: number;
	opened: number;
	/** Failed a lesson's quiz twice or more and not passed it since. */
	failing: boolean;
}

export async function learnerSummaries(
	db: Db,
	classId: string,
	read?: ProgressRead
): Promise<LearnerSummary[]> {
	read ??= await progressRead(db, classId);
	const result = await rows<Record<string, unknown>>(
		db,
		read === 'per-learner'
			? // Summed within each learner's lookup: one row each, also without any progress.
				sql`select e.user_id, u.name, e.joined_at, p.last_activity, p.passed, p.opened, p.failing
				from enrollment e
				cross join lateral (${userName}) u
				cross join lateral (
					select max(lp.last_opened_at) as last_activity, count(lp.passed_at)::int as passed,
						count(*)::int as opened,
						coalesce(bool_or(lp.attempts >= 2 and lp.passed_at is null), false) as failing
					from lesson_progress lp where lp.user_id = e.user_id
				) p
				where e.class_id = ${classId}`
			: // Progress is summed per learner before the join: one small hash per learner, no sort.
				sql`with p as (
					select lp.user_id, max(lp.last_opened_at) as last_activity,
						count(lp.passed_at)::int as passed, count(*)::int as opened,
						bool_or(lp.attempts >= 2 and lp.passed_at is null) as failing
					from ${classProgress(classId, 'joined')}
					group by lp.user_id
				)
				select e.user_id, u.name, e.joined_at, p.last_activity, coalesce(p.passed, 0) as passed,
					coalesce(p.opened, 0) as opened, coalesce(p.failing, false) as failing
				from enrollment e
				join "user" u on u.id = e.user_id
				left join p on p.user_id = e.user_id
				where e.class_id = ${classId}`
	);
	return result.map((r) => ({
		userId: r.user_id as string,
		name: r.name as string,
		joinedAt: new Date(r.joined_at as string),
		lastActivity: toDate(r.last_activity),
		passed: Number(r.passed),
		opened: Number(r.opened),
		failing: r.failing === true || r.failing === 't'
	}));
}

export interface LessonSummary {
	lesson: string;
	read: number;
	tried: number;
	passed: number;
	averageBest: number | null;
}

export async function lessonSummaries(
	db: Db,
	classId: string,
	read?: ProgressRead
): Promise<LessonSummary[]> {
	read ??= await progressRead(db, classId);
	const result = await rows<Record<string, unknown>>(
		db,
		sql`select lp.lesson, count(*)::int as read,
			count(*) filter (where lp.attempts > 0)::int as tried,
			count(lp.passed_at)::int as passed,
			round(avg(lp.best_percent))::int as average_best
		from ${classProgress(classId, read)}
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
	/** Right answers among `shown`. */
	correct: number;
	firstAttempts: number;
	/** Share correct on learners' first attempts of the lesson (0..1). */
	facility: number | null;
	/** Point-biserial correlation of the item with the rest of the attempt's score (-1..1). */
	discrimination: number | null;
	/** How many answers the discrimination rests on. */
	discriminationN: number;
	/** Options, values, orders or match pairs given in wrong answers, and how often. */
	wrongChoices: Record<string, number>;
}

interface StatSums {
	question_id: string;
	lesson: string;
	shown: number;
	correct: number;
	first_attempts: number;
	first_correct: number;
	n: number;
	sx: number;
	sy: number;
	sxy: number;
	syy: number;
}

function toStats(
	sums: Record<string, unknown>[],
	wrong: Record<string, unknown>[]
): QuestionStat[] {
	const choices = new Map<string, Record<string, number>>();
	for (const w of wrong) {
		const key = `${w.lesson}/${w.question_id}`;
		choices.set(key, { ...choices.get(key), [w.choice as string]: Number(w.times) });
	}
	return sums.map((raw) => {
		const r = Object.fromEntries(
			Object.entries(raw).map(([k, v]) => [
				k,
				k === 'question_id' || k === 'lesson' ? v : Number(v)
			])
		) as unknown as StatSums;
		return {
			questionId: r.question_id,
			lesson: r.lesson,
			shown: r.shown,
			correct: r.correct,
			firstAttempts: r.first_attempts,
			facility: r.first_attempts > 0 ? r.first_correct / r.first_attempts : null,
			discrimination: pointBiserial(r.n, r.sx, r.sy, r.sxy, r.syy),
			discriminationN: r.n,
			wrongChoices: choices.get(`${r.lesson}/${r.question_id}`) ?? {}
		};
	});
}

/** The class's item statistics from the running sums (class-stats.ts): ~90 rows, any class size. */
export async function classQuestionStats(db: Db, classId: string): Promise<QuestionStat[]> {
	const [sums, wrong] = await Promise.all([
		rows<Record<string, unknown>>(
			db,
			sql`select question_id, lesson, shown, correct, first_attempts, first_correct, n, sx, sy, sxy, syy
			from class_question_stat where class_id = ${classId} and shown > 0`
		),
		rows<Record<string, unknown>>(
			db,
			sql`select lesson, question_id, choice, times
			from class_wrong_choice where class_id = ${classId} and times > 0`
		)
	]);
	return toStats(sums, wrong);
}

/** Item analysis for the class from every answer (the reference the running sums are tested against). */
export async function questionStats(db: Db, classId: string): Promise<QuestionStat[]> {
	const attempts = sql`select a.id, a.lesson, a.score, a.max_score,
			row_number() over (partition by a.user_id, a.lesson order by a.submitted_at, a.id) as nth
		from quiz_attempt a join enrollment e on e.user_id = a.user_id and e.class_id = ${classId}
		where a.submitted_at is not null`;
	const sums = await rows<Record<string, unknown>>(
		db,
		sql`with ca as (${attempts}),
		items as (
			select aa.question_id, ca.lesson, ca.nth, aa.correct, ${REST_SCORE} as y
			from attempt_answer aa join ca on ca.id = aa.attempt_id
		)
		select question_id, lesson, count(*)::int as shown, count(*) filter (where correct)::int as correct,
			count(*) filter (where nth = 1)::int as first_attempts,
			count(*) filter (where nth = 1 and correct)::int as first_correct,
			count(y)::int as n, count(y) filter (where correct)::float8 as sx,
			coalesce(sum(y), 0)::float8 as sy, coalesce(sum(y) filter (where correct), 0)::float8 as sxy,
			coalesce(sum(y * y), 0)::float8 as syy
		from items group by question_id, lesson`
	);
	const wrong = await rows<Record<string, unknown>>(
		db,
		sql`with ca as (${attempts})
		select ca.lesson, aa.question_id, o.choice, count(*)::int as times
		from attempt_answer aa join ca on ca.id = aa.attempt_id
		${WRONG_CHOICES}
		where not aa.correct and o.choice is not null
		group by ca.lesson, aa.question_id, o.choice`
	);
	return toStats(sums, wrong);
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
