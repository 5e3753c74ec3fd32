import type { Handle } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { deleteSessionTokenCookie, setSessionTokenCookie } from '$lib/server/auth/cookies';

/** Always sets `locals.user` and `locals.session`, to `null` when signed out (Lucia pattern). */
export const handleAuth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const { session, user, renewed } = await validateSessionToken(db(), token);
		if (session) {
			if (renewed) setSessionTokenCookie(event.cookies, token, session.expiresAt);
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionTokenCookie(event.cookies);
		}
	}
	return resolve(event);
};
