import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteAccount } from '../../src/lib/server/account/delete';
import { requestEmailChange, requestPasswordReset } from '../../src/lib/server/accounts';
import { limits, take } from '../../src/lib/server/auth/throttle';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { createClass, joinClass } from '../../src/lib/server/classes';
import { classQuestionStat, mailOutbox } from '../../src/lib/server/db/schema';
import { sweepOldMail } from '../../src/lib/server/mail/outbox';
import { sendReminders } from '../../src/lib/server/reminders';
import { saveReminderSettings, sweepReviewReminders } from '../../src/lib/server/review/reminders';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const ORIGIN = 'https://lernpfad.test';

describe.each(drivers)('account deletion leaves nothing of the person (M3) on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	/** Every row of every table whose text (all columns) contains one of `needles`. */
	async function rowsNaming(needles: string[]) {
		const tables = (await t.db.execute(
			sql`select table_name as name from information_schema.tables
				where table_schema = 'public' and table_type = 'BASE TABLE'`
		)) as unknown as { name: string }[] | { rows: { name: string }[] };
		const names = (Array.isArray(tables) ? tables : tables.rows).map((r) => r.name);
		expect(names.length).toBeGreaterThan(10);
		const found: Record<string, number> = {};
		for (const table of names) {
			const result = (await t.db.execute(
				sql`select count(*)::int as n from ${sql.identifier(table)} x
					where ${sql.raw('x::text')} ilike any(${sql.raw(
						`array[${needles.map((n) => `'%${n.replace(/'/g, "''")}%'`).join(',')}]`
					)})`
			)) as unknown as { n: number }[] | { rows: { n: number }[] };
			const n = (Array.isArray(result) ? result : result.rows)[0].n;
			if (n > 0) found[table] = n;
		}
		return found;
	}

	it('after deletion, name and addresses are in no table and the id only in the audit trail', async () => {
		const dora = (await createUser(t.db, {
			email: 'dora.delete@example.org',
			name: 'Dora Delete',
			password: 'a-long-enough-password'
		}))!;
		const teacher = (await createUser(t.db, {
			email: 'tina@example.org',
			name: 'Tina Teacher',
			password: 'a-long-enough-password'
		}))!;
		const klass = await createClass(t.db, teacher.id, 'Klasse 9');
		// Answers before and after joining, right and wrong: class statistics count them.
		await takeQuiz(t.db, {
			userId: dora.id,
			lesson: 'two',
			quiz: trueFalseQuiz(3),
			right: () => false
		});
		await joinClass(t.db, klass.joinCode, dora.id);
		await takeQuiz(t.db, {
			userId: dora.id,
			lesson: 'one',
			quiz: trueFalseQuiz(2),
			right: () => true,
			course: { lessons: ['one'], locale: 'de' }
		});
		await createSession(t.db, generateSessionToken(), dora.id);
		// Review reminders: her choice, a reminder sent (its unsubscribe token's hash) and its mail.
		await takeQuiz(t.db, {
			userId: dora.id,
			lesson: 'three',
			quiz: trueFalseQuiz(2),
			right: () => true,
			now: new Date('2026-11-02T09:00:00Z'),
			reviewPool: ['q1', 'q2']
		});
		await saveReminderSettings(t.db, dora.id, { reminders: 'daily', timeZone: 'UTC' }, 'de');
		expect(await sweepReviewReminders(t.db, ORIGIN, new Date('2026-11-04T09:00:00Z'))).toBe(1);
		await sendReminders(t.db, {
			classId: klass.id,
			sender: { id: teacher.id, name: teacher.name },
			userIds: [dora.id],
			text: 'Weiter!',
			origin: ORIGIN,
			fallbackLocale: 'de'
		});
		await requestPasswordReset(t.db, dora.email, 'de', ORIGIN, '198.51.100.7');
		await requestEmailChange(t.db, dora, 'dora.new@example.org', 'de', ORIGIN, '198.51.100.7');
		await take(t.db, limits.loginPerAccountIp, `${dora.email}|198.51.100.7`);
		await take(t.db, limits.verifyPerUser, dora.id);
		// Some of it was already sent.
		await t.db.update(mailOutbox).set({ sentAt: new Date() }).where(eq(mailOutbox.kind, 'reset'));

		const needles = ['Dora Delete', 'dora.delete@example.org', 'dora.new@example.org', dora.id];
		const before = await rowsNaming(needles);
		expect(Object.keys(before)).toEqual(
			expect.arrayContaining([
				'user',
				'session',
				'throttle',
				'quiz_attempt',
				'lesson_progress',
				'certificate',
				'enrollment',
				'email_token',
				'mail_outbox',
				'reminder',
				'review_settings',
				'review_reminder',
				'review_card'
			])
		);
		const stats = () =>
			t.db.select().from(classQuestionStat).where(eq(classQuestionStat.classId, klass.id));
		expect((await stats()).length).toBeGreaterThan(0);

		expect(await deleteAccount(t.db, dora.id, { revokeCertificate: true })).toMatchObject({
			kind: 'deleted'
		});
		// The id stays in the audit trail only (pseudonymised: no name, no address).
		expect(await rowsNaming(needles.slice(0, 3))).toEqual({});
		expect(Object.keys(await rowsNaming([dora.id]))).toEqual(['audit_event']);
		// Nobody is left in the class: its statistics count nothing.
		expect(await stats()).toEqual([]);
	});

	it('sent mail is deleted after the retention period, unsent mail is kept', async () => {
		await t.db.delete(mailOutbox);
		const mail = (to: string) => ({ to, subject: 's', text: 't', html: 'h', kind: 'test' });
		await t.db.insert(mailOutbox).values([
			{
				...mail('a'),
				toAddress: 'old@example.org',
				sentAt: new Date(Date.now() - 31 * 86_400_000)
			},
			{ ...mail('b'), toAddress: 'new@example.org', sentAt: new Date(Date.now() - 86_400_000) },
			{
				...mail('c'),
				toAddress: 'failed@example.org',
				failedAt: new Date(Date.now() - 40 * 86_400_000)
			},
			{ ...mail('d'), toAddress: 'unsent@example.org' }
		]);
		expect(await sweepOldMail(t.db, 30)).toBe(2);
		const left = (await t.db.select().from(mailOutbox)).map((r) => r.toAddress).sort();
		expect(left).toEqual(['new@example.org', 'unsent@example.org']);
	});
});
