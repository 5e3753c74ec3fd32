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
import { check, hit, limits } from '../../src/lib/server/auth/throttle';
import { session, user } from '../../src/lib/server/db/schema';
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

	it('throttles 20 wrong passwords and lets the right one in once the window has passed', async () => {
		await createUser(t.db, {
			email: 'victim@example.com',
			name: 'V',
			password: 'the-right-password'
		});
		const now = new Date('2026-03-01T10:01:00Z');
		const results = [];
		for (let i = 0; i < 20; i++) {
			results.push(
				await authenticate(
					t.db,
					{ email: 'victim@example.com', password: `wrong-${i}`, ip: `10.0.0.${i}` },
					now
				)
			);
		}
		expect(results.slice(0, limits.loginPerAccount.max).every((r) => r.kind === 'invalid')).toBe(
			true
		);
		expect(results.slice(limits.loginPerAccount.max).every((r) => r.kind === 'throttled')).toBe(
			true
		);
		// Even the right password is held back while throttled…
		expect(
			(
				await authenticate(
					t.db,
					{ email: 'victim@example.com', password: 'the-right-password', ip: '10.1.1.1' },
					now
				)
			).kind
		).toBe('throttled');
		// …and accepted two windows later.
		const later = new Date(now.getTime() + 2 * limits.loginPerAccount.windowSeconds * 1000);
		expect(
			(
				await authenticate(
					t.db,
					{ email: 'victim@example.com', password: 'the-right-password', ip: '10.1.1.1' },
					later
				)
			).kind
		).toBe('ok');
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
	it('survive a new process and count atomically under concurrency', async () => {
		const t = await freshDatabase(kind, { persistent: true });
		try {
			const now = new Date('2026-03-01T10:01:00Z');
			const limit = limits.registerPerIp;
			await Promise.all(Array.from({ length: 12 }, () => hit(t.db, limit, '192.0.2.7', now)));
			const other = await t.reopen();
			const state = await check(other.db, limit, '192.0.2.7', now);
			expect(state.count).toBe(12);
			expect(state.limited).toBe(true);
			expect(state.retryAfter).toBeGreaterThan(0);
		} finally {
			await t.destroy();
		}
	});
});
