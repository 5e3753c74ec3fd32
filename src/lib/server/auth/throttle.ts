import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { throttle } from '../db/schema';

export interface Limit {
	name: string;
	max: number;
	windowSeconds: number;
}

export const limits = {
	loginPerAccount: { name: 'login:account', max: 10, windowSeconds: 15 * 60 },
	loginPerIp: { name: 'login:ip', max: 50, windowSeconds: 15 * 60 },
	registerPerIp: { name: 'register:ip', max: 10, windowSeconds: 60 * 60 },
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

/** Reads the state without counting. */
export async function check(
	db: Db,
	limit: Limit,
	id: string,
	now = new Date()
): Promise<ThrottleState> {
	const current = windowStart(now, limit.windowSeconds);
	const previous = new Date(current.getTime() - limit.windowSeconds * 1000);
	const rows = await db
		.select({ windowStart: throttle.windowStart, count: throttle.count })
		.from(throttle)
		.where(
			and(eq(throttle.key, keyOf(limit, id)), inArray(throttle.windowStart, [previous, current]))
		);
	const prev = rows.find((r) => r.windowStart.getTime() === previous.getTime())?.count ?? 0;
	const cur = rows.find((r) => r.windowStart.getTime() === current.getTime())?.count ?? 0;
	const count = estimate(prev, cur, now, limit.windowSeconds);
	return {
		limited: count >= limit.max,
		retryAfter: count >= limit.max ? retryAfter(prev, cur, limit.max, now, limit.windowSeconds) : 0,
		count
	};
}

/** Counts one event atomically (one upsert, safe across app processes). */
export async function hit(db: Db, limit: Limit, id: string, now = new Date()) {
	await db
		.insert(throttle)
		.values({ key: keyOf(limit, id), windowStart: windowStart(now, limit.windowSeconds), count: 1 })
		.onConflictDoUpdate({
			target: [throttle.key, throttle.windowStart],
			set: { count: sql`${throttle.count} + 1` }
		});
}

/** Counts this event, then says whether it went over the limit (for limits on every request, not failures). */
export async function take(db: Db, limit: Limit, id: string, now = new Date()) {
	await hit(db, limit, id, now);
	const state = await check(db, limit, id, now);
	const limited = state.count > limit.max;
	return {
		...state,
		limited,
		retryAfter: limited ? Math.max(1, state.retryAfter) : 0
	} satisfies ThrottleState;
}

export async function clear(db: Db, limit: Limit, id: string) {
	await db.delete(throttle).where(eq(throttle.key, keyOf(limit, id)));
}

/** Drops windows older than a day; called now and then, not on every request. */
export async function sweep(db: Db, now = new Date()) {
	await db.delete(throttle).where(lt(throttle.windowStart, new Date(now.getTime() - 86_400_000)));
}
