import { redirect } from '@sveltejs/kit';
import { mailOrigin } from '$lib/server/origin';
import { db } from '$lib/server/db';
import { registerAccount } from '$lib/server/accounts';
import { afterSignIn, homeOf } from '$lib/server/auth/after-sign-in';
import { startSession } from '$lib/server/auth/start-session';
import { markFreshRegistration } from '$lib/server/notice';
import { limits, take } from '$lib/server/auth/throttle';
import { clientAddress } from '$lib/server/auth/client-address';
import {
	emailError,
	nameError,
	passwordError,
	safeRedirect,
	textField,
	invalid,
	throttledMessage
} from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
	if (locals.user)
		redirect(303, safeRedirect(url.searchParams.get('next'), homeOf(locals.user.role)));
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { request, locals, url, cookies, setHeaders } = event;
		const data = await request.formData();
		const values = { name: textField(data, 'name'), email: textField(data, 'email') };
		const password = textField(data, 'password');
		const ip = clientAddress(event);

		const errors = {
			name: nameError(values.name),
			email: emailError(values.email),
			password: passwordError(password, values.email)
		};
		if (errors.name || errors.email || errors.password) {
			return invalid(400, { values, errors, message: m.error_form_invalid() });
		}
		// Counted only for well-formed sign-ups, in one atomic statement (parallel posts cannot slip by).
		const throttled = await take(db(), limits.registerPerIp, ip);
		if (throttled.limited) {
			setHeaders({ 'Retry-After': String(throttled.retryAfter) });
			return invalid(429, { values, errors: {}, message: throttledMessage(throttled.retryAfter) });
		}
		const user = await registerAccount(
			db(),
			{ ...values, password, locale: locals.locale },
			mailOrigin(event),
			ip
		);
		const next = url.searchParams.get('next');
		// A new address is signed in at once (learners study before confirming); a known one is not.
		// Both get the same page, at the same URL: the page does not say which it was (S8).
		if (user) {
			await startSession(db(), cookies, user.id);
			markFreshRegistration(cookies);
			// The join page they came from named the class; registering from it is the yes.
			await afterSignIn(db(), user, next, { ip, confirmed: true });
		}
		const target = safeRedirect(next, '');
		redirect(303, `/register/sent${target ? `?next=${encodeURIComponent(target)}` : ''}`);
	}
} satisfies Actions;
