import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { clientAddress } from '$lib/server/auth/client-address';
import { authenticate } from '$lib/server/auth/login';
import { afterSignIn, homeOf, joinCodeOf } from '$lib/server/auth/after-sign-in';
import { limits, take } from '$lib/server/auth/throttle';
import { findClassByCode } from '$lib/server/classes';
import { startSession } from '$lib/server/auth/start-session';
import { emailError, safeRedirect, textField, throttledMessage, invalid } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { locals, url } = event;
	if (locals.user)
		redirect(303, safeRedirect(url.searchParams.get('next'), homeOf(locals.user.role)));
	// A sign-in link from a join link names the class and asks (L7); the lookup counts against the
	// join limit like every other (L1), and past it the page just does not name the class.
	const code = joinCodeOf(safeRedirect(url.searchParams.get('next'), ''));
	if (!code || (await take(db(), limits.joinPerIp, clientAddress(event))).limited) return {};
	const klass = await findClassByCode(db(), code);
	if (!klass || klass.archivedAt) return {};
	return { joining: { name: klass.name } };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { request, url, cookies, setHeaders } = event;
		const data = await request.formData();
		const values = { email: textField(data, 'email') };
		const password = textField(data, 'password');
		const errors = {
			email: emailError(values.email),
			password: password ? undefined : m.error_required()
		};
		if (errors.email || errors.password) {
			return invalid(400, { values, errors, message: m.error_form_invalid() });
		}
		// Longer than any allowed password: refuse without hashing megabytes.
		const result =
			[...password].length > 256
				? ({ kind: 'invalid' } as const)
				: await authenticate(db(), { email: values.email, password, ip: clientAddress(event) });
		if (result.kind === 'throttled') {
			setHeaders({ 'Retry-After': String(result.retryAfter) });
			return invalid(429, { values, errors: {}, message: throttledMessage(result.retryAfter) });
		}
		if (result.kind === 'invalid') {
			return invalid(400, { values, errors: {}, message: m.error_login_invalid() });
		}
		if (result.kind === 'disabled') {
			const contact = process.env.SUPPORT_EMAIL ? ` (${process.env.SUPPORT_EMAIL})` : '';
			return invalid(403, { values, errors: {}, message: m.login_disabled({ contact }) });
		}
		await startSession(db(), cookies, result.user.id);
		redirect(
			303,
			await afterSignIn(db(), result.user, url.searchParams.get('next'), {
				ip: clientAddress(event),
				// Unticked, the person lands on the join page, which asks again.
				confirmed: data.get('join') === 'on'
			})
		);
	}
} satisfies Actions;
