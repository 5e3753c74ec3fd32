import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewCard, reviewLog, reviewSettings } from '../../src/lib/server/db/schema';
import { deleteAccount } from '../../src/lib/server/account/delete';
import { exportPersonalData } from '../../src/lib/server/account/export';
import { reviewItem } from '../../src/lib/server/db/schema';
import { answerItem, nextItem, reviewSummary } from '../../src/lib/server/review/cards';
import { DAILY_CAP } from '../../src/lib/server/review/scheduler';
import { classRetention, learnerRetention } from '../../src/lib/server/review/retention';
import { createClass, joinClass } from '../../src/lib/server/classes';
import { syncReviewPools } from '../../src/lib/server/review/sync';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const quiz = trueFalseQuiz(9, 5);
const pool = quiz.questions.map((q) => q.id);
const DAY = 86_400_000;
const passedAt = new Date('2026-11-02T09:00:00Z');

describe.each(drivers)('review cards on %s', (kind) => {
	let t: TestDatabase;
	let n = 0;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	const learner = async () =>
		(await createUser(t.db, {
			email: `r${n++}-${kind}@example.com`,
			name: 'R',
			password: 'review-learner-pass'
		}))!.id;
	const cardsOf = (userId: string) =>
		t.db.select().from(reviewCard).where(eq(reviewCard.userId, userId));
	const pass = (userId: string, lesson = 'l1', right = true) =>
		takeQuiz(t.db, { userId, lesson, quiz, right: () => right, now: passedAt, reviewPool: pool });

	it('a failed quiz makes no cards; the first pass makes one per question of the pool', async () => {
		const userId = await learner();
		await pass(userId, 'l1', false);
		expect(await cardsOf(userId)).toHaveLength(0);
		expect((await reviewSummary(t.db, userId, passedAt)).cards).toBe(0);
		await pass(userId);
		const cards = await cardsOf(userId);
		expect(cards.map((c) => c.questionId).sort()).toEqual([...pool].sort());
		expect(cards.every((c) => c.due.getTime() === passedAt.getTime() + DAY)).toBe(true);
		// Nothing is due on the day of the pass; all of it the next day.
		expect((await reviewSummary(t.db, userId, passedAt)).due).toBe(0);
		expect(await nextItem(t.db, userId, passedAt)).toBeUndefined();
		expect((await reviewSummary(t.db, userId, new Date(passedAt.getTime() + DAY))).due).toBe(9);
	});

	it('parallel submissions of one item record one answer', async () => {
		const userId = await learner();
		await pass(userId);
		const at = new Date(passedAt.getTime() + 2 * DAY);
		const [a, b] = await Promise.all([nextItem(t.db, userId, at), nextItem(t.db, userId, at)]);
		expect(a!.item.id).toBe(b!.item.id);
		const answer = {
			itemId: a!.item.id,
			userId,
			response: { type: 'truefalse', value: true } as const,
			correct: true,
			unsure: false,
			now: at
		};
		const results = await Promise.all([answerItem(t.db, answer), answerItem(t.db, answer)]);
		expect(results.filter(Boolean)).toHaveLength(1);
		const logs = await t.db.select().from(reviewLog).where(eq(reviewLog.userId, userId));
		expect(logs).toHaveLength(1);
		const [card] = (await cardsOf(userId)).filter((c) => c.id === a!.card.id);
		expect(card.reps).toBe(1);
		expect(card.due.getTime()).toBeGreaterThan(at.getTime() + DAY / 2);
		// The answered card is not offered again the same day.
		const next = await nextItem(t.db, userId, at);
		expect(next!.card.id).not.toBe(card.id);
		// The log is append-only.
		await expect(
			t.db.update(reviewLog).set({ correct: false }).where(eq(reviewLog.userId, userId))
		).rejects.toThrow();
	});

	it("caps a day at DAILY_CAP answers, counted in the learner's time zone", async () => {
		const userId = await learner();
		await t.db.insert(reviewSettings).values({ userId, timeZone: 'Pacific/Auckland' });
		for (const lesson of ['a', 'b', 'c']) await pass(userId, lesson);
		const at = new Date(passedAt.getTime() + 3 * DAY);
		expect((await reviewSummary(t.db, userId, at)).due).toBe(DAILY_CAP);
		for (let i = 0; i < DAILY_CAP; i++) {
			const open = await nextItem(t.db, userId, at);
			const ok = await answerItem(t.db, {
				itemId: open!.item.id,
				userId,
				response: { type: 'truefalse', value: false },
				correct: false,
				unsure: false,
				now: at
			});
			expect(ok).toBe(true);
		}
		const summary = await reviewSummary(t.db, userId, at);
		expect(summary).toMatchObject({ due: 0, done: DAILY_CAP, timeZone: 'Pacific/Auckland' });
		expect(await nextItem(t.db, userId, at)).toBeUndefined();
		expect(summary.calendar).toHaveLength(28);
		expect(summary.calendar.at(-1)).toMatchObject({
			day: summary.today,
			count: DAILY_CAP,
			right: 0
		});
		// The next local day opens again (the 7 left plus the 20 failed ones, capped).
		expect((await reviewSummary(t.db, userId, new Date(at.getTime() + DAY))).due).toBe(DAILY_CAP);
	});

	it('sync retires cards of removed questions, revives returning ones and backfills old passes', async () => {
		const userId = await learner();
		// A pass recorded without cards (before the feature).
		await takeQuiz(t.db, { userId, lesson: 'old', quiz, right: () => true, now: passedAt });
		expect(await cardsOf(userId)).toHaveLength(0);
		const lessons = [{ slug: 'old', quiz }];
		await syncReviewPools(t.db, { lessons } as never, passedAt);
		expect(await cardsOf(userId)).toHaveLength(9);
		expect(await syncReviewPools(t.db, { lessons } as never, passedAt)).toBe(false);
		const smaller = { ...quiz, questions: quiz.questions.slice(1) };
		await syncReviewPools(t.db, { lessons: [{ slug: 'old', quiz: smaller }] } as never, passedAt);
		const retired = (await cardsOf(userId)).filter((c) => c.retiredAt);
		expect(retired.map((c) => c.questionId)).toEqual(['q1']);
		await syncReviewPools(t.db, { lessons } as never, passedAt);
		expect((await cardsOf(userId)).filter((c) => c.retiredAt)).toHaveLength(0);
	});

	it('the GDPR export holds cards and log; deleting the account removes them', async () => {
		const userId = await learner();
		await pass(userId);
		const at = new Date(passedAt.getTime() + 2 * DAY);
		const open = await nextItem(t.db, userId, at);
		await answerItem(t.db, {
			itemId: open!.item.id,
			userId,
			response: { type: 'truefalse', value: true },
			correct: true,
			unsure: true,
			now: at
		});
		const data = await exportPersonalData(t.db, userId, { locale: 'en', origin: 'https://x.test' });
		expect(data!.review.cards).toHaveLength(9);
		expect(data!.review.log).toEqual([
			expect.objectContaining({ questionId: open!.card.questionId, rating: 2, unsure: true })
		]);
		expect(await deleteAccount(t.db, userId, { revokeCertificate: false })).toMatchObject({
			kind: 'deleted'
		});
		expect(await cardsOf(userId)).toHaveLength(0);
		expect(await t.db.select().from(reviewLog).where(eq(reviewLog.userId, userId))).toHaveLength(0);
		expect(await t.db.select().from(reviewItem).where(eq(reviewItem.userId, userId))).toHaveLength(
			0
		);
	});

	it('retention counts reviews made 7 or more days after the pass, per lesson and per learner', async () => {
		const teacher = await learner();
		const klass = await createClass(t.db, teacher, 'Retention');
		const userId = await learner();
		await joinClass(t.db, klass.joinCode, userId);
		await pass(userId);
		const answer = async (days: number, correct: boolean) => {
			const at = new Date(passedAt.getTime() + days * DAY);
			const open = await nextItem(t.db, userId, at);
			await answerItem(t.db, {
				itemId: open!.item.id,
				userId,
				response: { type: 'truefalse', value: correct },
				correct,
				unsure: false,
				now: at
			});
			return open!.card.questionId;
		};
		await answer(2, false); // too early: not counted
		const forgotten = await answer(8, false);
		await answer(8, true);
		const r = await classRetention(t.db, klass.id);
		expect(r.lessons).toEqual([
			expect.objectContaining({ lesson: 'l1', review: { answers: 2, right: 1, learners: 1 } })
		]);
		expect(r.lessons[0].quiz).toMatchObject({ answers: 5, right: 5, learners: 1 });
		expect(r.forgotten).toEqual([
			{ lesson: 'l1', questionId: forgotten, answers: 1, right: 0, learners: 1 }
		]);
		expect((await learnerRetention(t.db, klass.id, [userId])).get(userId)).toEqual({
			answers: 2,
			right: 1
		});
	});
});
