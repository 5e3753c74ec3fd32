import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { paraglideOptions } from '../../../scripts/paraglide-options.js';

/** Remembers a chosen language for a year (the strategy reads it after the user's saved setting). */
export function setLocaleCookie(cookies: Cookies, locale: string) {
	cookies.set(paraglideOptions.cookieName ?? 'lernpfad_locale', locale, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: !dev,
		maxAge: 60 * 60 * 24 * 365
	});
}
