import type { Db } from '../db';
import type { User } from '../db/schema';
import { findUserByEmail, normalizeEmail } from '../users';
import { isKnownDevice } from './known-device';
import { tokenHash } from './token';
import { verifyAgainstDummy, verifyPassword } from './password';
import { clear, refund, take, limits, type Limit } from './throttle';

export type LoginResult =
	| { kind: 'ok'; user: User }
	| { kind: 'invalid' }
	| { kind: 'disabled' }
	| { kind: 'throttled'; retryAfter: number };

/**
 * Unknown email and wrong password both answer `invalid`, after the same argon2 work; a disabled
 * account is told so only after the right password (it reveals nothing the password holder lacks).
 * Every attempt is counted before the password is checked (one atomic statement per limit, shared by
 * every app process), so parallel guesses cannot slip past the limit; a right password gives its
 * count back. The tightest limit is per account *and* address: a stranger cannot lock anyone out.
 * The looser per-account limit, which guesses from many addresses can exhaust, does not apply to a
 * browser that is a known device of the account (`device`: its cookie); that one is limited on its
 * own instead (L5).
 */
export async function authenticate(
	db: Db,
	input: { email: string; password: string; ip: string; device?: string },
	now = new Date()
): Promise<LoginResult> {
	const email = normalizeEmail(input.email);
	const owner = input.device ? await findUserByEmail(db, email) : undefined;
	const known = owner ? await isKnownDevice(db, owner.id, input.device) : false;
	const counted: [Limit, string][] = [
		[limits.loginPerAccountIp, `${email}|${input.ip}`],
		known ? [limits.loginPerDevice, tokenHash(input.device!)] : [limits.loginPerAccount, email],
		[limits.loginPerIp, input.ip]
	];
	const giveBack = () => Promise.all(counted.map(([l, id]) => refund(db, l, id, now)));
	const states = await Promise.all(counted.map(([l, id]) => take(db, l, id, now)));
	if (states.some((s) => s.limited)) {
		await giveBack();
		return { kind: 'throttled', retryAfter: Math.max(...states.map((s) => s.retryAfter)) };
	}
	const found = await findUserByEmail(db, email);
	const valid = found
		? await verifyPassword(found.passwordHash, input.password)
		: await verifyAgainstDummy(input.password);
	if (!found || !valid) return { kind: 'invalid' };
	if (found.disabledAt) return { kind: 'disabled' };
	await Promise.all([giveBack(), clear(db, limits.loginPerAccountIp, `${email}|${input.ip}`)]);
	return { kind: 'ok', user: found };
}
