import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptAnswer, quizAttempt } from '../../src/lib/server/db/schema';
import {
	createAttempt,
	findAttempt,
	getLessonProgress,
	openAttempt,
	questionsOf,
	recordOpen,
	submitAttempt
} from '../../src/lib/server/progress';
import { gradeQuiz } from '../../src/lib/server/quiz/grade';
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

	it('remembers the draw: the open attempt comes back until it is submitted', async () => {
		const first = await openAttempt(t.db, userId, 'lesson-a', quiz);
		expect(first.questionIds).toHaveLength(5);
		expect((await openAttempt(t.db, userId, 'lesson-a', quiz)).id).toBe(first.id);
		const questions = questionsOf(first, quiz)!;
		await submitAttempt(t.db, {
			attempt: first,
			questions,
			responses: answers(questions, 5),
			grade: gradeQuiz(questions, answers(questions, 5), 80),
			passPercent: 80
		});
		expect((await openAttempt(t.db, userId, 'lesson-a', quiz)).id).not.toBe(first.id);
		// A new quiz version never reuses an old draw.
		expect(questionsOf(first, { ...quiz, version: 'v2' })).toBeUndefined();
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

	it('100 parallel different attempts: 100 recorded, best percent is the maximum', async () => {
		const attempts = await Promise.all(
			Array.from({ length: 100 }, () => createAttempt(t.db, userId, 'lesson-c', quiz))
		);
		await Promise.all(
			attempts.map((attempt, i) => {
				const questions = questionsOf(attempt, quiz)!;
				const responses = answers(questions, i % 4); // 0–3 right: 0 %, 20 %, 40 %, 60 %
				return submitAttempt(t.db, {
					attempt,
					questions,
					responses,
					grade: gradeQuiz(questions, responses, 80),
					passPercent: 80
				});
			})
		);
		const submitted = await t.db
			.select()
			.from(quizAttempt)
			.where(and(eq(quizAttempt.userId, userId), eq(quizAttempt.lesson, 'lesson-c')));
		expect(submitted.filter((a) => a.submittedAt)).toHaveLength(100);
		const progress = await getLessonProgress(t.db, userId, 'lesson-c');
		expect(progress.attempts).toBe(100);
		expect(progress.bestPercent).toBe(60);
		expect(progress.passedAt).toBeNull();
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
