import type { Cookies } from '@sveltejs/kit';
import { and, eq, gt, lt } from 'drizzle-orm';
import { createSession, generateSessionToken, sessionIdFromToken } from '../auth/session';
import { setSessionTokenCookie } from '../auth/cookies';
import type { Db } from '../db';
import { ltiSignInToken } from '../db/schema';
import { LOGIN_LIFETIME_MS, stateHash } from './login';

/**
 * The session cookie inside an LMS iframe: a third-party context, where the app's `SameSite=Lax`
 * cookie is never sent. `Partitioned` (CHIPS) keeps it to this LMS's site, so browsers that block
 * third-party cookies still accept it; Safari may not — then "open in a new window" signs in.
 */
export const LTI_SESSION_COOKIE = 'lernpfad_lti_session';
const crossSite = {
	httpOnly: true,
	secure: true,
	sameSite: 'none',
	partitioned: true,
	path: '/'
} as const;

/** The login step's browser binding: a cookie named after the state (several tabs may launch). */
export const stateCookieName = (state: string) => `lti_state_${stateHash(state).slice(0, 24)}`;

export function setStateCookie(cookies: Cookies, state: string) {
	cookies.set(stateCookieName(state), '1', { ...crossSite, maxAge: LOGIN_LIFETIME_MS / 1000 });
}

export function hasStateCookie(cookies: Cookies, state: string) {
	return cookies.get(stateCookieName(state)) === '1';
}

export function clearStateCookie(cookies: Cookies, state: string) {
	cookies.delete(stateCookieName(state), crossSite);
}

/** One session, two cookies: the partitioned one for the iframe, the usual one for a window. */
export async function startLtiSession(database: Db, cookies: Cookies, userId: string) {
	const token = generateSessionToken();
	const session = await createSession(database, token, userId);
	setLtiSessionCookie(cookies, token, session.expiresAt);
	setSessionTokenCookie(cookies, token, session.expiresAt);
	return session;
}

export function setLtiSessionCookie(cookies: Cookies, token: string, expiresAt: Date) {
	cookies.set(LTI_SESSION_COOKIE, token, { ...crossSite, expires: expiresAt });
}

export function deleteLtiSessionCookie(cookies: Cookies) {
	cookies.delete(LTI_SESSION_COOKIE, crossSite);
}

/** "Open in a new window": a single-use sign-in link valid for five minutes. */
export const SIGN_IN_LIFETIME_MS = 5 * 60 * 1000;

export async function issueSignInToken(
	database: Db,
	userId: string,
	redirectTo: string,
	now = new Date()
) {
	const token = generateSessionToken();
	await database.delete(ltiSignInToken).where(lt(ltiSignInToken.expiresAt, now));
	await database.insert(ltiSignInToken).values({
		id: sessionIdFromToken(token),
		userId,
		redirectTo,
		expiresAt: new Date(now.getTime() + SIGN_IN_LIFETIME_MS)
	});
	return token;
}

export async function consumeSignInToken(database: Db, token: string, now = new Date()) {
	const [row] = await database
		.delete(ltiSignInToken)
		.where(and(eq(ltiSignInToken.id, sessionIdFromToken(token)), gt(ltiSignInToken.expiresAt, now)))
		.returning();
	return row;
}
