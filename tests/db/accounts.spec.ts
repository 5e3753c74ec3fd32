import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	SESSION_LIFETIME,
	createSession,
	generateSessionToken,
	invalidateUserSessions,
	sessionIdFromToken,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { authenticate } from '../../src/lib/server/auth/login';
import { limits, sweep, take } from '../../src/lib/server/auth/throttle';
import { endEmailTokens } from '../../src/lib/server/auth/email-token';
import { newToken, tokenHash } from '../../src/lib/server/auth/token';
import { knownDevice, session, throttle, user } from '../../src/lib/server/db/schema';
import { createUser, findUserByEmail } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

const DAY = 86_400_000;

describe.each(drivers)('accounts on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	it('creates a user with a lower-cased email and refuses a duplicate', async () => {
		const created = await createUser(t.db, {
			email: ' Ada@Example.COM ',
			name: 'Ada',
			password: 'analytical-engine'
		});
		expect(created?.email).toBe('ada@example.com');
		expect(created?.role).toBe('learner');
		expect(created?.passwordHash).toMatch(/^\$argon2id\$/);
		const again = await createUser(t.db, {
			email: 'ada@example.com',
			name: 'Other',
			password: 'analytical-engine'
		});
		expect(again).toBeNull();
		expect((await findUserByEmail(t.db, 'ADA@example.com'))?.name).toBe('Ada');
	});

	it('stores only the hash of a session token, expires and renews sessions', async () => {
		const u = (await createUser(t.db, {
			email: 's@example.com',
			name: 'S',
			password: 'session-test-pass'
		}))!;
		const token = generateSessionToken();
		const start = new Date('2026-03-01T12:00:00Z');
		await createSession(t.db, token, u.id, start);

		const rows = await t.db.select().from(session).where(eq(session.userId, u.id));
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(sessionIdFromToken(token));
		expect(JSON.stringify(rows)).not.toContain(token);

		// Young session: valid, not renewed.
		const fresh = await validateSessionToken(t.db, token, new Date(start.getTime() + DAY));
		expect(fresh.user?.id).toBe(u.id);
		expect(fresh.renewed).toBe(false);

		// In its last 15 days: extended by a full lifetime from now.
		const later = new Date(start.getTime() + 20 * DAY);
		const renewed = await validateSessionToken(t.db, token, later);
		expect(renewed.renewed).toBe(true);
		expect(renewed.session?.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME);

		// Past its expiry: invalid and deleted.
		const gone = await validateSessionToken(
			t.db,
			token,
			new Date(later.getTime() + SESSION_LIFETIME + 1)
		);
		expect(gone.session).toBeNull();
		expect(await t.db.select().from(session).where(eq(session.userId, u.id))).toHaveLength(0);

		// A made-up token finds nothing.
		expect((await validateSessionToken(t.db, generateSessionToken())).user).toBeNull();
	});

	it('ends the other sessions on a password change, keeping the current one', async () => {
		const u = (await createUser(t.db, {
			email: 'p@example.com',
			name: 'P',
			password: 'first-password-ok'
		}))!;
		const tokens = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		for (const token of tokens) await createSession(t.db, token, u.id);
		await invalidateUserSessions(t.db, u.id, sessionIdFromToken(tokens[0]));
		expect((await validateSessionToken(t.db, tokens[0])).user?.id).toBe(u.id);
		expect((await validateSessionToken(t.db, tokens[1])).user).toBeNull();
		expect((await validateSessionToken(t.db, tokens[2])).user).toBeNull();
	});

	it('does not accept sessions of a disabled account', async () => {
		const u = (await createUser(t.db, {
			email: 'd@example.com',
			name: 'D',
			password: 'disabled-account'
		}))!;
		const token = generateSessionToken();
		await createSession(t.db, token, u.id);
		await t.db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, u.id));
		expect((await validateSessionToken(t.db, token)).user).toBeNull();
	});

	it('throttles guesses from one address, yet the owner still signs in from theirs (S7)', async () => {
		await createUser(t.db, {
			email: 'victim@example.com',
			name: 'V',
			password: 'the-right-password'
		});
		const now = new Date('2026-03-01T10:01:00Z');
		const guess = (password: string, ip: string) =>
			authenticate(t.db, { email: 'victim@example.com', password, ip }, now);
		const results = [];
		for (let i = 0; i < 20; i++) results.push((await guess(`wrong-${i}`, '10.6.6.6')).kind);
		const max = limits.loginPerAccountIp.max;
		expect(results.slice(0, max).every((r) => r === 'invalid')).toBe(true);
		expect(results.slice(max).every((r) => r === 'throttled')).toBe(true);
		// The attacker's address is held back even with the right password…
		expect((await guess('the-right-password', '10.6.6.6')).kind).toBe('throttled');
		// …but the owner, elsewhere, is not locked out.
		expect((await guess('the-right-password', '10.1.1.1')).kind).toBe('ok');
		// And the attacker's window passes.
		const later = new Date(now.getTime() + 2 * limits.loginPerAccountIp.windowSeconds * 1000);
		expect(
			(
				await authenticate(
					t.db,
					{ email: 'victim@example.com', password: 'the-right-password', ip: '10.6.6.6' },
					later
				)
			).kind
		).toBe('ok');
	});

	it('guesses from many addresses cannot lock the owner out of a known device (L5)', async () => {
		const owner = (await createUser(t.db, {
			email: 'many@example.com',
			name: 'M',
			password: 'the-right-password'
		}))!;
		const now = new Date('2026-03-02T10:01:00Z');
		const signIn = (password: string, ip: string, device?: string) =>
			authenticate(t.db, { email: 'many@example.com', password, ip, device }, now);
		// The owner's browser signed in before: its cookie's token is a known device.
		const device = newToken();
		await t.db.insert(knownDevice).values({ id: tokenHash(device), userId: owner.id });

		// Eleven addresses, ten guesses each: past the per-account limit of 100.
		for (let a = 0; a < 11; a++) {
			for (let i = 0; i < limits.loginPerAccountIp.max; i++)
				await signIn(`wrong-${i}`, `10.9.0.${a}`);
		}
		// Without the cookie (or with a made-up one) the account is held back, even with the password…
		expect((await signIn('the-right-password', '10.1.2.3')).kind).toBe('throttled');
		expect((await signIn('the-right-password', '10.1.2.3', newToken())).kind).toBe('throttled');
		// …but the owner's browser signs in.
		expect((await signIn('the-right-password', '10.1.2.3', device)).kind).toBe('ok');
		// The device's own guesses are limited too: the cookie is no way around the throttle.
		const fromDevice = [];
		for (let i = 0; i < 12; i++)
			fromDevice.push((await signIn(`w-${i}`, `10.8.0.${i}`, device)).kind);
		expect(fromDevice.filter((k) => k === 'throttled').length).toBe(12 - limits.loginPerDevice.max);

		// A credential change forgets the known devices, like every other token.
		await endEmailTokens(t.db, owner.id);
		expect(await t.db.select().from(knownDevice).where(eq(knownDevice.userId, owner.id))).toEqual(
			[]
		);
	});

	it('lets at most the limit of 30 parallel guesses reach the password check (S6)', async () => {
		await createUser(t.db, { email: 'par@example.com', name: 'P', password: 'the-right-password' });
		const now = new Date('2026-03-01T11:01:00Z');
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) =>
				authenticate(t.db, { email: 'par@example.com', password: `nope-${i}`, ip: '10.7.7.7' }, now)
			)
		);
		const checked = results.filter((r) => r.kind === 'invalid').length;
		expect(checked).toBe(limits.loginPerAccountIp.max);
		expect(results.filter((r) => r.kind === 'throttled')).toHaveLength(30 - checked);
	});

	it('answers an unknown email exactly like a wrong password', async () => {
		const a = await authenticate(t.db, {
			email: 'nobody@example.com',
			password: 'whatever-123',
			ip: '10.9.9.9'
		});
		const b = await authenticate(t.db, {
			email: 'ada@example.com',
			password: 'whatever-123',
			ip: '10.9.9.9'
		});
		expect(a).toEqual({ kind: 'invalid' });
		expect(b).toEqual({ kind: 'invalid' });
	});
});

describe.each(drivers)('throttle counters on %s', (kind) => {
	it('count atomically under concurrency and survive a new process', async () => {
		const t = await freshDatabase(kind, { persistent: true });
		try {
			const now = new Date('2026-03-01T10:01:00Z');
			const limit = limits.registerPerIp;
			const states = await Promise.all(
				Array.from({ length: 25 }, () => take(t.db, limit, '192.0.2.7', now))
			);
			expect(new Set(states.map((s) => s.count)).size).toBe(25);
			expect(states.filter((s) => !s.limited)).toHaveLength(limit.max);
			const other = await t.reopen();
			const next = await take(other.db, limit, '192.0.2.7', now);
			expect(next.count).toBe(26);
			expect(next.limited).toBe(true);
			expect(next.retryAfter).toBeGreaterThan(0);
		} finally {
			await t.destroy();
		}
	});

	it('drops windows older than a day', async () => {
		const t = await freshDatabase(kind);
		try {
			const old = new Date('2026-03-01T10:00:00Z');
			await take(t.db, limits.joinPerIp, '192.0.2.8', old);
			await sweep(t.db, new Date(old.getTime() + 2 * 86_400_000));
			expect(await t.db.select().from(throttle)).toEqual([]);
		} finally {
			await t.destroy();
		}
	});
});
