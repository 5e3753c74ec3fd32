import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { issueCertificateIfComplete } from './certificates/issue';
import type { Db } from './db';
import {
	attemptAnswer,
	lessonProgress,
	quizAttempt,
	type Locale,
	type QuizAttempt
} from './db/schema';
import type { QuizGrade, Response } from './quiz/grade';
import { drawQuestions, newSeed } from './quiz/random';
import type { Question, Quiz } from './quiz/types';
import { newId } from './users';

/** Marks a lesson as opened (first and last time) and returns its progress row. One upsert. */
export async function recordOpen(db: Db, userId: string, lesson: string, now = new Date()) {
	const [row] = await db
		.insert(lessonProgress)
		.values({ userId, lesson, firstOpenedAt: now, lastOpenedAt: now })
		.onConflictDoUpdate({
			target: [lessonProgress.userId, lessonProgress.lesson],
			set: { lastOpenedAt: now }
		})
		.returning();
	return row;
}

export async function getLessonProgress(db: Db, userId: string, lesson: string) {
	const [row] = await db
		.select()
		.from(lessonProgress)
		.where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lesson, lesson)));
	return row;
}

export async function getCourseProgress(db: Db, userId: string) {
	return db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId));
}

export async function createAttempt(
	db: Db,
	userId: string,
	lesson: string,
	quiz: Quiz,
	seed = newSeed()
) {
	const [row] = await db
		.insert(quizAttempt)
		.values({
			id: newId(),
			userId,
			lesson,
			quizVersion: quiz.version,
			seed,
			questionIds: drawQuestions(
				quiz.questions.map((q) => q.id),
				quiz.draw,
				seed
			)
		})
		.returning();
	return row;
}

/** The learner's open attempt for this quiz version, or a new draw: a reload shows the same questions. */
export async function openAttempt(
	db: Db,
	userId: string,
	lesson: string,
	quiz: Quiz
): Promise<QuizAttempt> {
	const [open] = await db
		.select()
		.from(quizAttempt)
		.where(
			and(
				eq(quizAttempt.userId, userId),
				eq(quizAttempt.lesson, lesson),
				eq(quizAttempt.quizVersion, quiz.version),
				isNull(quizAttempt.submittedAt)
			)
		)
		.orderBy(desc(quizAttempt.createdAt))
		.limit(1);
	return open ?? createAttempt(db, userId, lesson, quiz);
}

/** Only the owner's attempt: anyone else gets nothing (the route answers 404). */
export async function findAttempt(db: Db, attemptId: string, userId: string) {
	const [attempt] = await db
		.select()
		.from(quizAttempt)
		.where(and(eq(quizAttempt.id, attemptId), eq(quizAttempt.userId, userId)));
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
 * when this pass completes the course, issues the certificate. Returns false when the attempt had
 * already been submitted.
 */
export async function submitAttempt(db: Db, s: Submission): Promise<boolean> {
	const now = s.now ?? new Date();
	return db.transaction(async (tx) => {
		const closed = await tx
			.update(quizAttempt)
			.set({
				submittedAt: now,
				score: s.grade.score,
				maxScore: s.grade.maxScore,
				percent: s.grade.percent,
				passed: s.grade.passed
			})
			.where(and(eq(quizAttempt.id, s.attempt.id), isNull(quizAttempt.submittedAt)))
			.returning({ id: quizAttempt.id });
		if (closed.length === 0) return false;

		await tx.insert(attemptAnswer).values(
			s.questions.map((q) => ({
				attemptId: s.attempt.id,
				questionId: q.id,
				question: q,
				response: s.responses[q.id],
				correct: s.grade.answers[q.id].correct,
				points: s.grade.answers[q.id].points
			}))
		);

		const passedAt = s.grade.passed ? now : null;
		await tx
			.insert(lessonProgress)
			.values({
				userId: s.attempt.userId,
				lesson: s.attempt.lesson,
				firstOpenedAt: now,
				lastOpenedAt: now,
				bestPercent: s.grade.percent,
				attempts: 1,
				passedAt
			})
			.onConflictDoUpdate({
				target: [lessonProgress.userId, lessonProgress.lesson],
				set: {
					attempts: sql`${lessonProgress.attempts} + 1`,
					bestPercent: sql`greatest(coalesce(${lessonProgress.bestPercent}, 0), excluded.best_percent)`,
					passedAt: sql`coalesce(${lessonProgress.passedAt}, excluded.passed_at)`
				}
			});
		if (s.grade.passed && s.course) {
			await issueCertificateIfComplete(tx, {
				userId: s.attempt.userId,
				lessons: s.course.lessons,
				locale: s.course.locale,
				now
			});
		}
		return true;
	});
}
