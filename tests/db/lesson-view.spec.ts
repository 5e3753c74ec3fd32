import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	createSession,
	generateSessionToken,
	SESSION_LIFETIME,
	sessionIdFromToken,
	validateSessionForLesson
} from '../../src/lib/server/auth/session';
import { prepared } from '../../src/lib/server/db/prepared';
import { lessonProgress, quizAttempt, session, user } from '../../src/lib/server/db/schema';
import {
	getLessonProgress,
	lessonKey,
	OPEN_RECORD_INTERVAL_MS,
	questionsOf,
	submitAttempt,
	viewLesson
} from '../../src/lib/server/progress';
import { gradeQuiz } from '../../src/lib/server/quiz/grade';
import type { QuizAttempt } from '../../src/lib/server/db/schema';
import type { RetakePolicy } from '../../src/lib/server/quiz/retakes';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { trueFalseAnswers, trueFalseQuiz } from './quiz-fixtures';

const quiz = trueFalseQuiz(8, 5);
const policy: RetakePolicy = { waitMinutes: 10, waitAfterFailures: 2, maxPerDay: 8 };
const DAY = 24 * 60 * 60 * 1000;

describe.each(drivers)('a signed-in lesson view on %s', (kind) => {
	let t: TestDatabase;
	let n = 0;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	/** A learner signed in at `start`, and the token of the session. */
	const learner = async (start = new Date()) => {
		const u = (await createUser(t.db, {
			email: `v${n++}-${kind}@example.com`,
			name: 'V',
			password: 'lesson-view-pass'
		}))!;
		const token = generateSessionToken();
		await createSession(t.db, token, u.id, start);
		return { id: u.id, token };
	};
	const key = (slug: string) => lessonKey(slug, quiz, policy);
	/** What a request to the lesson does: the session and the lesson's rows, then the view. */
	const visit = async (token: string, slug: string, now = new Date()) => {
		const { validation, lesson } = await validateSessionForLesson(t.db, token, key(slug), now);
		if (!validation.user || !lesson) return null;
		return viewLesson(t.db, validation.user.id, slug, quiz, { policy, state: lesson, now });
	};
	const submit = async (attempt: QuizAttempt, right: number, now: Date) => {
		const questions = questionsOf(attempt, quiz)!;
		const responses = trueFalseAnswers(questions, (_, i) => i < right);
		await submitAttempt(t.db, {
			attempt,
			questions,
			responses,
			grade: gradeQuiz(questions, responses, 80),
			passPercent: 80,
			now
		});
	};

	it('reads the progress, the open attempt and the history with the session, in one statement', async () => {
		const l = await learner();
		const first = await visit(l.token, 'lv-read');
		const attempt = first!.quiz && 'attempt' in first!.quiz ? first!.quiz.attempt : undefined;
		expect(attempt).toBeDefined();

		const { validation, lesson } = await validateSessionForLesson(t.db, l.token, key('lv-read'));
		expect(validation.user?.id).toBe(l.id);
		expect(lesson?.progress?.firstOpenedAt).toEqual(first!.progress?.firstOpenedAt);
		expect(lesson?.open).toEqual(attempt);
		// An open attempt of this version needs no new draw: the history is not read.
		expect(lesson?.history).toEqual([]);

		await submit(attempt!, 1, new Date());
		const after = await validateSessionForLesson(t.db, l.token, key('lv-read'));
		expect(after.lesson?.open).toBeUndefined();
		expect(after.lesson?.history).toEqual([
			{ submittedAt: expect.any(Date), passed: false, questionIds: attempt!.questionIds }
		]);
		// Another lesson: nothing yet.
		const other = await validateSessionForLesson(t.db, l.token, key('lv-other'));
		expect(other.lesson).toEqual({ progress: undefined, open: undefined, history: [] });
	});

	it('gives no rows through an unknown, expired or disabled session, and renews only late ones', async () => {
		const start = new Date('2026-03-01T12:00:00Z');
		const l = await learner(start);
		await visit(l.token, 'lv-auth', start);

		const unknown = await validateSessionForLesson(t.db, generateSessionToken(), key('lv-auth'));
		expect(unknown).toEqual({
			validation: { session: null, user: null, renewed: false },
			lesson: null
		});

		const renew = vi.spyOn(t.db, 'update');
		const young = await validateSessionForLesson(
			t.db,
			l.token,
			key('lv-auth'),
			new Date(start.getTime() + DAY)
		);
		expect(young.validation.renewed).toBe(false);
		expect(young.lesson?.open).toBeDefined();
		expect(renew).not.toHaveBeenCalled();

		const later = new Date(start.getTime() + 20 * DAY);
		const renewed = await validateSessionForLesson(t.db, l.token, key('lv-auth'), later);
		expect(renewed.validation.renewed).toBe(true);
		expect(renew).toHaveBeenCalledTimes(1);
		renew.mockRestore();
		const [row] = await t.db
			.select()
			.from(session)
			.where(eq(session.id, sessionIdFromToken(l.token)));
		expect(row.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME);

		const gone = await validateSessionForLesson(
			t.db,
			l.token,
			key('lv-auth'),
			new Date(later.getTime() + SESSION_LIFETIME + 1)
		);
		expect(gone.validation.session).toBeNull();
		expect(gone.lesson).toBeNull();
		expect(await t.db.select().from(session).where(eq(session.userId, l.id))).toHaveLength(0);

		const d = await learner();
		await visit(d.token, 'lv-auth');
		await t.db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, d.id));
		const disabled = await validateSessionForLesson(t.db, d.token, key('lv-auth'));
		expect(disabled.validation.user).toBeNull();
		expect(disabled.lesson).toBeNull();
	});

	it('a first view records the open and draws the attempt in one statement; a reload writes nothing', async () => {
		const l = await learner();
		const statements = prepared(t.db);
		const open = vi.spyOn(statements.recordOpen, 'execute');
		const insert = vi.spyOn(statements.insertAttempt, 'execute');
		const now = new Date();
		const first = await visit(l.token, 'lv-first', now);
		// Neither the open record nor the attempt went out as a statement of its own.
		expect(open).not.toHaveBeenCalled();
		expect(insert).not.toHaveBeenCalled();
		const attempt = first!.quiz && 'attempt' in first!.quiz ? first!.quiz.attempt : undefined;
		expect(attempt?.questionIds).toHaveLength(5);
		expect(first!.progress?.firstOpenedAt).toEqual(now);
		expect(await getLessonProgress(t.db, l.id, 'lv-first')).toEqual(first!.progress);
		const [stored] = await t.db.select().from(quizAttempt).where(eq(quizAttempt.id, attempt!.id));
		expect(attempt).toEqual(stored);

		// A reload within the interval: the same draw, nothing written.
		const write = vi.spyOn(t.db, 'execute');
		const soon = new Date(now.getTime() + 60_000);
		const reload = await visit(l.token, 'lv-first', soon);
		expect(reload!.quiz).toEqual({ attempt });
		expect(reload!.progress?.lastOpenedAt).toEqual(now);
		expect(open).not.toHaveBeenCalled();
		expect(insert).not.toHaveBeenCalled();
		expect(write).not.toHaveBeenCalled();

		// Later: the open is recorded again (only that), the draw stays.
		const later = new Date(now.getTime() + OPEN_RECORD_INTERVAL_MS);
		const again = await visit(l.token, 'lv-first', later);
		expect(again!.quiz).toEqual({ attempt });
		expect(again!.progress?.lastOpenedAt).toEqual(later);
		expect(again!.progress?.firstOpenedAt).toEqual(now);
		expect(open).toHaveBeenCalledTimes(1);
		vi.restoreAllMocks();
	});

	it('20 parallel first views draw one attempt and record one open', async () => {
		const l = await learner();
		const views = await Promise.all(Array.from({ length: 20 }, () => visit(l.token, 'lv-par')));
		const ids = views.map((v) => (v!.quiz && 'attempt' in v!.quiz ? v!.quiz.attempt.id : null));
		expect(ids.every(Boolean)).toBe(true);
		expect(new Set(ids).size).toBe(1);
		const where = (table: typeof quizAttempt | typeof lessonProgress) =>
			and(eq(table.userId, l.id), eq(table.lesson, 'lv-par'));
		expect(await t.db.select().from(quizAttempt).where(where(quizAttempt))).toHaveLength(1);
		expect(await t.db.select().from(lessonProgress).where(where(lessonProgress))).toHaveLength(1);
	});

	it('after a submission the next view draws a retake that avoids the last questions, or says when', async () => {
		const l = await learner();
		const at = (min: number) => new Date(Date.UTC(2026, 2, 1, 12, min));
		const opened = async (min: number) => (await visit(l.token, 'lv-retake', at(min)))!.quiz!;
		const first = await opened(0);
		if (!('attempt' in first)) throw new Error('closed');
		await submit(first.attempt, 1, at(1));
		const retake = await opened(2);
		if (!('attempt' in retake)) throw new Error('closed');
		// Pool 8, draw 5: the 3 questions not asked before all come back.
		const unseen = quiz.questions
			.map((q) => q.id)
			.filter((id) => !first.attempt.questionIds.includes(id));
		expect(retake.attempt.questionIds).toEqual(expect.arrayContaining(unseen));
		await submit(retake.attempt, 1, at(3));
		// Two failures in a row: closed for ten minutes after the last.
		expect(await opened(5)).toEqual({ closed: { until: at(13), reason: 'wait' } });
	});
});
