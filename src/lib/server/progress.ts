import { and, eq, isNull, sql } from 'drizzle-orm';
import { addAttempt } from './class-stats';
import { enqueueScores } from './lti/score-outbox';
import { wakeScoreSender } from './lti/score-sender';
import { issueCertificateIfComplete } from './certificates/issue';
import type { Db } from './db';
import { prepared } from './db/prepared';
import { rows } from './db/rows';
import {
	attemptAnswer,
	lessonProgress,
	quizAttempt,
	type LessonProgress,
	type Locale,
	type QuizAttempt
} from './db/schema';
import type { QuizGrade, Response } from './quiz/grade';
import { drawQuestions, newSeed } from './quiz/random';
import { historyNeeded, retakeGate, type RetakePolicy } from './quiz/retakes';
import { newAttemptSecret } from './quiz/tokens';
import { createCards } from './review/cards';
import type { Question, Quiz } from './quiz/types';
import type { LessonKey, LessonState } from './lesson-state';
import { newId } from './users';

/** "Last opened" is kept to this precision: a page view writes at most once per lesson and interval. */
export const OPEN_RECORD_INTERVAL_MS = 10 * 60 * 1000;
/** Earlier attempts a new draw looks at. */
const DRAW_HISTORY = 20;

/**
 * Marks a lesson as opened (first and last time) and returns its progress row. A view within
 * `OPEN_RECORD_INTERVAL_MS` of the recorded one only reads: most page views write nothing.
 */
export async function recordOpen(db: Db, userId: string, lesson: string, now = new Date()) {
	const known = await getLessonProgress(db, userId, lesson);
	const age = known ? now.getTime() - known.lastOpenedAt.getTime() : Infinity;
	if (known && age >= 0 && age < OPEN_RECORD_INTERVAL_MS) return known;
	const [row] = await prepared(db).recordOpen.execute({ userId, lesson, now });
	return row;
}

export async function getLessonProgress(db: Db, userId: string, lesson: string) {
	const [row] = await prepared(db).lessonProgress.execute({ userId, lesson });
	return row;
}

export async function getCourseProgress(db: Db, userId: string) {
	return db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId));
}

/**
 * Draws a new attempt. Fails on the unique index `quiz_attempt_one_open` while the learner has an open
 * attempt for the lesson; use `openAttempt` from pages.
 */
export async function createAttempt(
	db: Db,
	userId: string,
	lesson: string,
	quiz: Quiz,
	seed = newSeed(),
	earlier: readonly (readonly string[])[] = []
) {
	const [row] = await db
		.insert(quizAttempt)
		.values(newAttemptRow(userId, lesson, quiz, seed, earlier))
		.returning();
	return row;
}

function newAttemptRow(
	userId: string,
	lesson: string,
	quiz: Quiz,
	seed: number,
	earlier: readonly (readonly string[])[]
) {
	return {
		id: newId(),
		userId,
		lesson,
		quizVersion: quiz.version,
		seed,
		secret: newAttemptSecret(),
		questionIds: drawQuestions(
			quiz.questions.map((q) => q.id),
			quiz.draw,
			seed,
			earlier
		)
	};
}

export type OpenedQuiz =
	{ attempt: QuizAttempt } | { closed: { until: Date; reason: 'wait' | 'daily' } };

/** What `sessionLesson` and `readLessonState` need to know of a lesson and the retake policy. */
export const lessonKey = (slug: string, quiz: Quiz, policy: RetakePolicy): LessonKey => ({
	slug,
	version: quiz.version,
	historyLimit: Math.max(historyNeeded(policy), DRAW_HISTORY)
});

/** The learner's rows in a lesson, when they were not read with the session (three reads at once). */
export async function readLessonState(db: Db, userId: string, key: LessonKey) {
	const statements = prepared(db);
	const [[progress], [open], history] = await Promise.all([
		statements.lessonProgress.execute({ userId, lesson: key.slug }),
		statements.openAttempt.execute({ userId, lesson: key.slug }),
		statements.attemptHistory.execute({ userId, lesson: key.slug, limit: key.historyLimit })
	]);
	return {
		progress,
		open,
		history: history.map((a) => ({
			submittedAt: a.submittedAt!,
			passed: a.passed ?? false,
			questionIds: a.questionIds
		}))
	} satisfies LessonState;
}

const DEFAULT_POLICY: RetakePolicy = { waitMinutes: 0, waitAfterFailures: 1, maxPerDay: null };

export interface LessonView {
	/** undefined only when the open was not recorded (`record: false`) and never was. */
	progress: LessonProgress | undefined;
	/** null when the view shows no quiz (`draw: false`, e.g. a result page). */
	quiz: OpenedQuiz | null;
}

/**
 * A learner's view of a lesson: records it as opened (at most once per `OPEN_RECORD_INTERVAL_MS`)
 * and, with `draw`, returns the open attempt or draws a new one when the retake policy allows (a
 * reload shows the same questions; a retake avoids the last attempt's questions where the pool
 * allows). `state` is what was read before (with the session, `validateSessionForLesson`); without
 * it, it is read here. Whatever must be written goes out as one statement: a first view records the
 * open and stores the draw together. The draw is computed here, before the statement. The unique
 * index on open attempts makes parallel views share one draw.
 */
export async function viewLesson(
	db: Db,
	userId: string,
	lesson: string,
	quiz: Quiz,
	o: {
		policy?: RetakePolicy;
		state?: LessonState;
		now?: Date;
		/** false: no quiz shown (a result page). */
		draw?: boolean;
		/** false: do not record the open (`openAttempt`). */
		record?: boolean;
	} = {}
): Promise<LessonView> {
	const { policy = DEFAULT_POLICY, now = new Date(), draw = true } = o;
	const state = o.state ?? (await readLessonState(db, userId, lessonKey(lesson, quiz, policy)));
	const known = state.progress;
	const age = known ? now.getTime() - known.lastOpenedAt.getTime() : Infinity;
	const record = o.record !== false && (!known || age < 0 || age >= OPEN_RECORD_INTERVAL_MS);

	let opened: OpenedQuiz | null = null;
	let row: ReturnType<typeof newAttemptRow> | undefined;
	if (draw && state.open?.quizVersion === quiz.version) opened = { attempt: state.open };
	else if (draw) {
		if (state.open) {
			// Drawn from a quiz file that has changed since: it cannot be graded any more; make way.
			await db
				.delete(quizAttempt)
				.where(and(eq(quizAttempt.id, state.open.id), isNull(quizAttempt.submittedAt)));
		}
		const gate = retakeGate(state.history, policy, now);
		if (!gate.open) opened = { closed: { until: gate.until, reason: gate.reason } };
		else {
			row = newAttemptRow(
				userId,
				lesson,
				quiz,
				newSeed(),
				state.history.map((a) => a.questionIds)
			);
		}
	}

	let progress = known;
	let created: QuizAttempt | undefined;
	if (record && row)
		({ progress, created } = await recordOpenAndDraw(db, userId, lesson, now, row));
	else if (record) [progress] = await prepared(db).recordOpen.execute({ userId, lesson, now });
	else if (row) [created] = await prepared(db).insertAttempt.execute(row);
	if (row) {
		if (created) opened = { attempt: created };
		else {
			// A parallel request drew first: show its attempt.
			const [winner] = await prepared(db).openAttempt.execute({ userId, lesson });
			opened = winner
				? { attempt: winner }
				: await openAttempt(db, userId, lesson, quiz, policy, now);
		}
	}
	return { progress, quiz: opened };
}

/**
 * A first view's writes in one statement (data-modifying CTEs): the open record (inserted, or its
 * "last opened" moved) and the new attempt (nothing when another open attempt won the unique index).
 */
async function recordOpenAndDraw(
	db: Db,
	userId: string,
	lesson: string,
	now: Date,
	a: ReturnType<typeof newAttemptRow>
) {
	const at = now.toISOString();
	const [result] = await rows<{ opened: Json; drawn: Json | null }>(
		db,
		sql`with opened as (
			insert into lesson_progress (user_id, lesson, first_opened_at, last_opened_at)
			values (${userId}, ${lesson}, ${at}::timestamptz, ${at}::timestamptz)
			on conflict (user_id, lesson) do update set last_opened_at = excluded.last_opened_at
			returning *
		), drawn as (
			insert into quiz_attempt (id, user_id, lesson, quiz_version, seed, secret, question_ids)
			values (${a.id}, ${userId}, ${lesson}, ${a.quizVersion}, ${a.seed}, ${a.secret},
				${JSON.stringify(a.questionIds)}::jsonb)
			on conflict do nothing
			returning *
		)
		select (select to_jsonb(opened) from opened) as opened,
			(select to_jsonb(drawn) from drawn) as drawn`
	);
	return {
		progress: progressFromJson(parsed(result.opened)),
		created: result.drawn ? attemptFromJson(parsed(result.drawn)) : undefined
	};
}

type Json = Record<string, unknown> | string;
const parsed = (j: Json) => (typeof j === 'string' ? JSON.parse(j) : j) as Record<string, never>;
const date = (v: string | null) => (v === null ? null : new Date(v));

function progressFromJson(r: Record<string, never>): LessonProgress {
	return {
		userId: r.user_id,
		lesson: r.lesson,
		firstOpenedAt: new Date(r.first_opened_at),
		lastOpenedAt: new Date(r.last_opened_at),
		bestPercent: r.best_percent,
		attempts: r.attempts,
		passedAt: date(r.passed_at)
	};
}

function attemptFromJson(r: Record<string, never>): QuizAttempt {
	return {
		id: r.id,
		userId: r.user_id,
		lesson: r.lesson,
		quizVersion: r.quiz_version,
		seed: r.seed,
		secret: r.secret,
		questionIds: r.question_ids,
		createdAt: new Date(r.created_at),
		submittedAt: date(r.submitted_at),
		score: r.score,
		maxScore: r.max_score,
		percent: r.percent,
		passed: r.passed
	};
}

/**
 * The learner's open attempt, or a new draw when the retake policy allows one (see `viewLesson`,
 * which also records the open; this only draws).
 */
export async function openAttempt(
	db: Db,
	userId: string,
	lesson: string,
	quiz: Quiz,
	policy: RetakePolicy = DEFAULT_POLICY,
	now = new Date()
): Promise<OpenedQuiz> {
	return (await viewLesson(db, userId, lesson, quiz, { policy, now, record: false })).quiz!;
}

/** Only the owner's attempt, without its answers (a submission needs none): one query. */
export async function findOwnAttempt(db: Db, attemptId: string, userId: string) {
	const [attempt] = await db
		.select()
		.from(quizAttempt)
		.where(and(eq(quizAttempt.id, attemptId), eq(quizAttempt.userId, userId)));
	return attempt as QuizAttempt | undefined;
}

/** Only the owner's attempt: anyone else gets nothing (the route answers 404). */
export async function findAttempt(db: Db, attemptId: string, userId: string) {
	const attempt = await findOwnAttempt(db, attemptId, userId);
	if (!attempt) return undefined;
	const answers = await db
		.select()
		.from(attemptAnswer)
		.where(eq(attemptAnswer.attemptId, attempt.id));
	return { attempt, answers };
}

export function questionsOf(attempt: QuizAttempt, quiz: Quiz): Question[] | undefined {
	if (attempt.quizVersion !== quiz.version) return undefined;
	const byId = new Map(quiz.questions.map((q) => [q.id, q]));
	const questions = attempt.questionIds.map((id) => byId.get(id));
	return questions.every(Boolean) ? (questions as Question[]) : undefined;
}

export interface Submission {
	attempt: QuizAttempt;
	questions: Question[];
	responses: Record<string, Response>;
	grade: QuizGrade;
	passPercent: number;
	/** The course's lessons: a pass that completes them all issues the certificate, in this transaction. */
	course?: { lessons: readonly string[]; locale: Locale };
	/** The lesson's whole question pool: a pass puts it in the learner's review deck. */
	reviewPool?: readonly string[];
	now?: Date;
}

/**
 * One short transaction: closes the attempt (only if still open — a double click, a replay or a second
 * tab finds it closed and changes nothing), stores each answer, updates the lesson's progress and,
 * when this pass completes the course, issues the certificate; adds it to the class statistics. Returns false when the attempt had
 * already been submitted.
 */
export async function submitAttempt(db: Db, s: Submission): Promise<boolean> {
	const now = s.now ?? new Date();
	const answers = s.questions.map((q) => ({
		question_id: q.id,
		question: q,
		response: s.responses[q.id],
		correct: s.grade.answers[q.id].correct,
		points: s.grade.answers[q.id].points
	}));
	const at = now.toISOString();
	const passedAt = s.grade.passed ? at : null;
	let scores = 0;
	const done = await db.transaction(async (tx) => {
		// One statement, one round trip: close the attempt (only if still open — a replay or a
		// parallel submission finds it closed and writes nothing), store its answers, count it in the
		// lesson's progress. Each part works from the closed row, so nothing is written without it.
		const closed = await rows<{ id: string }>(
			tx,
			sql`with closed as (
				update quiz_attempt set submitted_at = ${at}::timestamptz, score = ${s.grade.score},
					max_score = ${s.grade.maxScore}, percent = ${s.grade.percent}, passed = ${s.grade.passed}
				where id = ${s.attempt.id} and submitted_at is null
				returning id, user_id, lesson
			), answers as (
				insert into attempt_answer (attempt_id, question_id, question, response, correct, points)
				select closed.id, a.question_id, a.question, a.response, a.correct, a.points
				from closed, jsonb_to_recordset(${JSON.stringify(answers)}::jsonb)
					as a(question_id text, question jsonb, response jsonb, correct boolean, points real)
			), progress as (
				insert into lesson_progress as p (user_id, lesson, first_opened_at, last_opened_at,
					best_percent, attempts, passed_at)
				select user_id, lesson, ${at}::timestamptz, ${at}::timestamptz, ${s.grade.percent}::int, 1,
					${passedAt}::timestamptz
				from closed
				on conflict (user_id, lesson) do update set attempts = p.attempts + 1,
					best_percent = greatest(coalesce(p.best_percent, 0), excluded.best_percent),
					passed_at = coalesce(p.passed_at, excluded.passed_at)
			)
			select id from closed`
		);
		if (closed.length === 0) return false;
		if (s.grade.passed && s.reviewPool) {
			await createCards(tx, s.attempt.userId, s.attempt.lesson, s.reviewPool, now);
		}

		if (s.grade.passed && s.course) {
			await issueCertificateIfComplete(tx, {
				userId: s.attempt.userId,
				lessons: s.course.lessons,
				locale: s.course.locale,
				now
			});
		}
		// The LMS gradebooks this learner is graded in (none without an LTI link: one indexed read).
		scores = await enqueueScores(tx, s.attempt.userId, s.attempt.lesson, s.course?.lessons, now);
		// Last: the class counters are shared by the class, so their row locks are held shortest.
		await addAttempt(tx, s.attempt.id);
		return true;
	});
	if (scores > 0) wakeScoreSender();
	return done;
}
