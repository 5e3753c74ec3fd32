import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewLog, reviewReminder } from '../../src/lib/server/db/schema';
import { answerItem, nextItem, reviewSummary } from '../../src/lib/server/review/cards';
import { saveReminderSettings, sweepReviewReminders } from '../../src/lib/server/review/reminders';
import { DAILY_CAP, localDay } from '../../src/lib/server/review/scheduler';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const quiz = trueFalseQuiz(10, 5);
const pool = quiz.questions.map((q) => q.id);
const HOUR = 3_600_000;
const start = new Date('2026-11-02T09:00:00Z');

/** A learner's visits: hours since the last one, how many answers they try to give, how well. */
const visits = fc.array(
	fc.record({
		hours: fc.integer({ min: 0, max: 40 }),
		answers: fc.integer({ min: 0, max: 35 }),
		right: fc.boolean()
	}),
	{ minLength: 1, maxLength: 8 }
);
const zones = fc.constantFrom('Europe/Berlin', 'Pacific/Auckland', 'America/Los_Angeles', 'UTC');

describe.each(drivers)('the daily cap on %s', (kind) => {
	let t: TestDatabase;
	let n = 0;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	it('no local day ever gets more than DAILY_CAP reviews, nor a summary or reminder more due', async () => {
		await fc.assert(
			fc.asyncProperty(zones, visits, async (timeZone, plan) => {
				const { id } = (await createUser(t.db, {
					email: `cap${n++}-${kind}@example.com`,
					name: 'C',
					password: 'daily-cap-pass-1'
				}))!;
				// Three lessons: 30 cards, more than a day's cap, all due the next day.
				for (const lesson of ['a', 'b', 'c'])
					await takeQuiz(t.db, {
						userId: id,
						lesson,
						quiz,
						right: () => true,
						now: start,
						reviewPool: pool
					});
				await saveReminderSettings(t.db, id, { reminders: 'daily', timeZone }, 'en');
				let now = start.getTime();
				for (const visit of plan) {
					now += visit.hours * HOUR;
					const at = new Date(now);
					const before = await reviewSummary(t.db, id, at);
					expect(before.due).toBeLessThanOrEqual(DAILY_CAP - before.done);
					for (let i = 0; i < visit.answers; i++) {
						const open = await nextItem(t.db, id, at);
						if (!open) break;
						await answerItem(t.db, {
							itemId: open.item.id,
							userId: id,
							response: { type: 'truefalse', value: visit.right },
							correct: visit.right,
							unsure: false,
							now: at
						});
					}
					await sweepReviewReminders(t.db, 'https://lernpfad.test', at);
				}
				const log = await t.db
					.select({ at: reviewLog.answeredAt })
					.from(reviewLog)
					.where(eq(reviewLog.userId, id));
				const perDay = new Map<string, number>();
				for (const { at } of log) {
					const day = localDay(at, timeZone);
					perDay.set(day, (perDay.get(day) ?? 0) + 1);
				}
				for (const count of perDay.values()) expect(count).toBeLessThanOrEqual(DAILY_CAP);
				const reminders = await t.db
					.select({ due: reviewReminder.due })
					.from(reviewReminder)
					.where(eq(reviewReminder.userId, id));
				for (const r of reminders) {
					expect(r.due).toBeGreaterThan(0);
					expect(r.due).toBeLessThanOrEqual(DAILY_CAP);
				}
			}),
			{ numRuns: 6 }
		);
	}, 240_000);
});
