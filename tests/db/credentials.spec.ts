import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	cancelEmailChange,
	changePassword,
	pendingEmailChange,
	requestEmailChange,
	requestPasswordReset,
	resetPassword,
	verifyEmail
} from '../../src/lib/server/accounts';
import { issueEmailToken } from '../../src/lib/server/auth/email-token';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { emailToken, mailOutbox, session, user } from '../../src/lib/server/db/schema';
import { createUser, findUserById, setDisabled } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

const ORIGIN = 'https://lernpfad.test';
const password = 'a-long-enough-password';

describe.each(drivers)('credential changes end every link (H1) on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	let n = 0;
	async function account() {
		n++;
		const u = (await createUser(t.db, {
			email: `victim${n}@example.org`,
			name: `Victim ${n}`,
			password,
			emailVerified: true
		}))!;
		const token = generateSessionToken();
		const s = await createSession(t.db, token, u.id);
		return { u, sessionId: s.id };
	}

	/** The token of the newest mail to `to` whose link contains `path`. */
	async function linkTo(to: string, path: string) {
		const [row] = await t.db
			.select({ text: mailOutbox.text })
			.from(mailOutbox)
			.where(eq(mailOutbox.toAddress, to))
			.orderBy(desc(mailOutbox.id))
			.limit(1);
		const match = new RegExp(`${ORIGIN}${path}([a-z2-7]{32})`).exec(row?.text ?? '');
		expect(match, `a ${path} link to ${to}`).not.toBeNull();
		return match![1];
	}

	const tokensOf = (userId: string) =>
		t.db.select().from(emailToken).where(eq(emailToken.userId, userId));

	it('the takeover of the review: a change link kept by an attacker dies with the reset', async () => {
		const { u } = await account();
		// (1) Someone who knows the password asks to move the account to their own address.
		await requestEmailChange(t.db, u, 'attacker@evil.example', 'en', ORIGIN);
		const change = await linkTo('attacker@evil.example', '/verify/');
		// (2) The owner recovers the account with a reset.
		await requestPasswordReset(t.db, u.email, 'en', ORIGIN);
		const reset = await linkTo(u.email, '/reset/');
		expect(await resetPassword(t.db, reset, 'owner-took-it-back-1', ORIGIN, 'en')).toBeDefined();
		// (3) The attacker's link no longer works, with or without a session.
		expect(await verifyEmail(t.db, change, 'en')).toEqual({ kind: 'invalid' });
		const attacker = await createSession(t.db, generateSessionToken(), u.id);
		expect(await verifyEmail(t.db, change, 'en', { userId: u.id, sessionId: attacker.id })).toEqual(
			{ kind: 'invalid' }
		);
		expect((await findUserById(t.db, u.id))?.email).toBe(u.email);
		expect(await tokensOf(u.id)).toEqual([]);
		// The address is told that the password changed.
		const [notice] = await t.db
			.select()
			.from(mailOutbox)
			.where(and(eq(mailOutbox.toAddress, u.email), eq(mailOutbox.kind, 'password')));
		expect(notice.text).toContain(`${ORIGIN}/forgot`);
	});

	it('a password change, a disabled account and a confirmed change end links of every purpose', async () => {
		const a = await account();
		await issueEmailToken(t.db, a.u.id, 'verify', 'new-a@example.org');
		await issueEmailToken(t.db, a.u.id, 'reset', a.u.email);
		const other = await createSession(t.db, generateSessionToken(), a.u.id);
		await changePassword(t.db, a.u, 'another-long-password', a.sessionId, ORIGIN, 'de');
		expect(await tokensOf(a.u.id)).toEqual([]);
		const left = await t.db.select().from(session).where(eq(session.userId, a.u.id));
		expect(left.map((s) => s.id)).toEqual([a.sessionId]);
		expect(other.id).not.toBe(a.sessionId);

		const b = await account();
		await issueEmailToken(t.db, b.u.id, 'verify', 'new-b@example.org');
		await issueEmailToken(t.db, b.u.id, 'reset', b.u.email);
		await setDisabled(t.db, b.u.id, true, { id: 'admin', name: 'Admin' });
		expect(await tokensOf(b.u.id)).toEqual([]);
		expect(await t.db.select().from(session).where(eq(session.userId, b.u.id))).toEqual([]);

		const c = await account();
		await requestEmailChange(t.db, c.u, 'new-c@example.org', 'en', ORIGIN);
		const link = await linkTo('new-c@example.org', '/verify/');
		await issueEmailToken(t.db, c.u.id, 'reset', c.u.email);
		const second = await createSession(t.db, generateSessionToken(), c.u.id);
		const me = { userId: c.u.id, sessionId: c.sessionId };
		expect(await verifyEmail(t.db, link, 'en', me)).toEqual({
			kind: 'verified',
			email: 'new-c@example.org'
		});
		expect(await tokensOf(c.u.id)).toEqual([]);
		const sessions = await t.db.select().from(session).where(eq(session.userId, c.u.id));
		expect(sessions.map((s) => s.id)).toEqual([c.sessionId]);
		expect(second.id).not.toBe(c.sessionId);
	});

	it('a change is confirmed only from the account’s own session; the link survives a refusal', async () => {
		const { u, sessionId } = await account();
		const stranger = await account();
		await requestEmailChange(t.db, u, 'moved@example.org', 'en', ORIGIN);
		const link = await linkTo('moved@example.org', '/verify/');
		expect(await verifyEmail(t.db, link, 'en')).toEqual({ kind: 'sign_in' });
		expect(
			await verifyEmail(t.db, link, 'en', {
				userId: stranger.u.id,
				sessionId: stranger.sessionId
			})
		).toEqual({ kind: 'sign_in' });
		expect((await pendingEmailChange(t.db, u))?.email).toBe('moved@example.org');
		expect(await verifyEmail(t.db, link, 'en', { userId: u.id, sessionId })).toMatchObject({
			kind: 'verified'
		});
		const [row] = await t.db.select().from(user).where(eq(user.id, u.id));
		expect(row.email).toBe('moved@example.org');
		// The old address hears of it.
		const [notice] = await t.db
			.select()
			.from(mailOutbox)
			.where(and(eq(mailOutbox.toAddress, u.email), eq(mailOutbox.kind, 'changed')));
		expect(notice.text).toContain('moved@example.org');
	});

	it('a pending change is shown and can be cancelled; its link then fails', async () => {
		const { u, sessionId } = await account();
		expect(await pendingEmailChange(t.db, u)).toBeUndefined();
		await requestEmailChange(t.db, u, 'later@example.org', 'en', ORIGIN);
		const link = await linkTo('later@example.org', '/verify/');
		expect(await pendingEmailChange(t.db, u)).toMatchObject({ email: 'later@example.org' });
		await cancelEmailChange(t.db, u);
		expect(await pendingEmailChange(t.db, u)).toBeUndefined();
		expect(await verifyEmail(t.db, link, 'en', { userId: u.id, sessionId })).toEqual({
			kind: 'invalid'
		});
	});
});
