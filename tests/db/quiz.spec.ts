import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptAnswer, quizAttempt, type QuizAttempt } from '../../src/lib/server/db/schema';
import {
	createAttempt,
	findAttempt,
	getLessonProgress,
	OPEN_RECORD_INTERVAL_MS,
	openAttempt,
	questionsOf,
	recordOpen,
	submitAttempt
} from '../../src/lib/server/progress';
import { gradeQuiz } from '../../src/lib/server/quiz/grade';
import type { RetakePolicy } from '../../src/lib/server/quiz/retakes';
import type { Question } from '../../src/lib/server/quiz/types';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { trueFalseAnswers, trueFalseQuiz } from './quiz-fixtures';

const quiz = trueFalseQuiz(8, 5);

/** Answers `right` of the attempt's questions correctly. */
const answers = (questions: Question[], right: number) =>
	trueFalseAnswers(questions, (_, i) => i < right);

describe.each(drivers)('quiz attempts on %s', (kind) => {
	let t: TestDatabase;
	let userId: string;
	beforeAll(async () => {
		t = await freshDatabase(kind);
		userId = (await createUser(t.db, {
			email: `q-${kind}@example.com`,
			name: 'Q',
			password: 'quiz-taker-pass'
		}))!.id;
	});
	afterAll(() => t.destroy());

	/** The open attempt (the tests' policy never closes the quiz unless they say so). */
	const open = async (lesson: string, policy?: RetakePolicy, now?: Date) => {
		const opened = await openAttempt(t.db, userId, lesson, quiz, policy, now);
		if (!('attempt' in opened)) throw new Error(`quiz closed: ${JSON.stringify(opened)}`);
		return opened.attempt;
	};
	const submit = async (attempt: QuizAttempt, right: number, now?: Date) => {
		const questions = questionsOf(attempt, quiz)!;
		const responses = answers(questions, right);
		return submitAttempt(t.db, {
			attempt,
			questions,
			responses,
			grade: gradeQuiz(questions, responses, 80),
			passPercent: 80,
			now
		});
	};

	it('remembers the draw: the open attempt comes back until it is submitted', async () => {
		const first = await open('lesson-a');
		expect(first.questionIds).toHaveLength(5);
		expect((await open('lesson-a')).id).toBe(first.id);
		await submit(first, 5);
		expect((await open('lesson-a')).id).not.toBe(first.id);
		// A new quiz version never reuses an old draw.
		expect(questionsOf(first, { ...quiz, version: 'v2' })).toBeUndefined();
	});

	it('20 parallel first loads draw one attempt, and the database refuses a second open one', async () => {
		const loads = await Promise.all(Array.from({ length: 20 }, () => open('lesson-par')));
		expect(new Set(loads.map((a) => a.id)).size).toBe(1);
		const rows = await t.db
			.select()
			.from(quizAttempt)
			.where(and(eq(quizAttempt.userId, userId), eq(quizAttempt.lesson, 'lesson-par')));
		expect(rows).toHaveLength(1);
		await expect(createAttempt(t.db, userId, 'lesson-par', quiz)).rejects.toThrow();
	});

	it('an open attempt of a changed quiz makes way for a draw from the new one', async () => {
		const old = await open('lesson-v');
		const opened = await openAttempt(t.db, userId, 'lesson-v', { ...quiz, version: 'v2' });
		expect('attempt' in opened && opened.attempt.id !== old.id).toBe(true);
		expect(await findAttempt(t.db, old.id, userId)).toBeUndefined();
	});

	it('a retake asks the questions the last attempt did not (pool 8, draw 5: all 3 others)', async () => {
		for (let round = 0; round < 5; round++) {
			const first = await open(`lesson-fair-${round}`);
			await submit(first, 0);
			const retake = await open(`lesson-fair-${round}`);
			const fresh = quiz.questions.map((q) => q.id).filter((id) => !first.questionIds.includes(id));
			expect(fresh.every((id) => retake.questionIds.includes(id))).toBe(true);
			await submit(retake, 0);
			// The third draw looks at both earlier attempts: never a question seen twice (V25).
			const seenTwice = first.questionIds.filter((id) => retake.questionIds.includes(id));
			const third = await open(`lesson-fair-${round}`);
			expect(third.questionIds.filter((id) => seenTwice.includes(id))).toEqual([]);
			await submit(third, 0);
		}
	});

	it('closes the quiz after two failures in a row for the waiting time, and after the daily maximum', async () => {
		const policy: RetakePolicy = { waitMinutes: 10, waitAfterFailures: 2, maxPerDay: 3 };
		const at = (m: number) => new Date(Date.UTC(2026, 10, 27, 14, m));
		await submit(await open('lesson-wait', policy, at(0)), 1, at(1));
		await submit(await open('lesson-wait', policy, at(1)), 1, at(2));
		expect(await openAttempt(t.db, userId, 'lesson-wait', quiz, policy, at(5))).toEqual({
			closed: { until: at(12), reason: 'wait' }
		});
		await submit(await open('lesson-wait', policy, at(12)), 1, at(13));
		expect(await openAttempt(t.db, userId, 'lesson-wait', quiz, policy, at(30))).toEqual({
			closed: { until: new Date(at(1).getTime() + 24 * 3600_000), reason: 'daily' }
		});
	});

	it('records an opened lesson once and keeps the first time', async () => {
		const t1 = new Date('2026-02-01T10:00:00Z');
		const t2 = new Date('2026-02-03T10:00:00Z');
		await recordOpen(t.db, userId, 'lesson-open', t1);
		await recordOpen(t.db, userId, 'lesson-open', t2);
		const row = await getLessonProgress(t.db, userId, 'lesson-open');
		expect(row.firstOpenedAt.toISOString()).toBe(t1.toISOString());
		expect(row.lastOpenedAt.toISOString()).toBe(t2.toISOString());
		expect(row.attempts).toBe(0);
	});

	it('writes an opened lesson at most once per interval, and still returns its row', async () => {
		const t1 = new Date('2026-02-05T10:00:00Z');
		const soon = new Date(t1.getTime() + OPEN_RECORD_INTERVAL_MS - 1000);
		const later = new Date(t1.getTime() + OPEN_RECORD_INTERVAL_MS);
		await recordOpen(t.db, userId, 'lesson-often', t1);
		const unchanged = await recordOpen(t.db, userId, 'lesson-often', soon);
		expect(unchanged.lastOpenedAt.toISOString()).toBe(t1.toISOString());
		expect(unchanged.attempts).toBe(0);
		const written = await recordOpen(t.db, userId, 'lesson-often', later);
		expect(written.lastOpenedAt.toISOString()).toBe(later.toISOString());
		expect(written.firstOpenedAt.toISOString()).toBe(t1.toISOString());
	});

	it('50 parallel submissions of one attempt record exactly one', async () => {
		const attempt = await createAttempt(t.db, userId, 'lesson-b', quiz);
		const questions = questionsOf(attempt, quiz)!;
		const responses = answers(questions, 4);
		const grade = gradeQuiz(questions, responses, 80);
		const results = await Promise.all(
			Array.from({ length: 50 }, () =>
				submitAttempt(t.db, { attempt, questions, responses, grade, passPercent: 80 })
			)
		);
		expect(results.filter(Boolean)).toHaveLength(1);
		const rows = await t.db
			.select()
			.from(attemptAnswer)
			.where(eq(attemptAnswer.attemptId, attempt.id));
		expect(rows).toHaveLength(5);
		const progress = await getLessonProgress(t.db, userId, 'lesson-b');
		expect(progress.attempts).toBe(1);
		expect(progress.bestPercent).toBe(80);
		expect(progress.passedAt).not.toBeNull();
	});

	it('never lowers the best percent and keeps the first pass time', async () => {
		const submit = async (right: number, now: Date) => {
			const attempt = await createAttempt(t.db, userId, 'lesson-d', quiz);
			const questions = questionsOf(attempt, quiz)!;
			const responses = answers(questions, right);
			await submitAttempt(t.db, {
				attempt,
				questions,
				responses,
				grade: gradeQuiz(questions, responses, 80),
				passPercent: 80,
				now
			});
		};
		await submit(5, new Date('2026-02-01T10:00:00Z'));
		await submit(1, new Date('2026-02-02T10:00:00Z'));
		const progress = await getLessonProgress(t.db, userId, 'lesson-d');
		expect(progress.bestPercent).toBe(100);
		expect(progress.passedAt?.toISOString()).toBe('2026-02-01T10:00:00.000Z');
	});

	it('lets only the owner read an attempt', async () => {
		const other = (await createUser(t.db, {
			email: `other-${kind}@example.com`,
			name: 'O',
			password: 'other-user-pass'
		}))!;
		const attempt = await createAttempt(t.db, userId, 'lesson-e', quiz);
		expect(await findAttempt(t.db, attempt.id, userId)).toBeDefined();
		expect(await findAttempt(t.db, attempt.id, other.id)).toBeUndefined();
	});
});
