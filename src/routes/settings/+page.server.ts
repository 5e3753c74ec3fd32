import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { setLocaleCookie } from '$lib/server/locale-cookie';
import { requireUser } from '$lib/server/auth/guard';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { limits, refund, take } from '$lib/server/auth/throttle';
import { clientAddress } from '$lib/server/auth/client-address';
import { nameError, passwordError, textField, throttledMessage, invalid } from '$lib/server/forms';
import { findUserById, setPasswordHash, updateProfile } from '$lib/server/users';
import { isLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load = ((event) => {
	const user = requireUser(event);
	return {
		profile: { name: user.name, email: user.email, locale: user.locale ?? event.locals.locale },
		languageSaved: event.url.searchParams.get('saved') === 'language'
	};
}) satisfies PageServerLoad;

export const actions = {
	profile: async (event) => {
		const user = requireUser(event);
		const name = textField(await event.request.formData(), 'name');
		const error = nameError(name);
		if (error)
			return invalid(400, { action: 'profile', values: { name }, errors: { name: error } });
		await updateProfile(db(), user.id, { name: name.trim() });
		return { action: 'profile', success: m.settings_profile_saved() };
	},

	language: async (event) => {
		const user = requireUser(event);
		const locale = textField(await event.request.formData(), 'locale');
		if (!isLocale(locale)) {
			return invalid(400, { action: 'language', errors: { locale: m.error_locale_invalid() } });
		}
		await updateProfile(db(), user.id, { locale });
		setLocaleCookie(event.cookies, locale);
		// Redirect so the next page is rendered in the new language.
		redirect(303, '/settings?saved=language');
	},

	password: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const current = textField(data, 'current');
		const next = textField(data, 'password');
		const errors = {
			current: current ? undefined : m.error_required(),
			password: passwordError(next, user.email)
		};
		if (errors.current || errors.password) return invalid(400, { action: 'password', errors });
		// Like a sign-in: counted before the check, per account and address; a right password gives it back.
		const key = `${user.email}|${clientAddress(event)}`;
		const throttled = await take(db(), limits.loginPerAccountIp, key);
		if (throttled.limited) {
			event.setHeaders({ 'Retry-After': String(throttled.retryAfter) });
			return invalid(429, {
				action: 'password',
				errors: {},
				message: throttledMessage(throttled.retryAfter)
			});
		}
		const row = await findUserById(db(), user.id);
		if (!row || [...current].length > 256 || !(await verifyPassword(row.passwordHash, current))) {
			return invalid(400, { action: 'password', errors: { current: m.error_current_password() } });
		}
		await refund(db(), limits.loginPerAccountIp, key);
		await setPasswordHash(db(), user.id, await hashPassword(next));
		await invalidateUserSessions(db(), user.id, event.locals.session?.id);
		return { action: 'password', success: m.settings_password_saved() };
	}
} satisfies Actions;
