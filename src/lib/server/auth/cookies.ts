import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { DEVICE_COOKIE } from './known-device';
import { SESSION_COOKIE } from './session';

export function setSessionTokenCookie(cookies: Cookies, token: string, expiresAt: Date) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: !dev,
		expires: expiresAt,
		path: '/'
	});
}

export function deleteSessionTokenCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: !dev, path: '/' });
}

/** A known device's token (auth/known-device.ts): a year, and it outlives signing out. */
export function setDeviceCookie(cookies: Cookies, token: string) {
	cookies.set(DEVICE_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: !dev,
		maxAge: 365 * 24 * 60 * 60,
		path: '/'
	});
}
