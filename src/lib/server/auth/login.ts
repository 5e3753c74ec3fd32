import type { Db } from '../db';
import type { User } from '../db/schema';
import { findUserByEmail, normalizeEmail } from '../users';
import { verifyAgainstDummy, verifyPassword } from './password';
import { check, clear, hit, limits } from './throttle';

export type LoginResult =
	{ kind: 'ok'; user: User } | { kind: 'invalid' } | { kind: 'throttled'; retryAfter: number };

/**
 * Unknown email, wrong password and disabled account all answer `invalid`, after the same argon2 work.
 * Failures count per account and per IP in the database, so every app process shares the limit.
 */
export async function authenticate(
	db: Db,
	input: { email: string; password: string; ip: string },
	now = new Date()
): Promise<LoginResult> {
	const email = normalizeEmail(input.email);
	const [byAccount, byIp] = await Promise.all([
		check(db, limits.loginPerAccount, email, now),
		check(db, limits.loginPerIp, input.ip, now)
	]);
	if (byAccount.limited || byIp.limited) {
		return { kind: 'throttled', retryAfter: Math.max(byAccount.retryAfter, byIp.retryAfter) };
	}
	const found = await findUserByEmail(db, email);
	const valid = found
		? await verifyPassword(found.passwordHash, input.password)
		: await verifyAgainstDummy(input.password);
	if (!found || !valid || found.disabledAt) {
		await Promise.all([
			hit(db, limits.loginPerAccount, email, now),
			hit(db, limits.loginPerIp, input.ip, now)
		]);
		return { kind: 'invalid' };
	}
	await clear(db, limits.loginPerAccount, email);
	return { kind: 'ok', user: found };
}
