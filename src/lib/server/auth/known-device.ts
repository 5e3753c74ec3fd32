import { and, desc, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../db';
import { knownDevice } from '../db/schema';
import { newToken, tokenHash } from './token';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"), against the
 * distributed lockout of L5: a browser that once signed in to an account with its password carries a
 * token for that account; its sign-ins skip the per-account limit (which anyone can exhaust from
 * many addresses) and are limited per device instead. The token alone signs nobody in.
 */
export const DEVICE_COOKIE = 'lernpfad_device';
/** Devices remembered per account; the oldest beyond this are forgotten. */
const KEEP = 10;

/** Whether `token` is a known device of the account `userId`. */
export async function isKnownDevice(db: Db, userId: string, token: string | undefined) {
	if (!token || token.length > 64) return false;
	const [row] = await db
		.select({ id: knownDevice.id })
		.from(knownDevice)
		.where(and(eq(knownDevice.id, tokenHash(token)), eq(knownDevice.userId, userId)));
	return row !== undefined;
}

/**
 * After a right password: the browser that sent `current` becomes (or stays) a known device of the
 * account. Returns the new token for its cookie (auth/cookies.ts), or null when it already is one.
 */
export async function rememberDevice(db: Db, userId: string, current: string | undefined) {
	if (await isKnownDevice(db, userId, current)) return null;
	const token = newToken();
	await db.transaction(async (tx) => {
		await tx.insert(knownDevice).values({ id: tokenHash(token), userId });
		const kept = tx
			.select({ id: knownDevice.id })
			.from(knownDevice)
			.where(eq(knownDevice.userId, userId))
			.orderBy(desc(knownDevice.createdAt))
			.limit(KEEP);
		await tx
			.delete(knownDevice)
			.where(and(eq(knownDevice.userId, userId), notInArray(knownDevice.id, kept)));
	});
	return token;
}

/** Every credential change forgets the account's devices, like every other token (H1). */
export async function forgetDevices(db: Db, userId: string) {
	await db.delete(knownDevice).where(eq(knownDevice.userId, userId));
}
