import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEmailToken, issueEmailToken } from '../../src/lib/server/auth/email-token';
import { createClass, joinClass } from '../../src/lib/server/classes';
import { mailOutbox, user } from '../../src/lib/server/db/schema';
import { backoffSeconds, claimDue, enqueueMail, sendDue } from '../../src/lib/server/mail/outbox';
import type { MailTransport, OutgoingMail } from '../../src/lib/server/mail/transport';
import { REMINDERS_PER_CLASS_DAY, sendReminders } from '../../src/lib/server/reminders';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

const mail = (i: number) => ({
	to: `r${i}@example.com`,
	subject: `s${i}`,
	text: 't',
	html: '<p>t</p>',
	kind: 'test'
});

function recorder(fail = false) {
	const sent: OutgoingMail[] = [];
	const transport: MailTransport = {
		kind: 'smtp',
		async send(m) {
			if (fail) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
			sent.push(m);
		},
		close: () => {}
	};
	return { sent, transport };
}

describe.each(drivers)('mail outbox on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	it('hands each due row to one claimer only, even when claims race', async () => {
		await t.db.delete(mailOutbox);
		await enqueueMail(
			t.db,
			Array.from({ length: 30 }, (_, i) => mail(i))
		);
		const other = kind === 'postgres' ? (await t.reopen()).db : t.db;
		const claims = await Promise.all([
			claimDue(t.db, 12, 300),
			claimDue(other, 12, 300),
			claimDue(t.db, 12, 300)
		]);
		const ids = claims.flat().map((r) => r.id);
		expect(ids.length).toBe(30);
		expect(new Set(ids).size).toBe(30);
		// Claimed rows are leased: nothing is due until the lease runs out.
		expect(await claimDue(t.db, 50, 300)).toEqual([]);
	});

	it('sends due mail once, and retries a failure later with back-off until it gives up', async () => {
		await t.db.delete(mailOutbox);
		await enqueueMail(t.db, [mail(1), mail(2)]);
		const failing = recorder(true);
		expect(await sendDue(t.db, failing.transport)).toBe(0);
		const rows = await t.db.select().from(mailOutbox);
		expect(rows.every((r) => r.attempts === 1 && r.lastError?.includes('ECONNREFUSED'))).toBe(true);
		expect(rows.every((r) => r.nextAttemptAt.getTime() > Date.now() + 20_000)).toBe(true);
		// Due again (as after the back-off): a working server gets each mail exactly once.
		await t.db.update(mailOutbox).set({ nextAttemptAt: sql`now() - interval '1 second'` });
		const working = recorder();
		expect(await sendDue(t.db, working.transport)).toBe(2);
		expect(await sendDue(t.db, working.transport)).toBe(0);
		expect(working.sent.map((m) => m.to).sort()).toEqual(['r1@example.com', 'r2@example.com']);
		expect(new Set(working.sent.map((m) => m.messageId)).size).toBe(2);

		await enqueueMail(t.db, mail(3));
		await t.db
			.update(mailOutbox)
			.set({ attempts: 9 })
			.where(eq(mailOutbox.toAddress, 'r3@example.com'));
		await sendDue(t.db, failing.transport);
		const [given] = await t.db
			.select()
			.from(mailOutbox)
			.where(eq(mailOutbox.toAddress, 'r3@example.com'));
		expect(given.failedAt).not.toBeNull();
		expect(backoffSeconds(1, 30)).toBe(30);
		expect(backoffSeconds(4, 30)).toBe(240);
		expect(backoffSeconds(30, 30)).toBe(6 * 3600);
	});

	it('uses a link token once, only before it expires, and only the newest one', async () => {
		const u = (await createUser(t.db, {
			email: 'tok@example.com',
			name: 'Tok',
			password: 'x-y-z-w-v-u'
		}))!;
		const first = await issueEmailToken(t.db, u.id, 'reset', u.email);
		const second = await issueEmailToken(t.db, u.id, 'reset', u.email);
		expect(await consumeEmailToken(t.db, first, 'reset')).toBeUndefined();
		expect(await consumeEmailToken(t.db, second, 'verify')).toBeUndefined();
		const results = await Promise.all(
			[1, 2, 3].map(() => consumeEmailToken(t.db, second, 'reset'))
		);
		expect(results.filter(Boolean).length).toBe(1);
		const old = await issueEmailToken(
			t.db,
			u.id,
			'reset',
			u.email,
			new Date(Date.now() - 46 * 60_000)
		);
		expect(await consumeEmailToken(t.db, old, 'reset')).toBeUndefined();
	});

	it('reminds a learner at most once a day, never one who opted out, and caps the class', async () => {
		const teacher = (await createUser(t.db, {
			email: 'rt@example.com',
			name: 'T',
			password: 'x-y-z-w-v-u',
			role: 'instructor'
		}))!;
		const klass = await createClass(t.db, teacher.id, 'Reminded');
		const learners = [];
		for (const i of [1, 2, 3]) {
			const l = (await createUser(t.db, {
				email: `rl${i}@example.com`,
				name: `L${i}`,
				password: 'x-y-z-w-v-u'
			}))!;
			await joinClass(t.db, klass.joinCode, l.id);
			learners.push(l);
		}
		await t.db.update(user).set({ remindersOptOut: true }).where(eq(user.id, learners[2].id));
		const send = (ids: string[], now?: Date) =>
			sendReminders(
				t.db,
				{
					classId: klass.id,
					sender: { id: teacher.id, name: 'T' },
					userIds: ids,
					text: 'Los!',
					origin: 'http://x',
					fallbackLocale: 'de'
				},
				now
			);
		const ids = learners.map((l) => l.id);
		expect(await send(ids)).toEqual({ kind: 'sent', sent: 2, skipped: 1 });
		expect(await send(ids)).toEqual({ kind: 'sent', sent: 0, skipped: 3 });
		const queued = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'reminder'));
		expect(queued.map((q) => q.toAddress).sort()).toEqual(['rl1@example.com', 'rl2@example.com']);
		// A day later they may be reminded again, until the class's daily cap.
		const later = new Date(Date.now() + 25 * 3600_000);
		expect(await send(ids.slice(0, 1), later)).toEqual({ kind: 'sent', sent: 1, skipped: 0 });
		expect(REMINDERS_PER_CLASS_DAY).toBeGreaterThan(2);
	});
});
