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
	type Locale,
	type QuizAttempt
} from './db/schema';
import type { QuizGrade, Response } from './quiz/grade';
import { drawQuestions, newSeed } from './quiz/random';
import { historyNeeded, retakeGate, type RetakePolicy } from './quiz/retakes';
import { newAttemptSecret } from './quiz/tokens';
import type { Question, Quiz } from './quiz/types';
import { newId } from './users';

/** "Last opened" is kept to this precision: a page view writes at most once per lesson and interval. */
export const OPEN_RECORD_INTERVAL_MS = 10 * 60 * 1000;

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
	avoid: ReadonlySet<string> = new Set()
) {
	const [row] = await db
		.insert(quizAttempt)
		.values(newAttemptRow(userId, lesson, quiz, seed, avoid))
		.returning();
	return row;
}

function newAttemptRow(
	userId: string,
	lesson: string,
	quiz: Quiz,
	seed: number,
	avoid: ReadonlySet<string>
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
			avoid
		)
	};
}

export type OpenedQuiz =
	{ attempt: QuizAttempt } | { closed: { until: Date; reason: 'wait' | 'daily' } };

const openOf = (userId: string, lesson: string) =>
	and(
		eq(quizAttempt.userId, userId),
		eq(quizAttempt.lesson, lesson),
		isNull(quizAttempt.submittedAt)
	);

/**
 * The learner's open attempt, or a new draw when the retake policy allows one: a reload shows the
 * same questions, and a retake asks other questions than the last attempt where the pool allows.
 * The unique index on open attempts makes parallel loads share one draw.
 */
export async function openAttempt(
	db: Db,
	userId: string,
	lesson: string,
	quiz: Quiz,
	policy: RetakePolicy = { waitMinutes: 0, waitAfterFailures: 1, maxPerDay: null },
	now = new Date()
): Promise<OpenedQuiz> {
	const [open] = await prepared(db).openAttempt.execute({ userId, lesson });
	if (open?.quizVersion === quiz.version) return { attempt: open };
	if (open) {
		// Drawn from a quiz file that has changed since: it cannot be graded any more; make way.
		await db
			.delete(quizAttempt)
			.where(and(eq(quizAttempt.id, open.id), isNull(quizAttempt.submittedAt)));
	}
	const history = await prepared(db).attemptHistory.execute({
		userId,
		lesson,
		limit: historyNeeded(policy)
	});
	const gate = retakeGate(
		history.map((a) => ({ submittedAt: a.submittedAt!, passed: a.passed ?? false })),
		policy,
		now
	);
	if (!gate.open) return { closed: { until: gate.until, reason: gate.reason } };

	const [created] = await prepared(db).insertAttempt.execute(
		newAttemptRow(userId, lesson, quiz, newSeed(), new Set(history[0]?.questionIds ?? []))
	);
	if (created) return { attempt: created };
	// A parallel request drew first: show its attempt.
	const [winner] = await db.select().from(quizAttempt).where(openOf(userId, lesson)).limit(1);
	return winner ? { attempt: winner } : openAttempt(db, userId, lesson, quiz, policy, now);
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
