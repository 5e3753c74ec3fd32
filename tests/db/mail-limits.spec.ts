import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	requestEmailChange,
	requestPasswordReset,
	resendVerification
} from '../../src/lib/server/accounts';
import { mailOutbox } from '../../src/lib/server/db/schema';
import { limits } from '../../src/lib/server/auth/throttle';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

const ORIGIN = 'https://lernpfad.test';

describe.each(drivers)('every mail-sending action is limited (M2) on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	const mailsTo = async (address: string) =>
		(await t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address))).length;

	it('30 e-mail changes to one target address send at most the per-address limit', async () => {
		const owner = (await createUser(t.db, {
			email: 'bomber@example.org',
			name: 'Spam Text Here',
			password: 'a-long-enough-password'
		}))!;
		for (let i = 0; i < 30; i++) {
			await requestEmailChange(t.db, owner, 'bomb-target@example.org', 'en', ORIGIN, `10.0.0.${i}`);
		}
		expect(await mailsTo('bomb-target@example.org')).toBe(limits.mailPerAddress.max);
	});

	it('one client cannot mail many addresses: resets and confirmations count per client too', async () => {
		const ip = '192.0.2.99';
		let sent = 0;
		for (let i = 0; i < 40; i++) {
			const u = (await createUser(t.db, {
				email: `many${i}@example.org`,
				name: 'M',
				password: 'a-long-enough-password'
			}))!;
			if (i % 2) await requestPasswordReset(t.db, u.email, 'en', ORIGIN, ip);
			else await resendVerification(t.db, u, 'en', ORIGIN, ip);
			sent += await mailsTo(u.email);
		}
		expect(sent).toBe(limits.mailPerIp.max);
	});
});
