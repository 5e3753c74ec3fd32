import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { throttle } from '../db/schema';

export interface Limit {
	name: string;
	max: number;
	windowSeconds: number;
}

export const limits = {
	// Guesses at one account from one address. Keyed by both, so nobody can lock a victim out from
	// their own address; the per-account limit below is ten times higher, for guesses spread over
	// many addresses.
	loginPerAccountIp: { name: 'login:account-ip', max: 10, windowSeconds: 15 * 60 },
	loginPerAccount: { name: 'login:account', max: 100, windowSeconds: 15 * 60 },
	/** A known device of the account (auth/known-device.ts): instead of the per-account limit. */
	loginPerDevice: { name: 'login:device', max: 10, windowSeconds: 15 * 60 },
	loginPerIp: { name: 'login:ip', max: 50, windowSeconds: 15 * 60 },
	// Join codes are 8 characters from 31 (~10^12): guessing is hopeless, but scanning should be slow
	// anyway. High enough for a whole class joining from behind one school address.
	joinPerIp: { name: 'join:ip', max: 120, windowSeconds: 5 * 60 },
	registerPerIp: { name: 'register:ip', max: 10, windowSeconds: 60 * 60 },
	// Mails anyone can make us send to an address (reset links, "already registered" notices): a few
	// an hour per address, so nobody can flood an inbox; requests past it get the same answer, no mail.
	mailPerAddress: { name: 'mail:address', max: 3, windowSeconds: 60 * 60 },
	resetPerIp: { name: 'reset:ip', max: 10, windowSeconds: 60 * 60 },
	// Every mail-sending action, beside its own limit: per signed-in user and per client address, so
	// nobody can use us to mail many inboxes either (M2).
	mailPerUser: { name: 'mail:user', max: 5, windowSeconds: 60 * 60 },
	mailPerIp: { name: 'mail:ip', max: 30, windowSeconds: 60 * 60 },
	// Signed-in requests for a (new) confirmation link.
	verifyPerUser: { name: 'verify:user', max: 5, windowSeconds: 60 * 60 },
	// Public certificate pages, PDFs, credential files and checks: generous for people, slow for scanners.
	certificateLookupPerIp: { name: 'certificate:ip', max: 60, windowSeconds: 5 * 60 }
} satisfies Record<string, Limit>;

export function windowStart(now: Date, windowSeconds: number): Date {
	const ms = windowSeconds * 1000;
	return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * Sliding-window estimate from two fixed windows: the previous window's count weighted by how much of
 * it still overlaps the last `windowSeconds`, plus the current count. Avoids the 2× burst at a boundary.
 */
export function estimate(previous: number, current: number, now: Date, windowSeconds: number) {
	const ms = windowSeconds * 1000;
	const elapsed = (now.getTime() - windowStart(now, windowSeconds).getTime()) / ms;
	return previous * (1 - elapsed) + current;
}

/** Seconds until the estimate drops below `max` again (at least 1). */
export function retryAfter(
	previous: number,
	current: number,
	max: number,
	now: Date,
	windowSeconds: number
) {
	const ms = windowSeconds * 1000;
	const start = windowStart(now, windowSeconds).getTime();
	const elapsed = (now.getTime() - start) / ms;
	if (current >= max || previous === 0)
		return Math.max(1, Math.ceil((start + ms - now.getTime()) / 1000));
	// previous * (1 - t) + current < max  ⇔  t > 1 - (max - current) / previous
	const t = 1 - (max - current) / previous;
	return Math.max(1, Math.ceil(Math.round((t - elapsed) * ms) / 1000));
}

export interface ThrottleState {
	limited: boolean;
	retryAfter: number;
	count: number;
}

function keyOf(limit: Limit, id: string) {
	return `${limit.name}:${id}`;
}

async function previousCount(db: Db, key: string, limit: Limit, now: Date) {
	const previous = new Date(
		windowStart(now, limit.windowSeconds).getTime() - limit.windowSeconds * 1000
	);
	const [row] = await db
		.select({ count: throttle.count })
		.from(throttle)
		.where(and(eq(throttle.key, key), eq(throttle.windowStart, previous)));
	return row?.count ?? 0;
}

/**
 * Counts one event and says whether it went over the limit. The increment and the read of the new
 * count are one statement, so N parallel requests see N different counts and at most `max` of them
 * get through (the previous window is closed: reading it is not racy).
 */
export async function take(
	db: Db,
	limit: Limit,
	id: string,
	now = new Date()
): Promise<ThrottleState> {
	const key = keyOf(limit, id);
	const [row] = await db
		.insert(throttle)
		.values({ key, windowStart: windowStart(now, limit.windowSeconds), count: 1 })
		.onConflictDoUpdate({
			target: [throttle.key, throttle.windowStart],
			set: { count: sql`${throttle.count} + 1` }
		})
		.returning({ count: throttle.count });
	const prev = await previousCount(db, key, limit, now);
	const count = estimate(prev, row.count, now, limit.windowSeconds);
	const limited = count > limit.max;
	// Now and then, not on every request: drop windows nobody reads any more.
	if (Math.random() < 0.01) await sweep(db, now);
	return {
		limited,
		retryAfter: limited
			? Math.max(1, retryAfter(prev, row.count, limit.max, now, limit.windowSeconds))
			: 0,
		count
	};
}

/** Gives back an event that `take` counted (a request that turned out not to count, e.g. a right password). */
export async function refund(db: Db, limit: Limit, id: string, now = new Date()) {
	await db
		.update(throttle)
		.set({ count: sql`greatest(${throttle.count} - 1, 0)` })
		.where(
			and(
				eq(throttle.key, keyOf(limit, id)),
				eq(throttle.windowStart, windowStart(now, limit.windowSeconds))
			)
		);
}

export async function clear(db: Db, limit: Limit, id: string) {
	await db.delete(throttle).where(eq(throttle.key, keyOf(limit, id)));
}

/** Drops windows older than a day; called now and then, not on every request. */
export async function sweep(db: Db, now = new Date()) {
	await db.delete(throttle).where(lt(throttle.windowStart, new Date(now.getTime() - 86_400_000)));
}

/**
 * The shared gate of every mail-sending action (M2): counts one mail against the target address,
 * the client address and (when signed in) the user, and says whether any of them is over its limit.
 */
export async function mailLimited(
	db: Db,
	to: { address: string; ip?: string; userId?: string },
	now = new Date()
): Promise<boolean> {
	let limited = (await take(db, limits.mailPerAddress, to.address, now)).limited;
	if (to.ip) limited = (await take(db, limits.mailPerIp, to.ip, now)).limited || limited;
	if (to.userId) limited = (await take(db, limits.mailPerUser, to.userId, now)).limited || limited;
	return limited;
}
