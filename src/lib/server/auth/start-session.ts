import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db';
import { setSessionTokenCookie } from './cookies';
import { createSession, generateSessionToken } from './session';

export async function startSession(db: Db, cookies: Cookies, userId: string) {
	const token = generateSessionToken();
	const session = await createSession(db, token, userId);
	setSessionTokenCookie(cookies, token, session.expiresAt);
	return session;
}
