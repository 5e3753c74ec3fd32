import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueEmailToken, peekEmailToken } from '../../src/lib/server/auth/email-token';
import { emailToken } from '../../src/lib/server/db/schema';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

describe.each(drivers)('one link per user and purpose (L3) on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	it('20 parallel issues leave exactly one valid link, of each purpose', async () => {
		const u = (await createUser(t.db, {
			email: 'racer@example.org',
			name: 'Racer',
			password: 'a-long-enough-password',
			emailVerified: true
		}))!;
		for (const purpose of ['reset', 'verify'] as const) {
			const tokens = await Promise.all(
				Array.from({ length: 20 }, () => issueEmailToken(t.db, u.id, purpose, u.email))
			);
			const valid = [];
			for (const token of tokens) if (await peekEmailToken(t.db, token, purpose)) valid.push(token);
			expect(valid).toHaveLength(1);
		}
		const rows = await t.db.select().from(emailToken).where(eq(emailToken.userId, u.id));
		expect(rows.map((r) => r.purpose).sort()).toEqual(['reset', 'verify']);
	});

	it('a second issue replaces the first link', async () => {
		const u = (await createUser(t.db, {
			email: 'twice@example.org',
			name: 'Twice',
			password: 'a-long-enough-password',
			emailVerified: true
		}))!;
		const first = await issueEmailToken(t.db, u.id, 'reset', u.email);
		const second = await issueEmailToken(t.db, u.id, 'reset', u.email);
		expect(await peekEmailToken(t.db, first, 'reset')).toBeUndefined();
		expect((await peekEmailToken(t.db, second, 'reset'))?.userId).toBe(u.id);
	});
});
