import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, reviewReminder, reviewSettings, user } from '../../src/lib/server/db/schema';
import { rows } from '../../src/lib/server/db/rows';
import { answerItem, nextItem } from '../../src/lib/server/review/cards';
import {
	findUnsubscribe,
	reminderSettings,
	saveReminderSettings,
	sweepReviewReminders,
	unsubscribe
} from '../../src/lib/server/review/reminders';
import { TIME_ZONES } from '../../src/lib/server/review/session';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const ORIGIN = 'https://lernpfad.test';
const quiz = trueFalseQuiz(9, 5);
const pool = quiz.questions.map((q) => q.id);
const DAY = 86_400_000;
// A Monday. Cards of a pass come due a day later.
const passedAt = new Date('2026-11-02T09:00:00Z');
const at = (iso: string) => new Date(iso);

describe.each(drivers)('review reminder sweep on %s', (kind) => {
	let t: TestDatabase;
	let n = 0;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	async function learner(
		o: {
			reminders?: 'off' | 'daily' | 'weekly';
			timeZone?: string;
			locale?: 'de' | 'en';
			passed?: boolean;
		} = {}
	) {
		const email = `rem${n++}-${kind}@example.com`;
		const { id } = (await createUser(t.db, { email, name: 'Rita', password: 'reminder-pass-1' }))!;
		if (o.passed !== false)
			await takeQuiz(t.db, {
				userId: id,
				lesson: 'l1',
				quiz,
				right: () => true,
				now: passedAt,
				reviewPool: pool
			});
		await saveReminderSettings(
			t.db,
			id,
			{ reminders: o.reminders ?? 'daily', timeZone: o.timeZone ?? 'Europe/Berlin' },
			o.locale ?? 'en'
		);
		return { id, email };
	}
	const mailsTo = (email: string) =>
		t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));
	const sweep = (now: Date) => sweepReviewReminders(t.db, ORIGIN, now);

	it('sends one mail, in the learner’s language, when reviews are due; none before', async () => {
		const de = await learner({ locale: 'de' });
		const en = await learner({ locale: 'en' });
		const none = await learner({ passed: false });
		const off = await learner({ reminders: 'off' });
		// The day of the pass: nothing is due yet.
		await sweep(at('2026-11-02T15:00:00Z'));
		expect(await mailsTo(de.email)).toHaveLength(0);
		await sweep(at('2026-11-03T15:00:00Z'));
		const [mail] = await mailsTo(de.email);
		expect(mail.subject).toBe('9 Fragen zum Wiederholen fällig – etwa 5 Min. · Lernpfad');
		expect(mail.text).toContain(`${ORIGIN}/review`);
		const token = mail.text.match(/\/unsubscribe\/([a-z2-7]{32})/)![1];
		expect(mail.listUnsubscribe).toBe(`${ORIGIN}/unsubscribe/${token}`);
		expect(mail.html).toContain(`${ORIGIN}/unsubscribe/${token}`);
		expect(mail.kind).toBe('review-reminder');
		// Only the hash is stored.
		const [row] = await t.db.select().from(reviewReminder).where(eq(reviewReminder.userId, de.id));
		expect(row).toMatchObject({ period: 'day:2026-11-03', due: 9 });
		expect(row.tokenHash).not.toContain(token);
		expect((await mailsTo(en.email))[0].subject).toBe(
			'9 questions due for review – about 5 min · Lernpfad'
		);
		expect(await mailsTo(none.email)).toHaveLength(0);
		expect(await mailsTo(off.email)).toHaveLength(0);
		// A disabled account gets nothing.
		const disabled = await learner();
		await t.db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, disabled.id));
		await sweep(at('2026-11-04T15:00:00Z'));
		expect(await mailsTo(disabled.email)).toHaveLength(0);
	});

	it('waits for 07:00 in the learner’s zone and stops at 21:00', async () => {
		const berlin = await learner({ timeZone: 'Europe/Berlin' });
		const tokyo = await learner({ timeZone: 'Asia/Tokyo' });
		const newYork = await learner({ timeZone: 'America/New_York' });
		// 05:30 UTC: 06:30 in Berlin, 14:30 in Tokyo, 00:30 in New York.
		await sweep(at('2026-11-03T05:30:00Z'));
		expect(await mailsTo(berlin.email)).toHaveLength(0);
		expect(await mailsTo(tokyo.email)).toHaveLength(1);
		expect(await mailsTo(newYork.email)).toHaveLength(0);
		// 06:00 UTC: 07:00 in Berlin.
		await sweep(at('2026-11-03T06:00:00Z'));
		expect(await mailsTo(berlin.email)).toHaveLength(1);
		// 02:30 UTC on the 4th: 21:30 on the 3rd in New York — too late for that day.
		await sweep(at('2026-11-04T02:30:00Z'));
		expect(await mailsTo(newYork.email)).toHaveLength(0);
		await sweep(at('2026-11-04T12:00:00Z'));
		expect(await mailsTo(newYork.email)).toHaveLength(1);
		const [row] = await t.db
			.select()
			.from(reviewReminder)
			.where(eq(reviewReminder.userId, newYork.id));
		expect(row.period).toBe('day:2026-11-04');
	});

	it('daily: one per local day; weekly: one per ISO week, whatever the number of sweeps', async () => {
		const daily = await learner({ reminders: 'daily' });
		const weekly = await learner({ reminders: 'weekly' });
		for (const day of ['03', '03', '04', '05', '05', '08', '09', '10']) {
			await sweep(at(`2026-11-${day}T10:00:00Z`));
			await sweep(at(`2026-11-${day}T17:00:00Z`));
		}
		// 3rd, 4th, 5th, 8th, 9th, 10th.
		expect(await mailsTo(daily.email)).toHaveLength(6);
		// Week 45 (from Tuesday the 3rd) and week 46 (Monday the 9th).
		const periods = await t.db
			.select({ period: reviewReminder.period })
			.from(reviewReminder)
			.where(eq(reviewReminder.userId, weekly.id));
		expect(periods.map((p) => p.period).sort()).toEqual(['week:2026-W45', 'week:2026-W46']);
		expect(await mailsTo(weekly.email)).toHaveLength(2);
	});

	it('sends nothing once the learner has done today’s reviews', async () => {
		const done = await learner();
		const now = at('2026-11-03T06:30:00Z');
		for (let i = 0; i < pool.length; i++) {
			const open = await nextItem(t.db, done.id, now);
			await answerItem(t.db, {
				itemId: open!.item.id,
				userId: done.id,
				response: { type: 'truefalse', value: true },
				correct: true,
				unsure: false,
				now
			});
		}
		await sweep(at('2026-11-03T10:00:00Z'));
		expect(await mailsTo(done.email)).toHaveLength(0);
	});

	it('two sweeps in parallel (two connections) queue one mail per learner and period', async () => {
		const many = await Promise.all(Array.from({ length: 5 }, () => learner()));
		const other = kind === 'postgres' ? await t.reopen() : { db: t.db };
		const now = at('2026-11-05T08:00:00Z');
		const counts = await Promise.all([
			sweepReviewReminders(t.db, ORIGIN, now),
			sweepReviewReminders(other.db, ORIGIN, now),
			sweepReviewReminders(t.db, ORIGIN, now)
		]);
		expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
		for (const l of many) expect(await mailsTo(l.email)).toHaveLength(1);
	});

	it('one-click unsubscribe: a token turns reminders off, looking at it changes nothing', async () => {
		const l = await learner();
		await sweep(at('2026-11-03T10:00:00Z'));
		const token = (await mailsTo(l.email))[0].text.match(/\/unsubscribe\/([a-z2-7]{32})/)![1];
		expect(await findUnsubscribe(t.db, token)).toEqual({ userId: l.id, on: true });
		expect((await reminderSettings(t.db, l.id)).reminders).toBe('daily');
		for (const bad of ['', 'x', token.toUpperCase(), 'a'.repeat(32), `${token}a`]) {
			expect(await findUnsubscribe(t.db, bad)).toBeUndefined();
			expect(await unsubscribe(t.db, bad)).toBe(false);
		}
		expect(await unsubscribe(t.db, token)).toBe(true);
		expect(await reminderSettings(t.db, l.id)).toEqual({
			reminders: 'off',
			timeZone: 'Europe/Berlin'
		});
		// Again (a provider retrying): still fine, still off.
		expect(await unsubscribe(t.db, token)).toBe(true);
		await sweep(at('2026-11-04T10:00:00Z'));
		expect(await mailsTo(l.email)).toHaveLength(1);
	});

	it('opting in keeps the language the learner used, unless they chose one', async () => {
		const { id } = (await createUser(t.db, {
			email: `lang-${kind}@example.com`,
			name: 'L',
			password: 'reminder-pass-1'
		}))!;
		await saveReminderSettings(t.db, id, { reminders: 'weekly', timeZone: 'UTC' }, 'en');
		await saveReminderSettings(t.db, id, { reminders: 'daily', timeZone: 'UTC' }, 'de');
		const [row] = await t.db.select({ locale: user.locale }).from(user).where(eq(user.id, id));
		expect(row.locale).toBe('en');
		const [settings] = await t.db
			.select()
			.from(reviewSettings)
			.where(eq(reviewSettings.userId, id));
		expect(settings).toMatchObject({ reminders: 'daily', timeZone: 'UTC' });
	});

	it('unsubscribe tokens older than the retention are deleted by the sweep', async () => {
		const l = await learner();
		await sweep(at('2026-11-03T10:00:00Z'));
		const token = (await mailsTo(l.email))[0].text.match(/\/unsubscribe\/([a-z2-7]{32})/)![1];
		await sweep(new Date(at('2026-11-03T10:00:00Z').getTime() + 181 * DAY));
		expect(await findUnsubscribe(t.db, token)).toBeUndefined();
	});

	it('every zone the settings offer is known to the database', async () => {
		const known = await rows<{ name: string }>(t.db, sql`select name from pg_timezone_names`);
		const names = new Set(known.map((k) => k.name));
		expect(TIME_ZONES.filter((z) => !names.has(z))).toEqual([]);
	});
});
