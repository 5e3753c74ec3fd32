import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';

const NOTICE_COOKIE = 'lernpfad_notice';
const notices = ['account-deleted'] as const;
export type Notice = (typeof notices)[number];

/**
 * A one-time notice for the next page (after a redirect that ends the session). A cookie, not a
 * query parameter: a link someone else sends cannot make the page claim an account was deleted.
 */
export function setNotice(cookies: Cookies, notice: Notice) {
	cookies.set(NOTICE_COOKIE, notice, {
		httpOnly: true,
		sameSite: 'lax',
		secure: !dev,
		path: '/',
		maxAge: 300
	});
}

/** Reads the notice once: it is deleted as it is read. */
export function takeNotice(cookies: Cookies): Notice | undefined {
	const value = cookies.get(NOTICE_COOKIE);
	if (value === undefined) return undefined;
	cookies.delete(NOTICE_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: !dev });
	return notices.find((n) => n === value);
}

const FRESH_COOKIE = 'lernpfad_fresh';
/** As long as the "check your inbox" page's promise holds: the mail just went out. */
const FRESH_SECONDS = 600;

/**
 * Marks a registration that just sent its confirmation mail. For a while the "please confirm"
 * banner is not shown: repeating it seconds after the mail went out read as if it had not (V27).
 */
export function markFreshRegistration(cookies: Cookies) {
	cookies.set(FRESH_COOKIE, '1', {
		httpOnly: true,
		sameSite: 'lax',
		secure: !dev,
		path: '/',
		maxAge: FRESH_SECONDS
	});
}

export function isFreshRegistration(cookies: Cookies): boolean {
	return cookies.get(FRESH_COOKIE) === '1';
}
