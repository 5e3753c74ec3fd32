import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/auth/client-address';
import { connectAccount, connectBlock } from '$lib/server/lti/connect';
import { startLtiSession } from '$lib/server/lti/session';
import { emailError, invalid, textField, throttledMessage } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

const blockMessage = { not_lti: m.lti_connect_not_lti, progress: m.lti_connect_progress };

export const load = (async (event) => {
	const user = requireUser(event);
	const block = await connectBlock(db(), user.id);
	return { blocked: block ? blockMessage[block]() : null };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const values = { email: textField(data, 'email') };
		const password = textField(data, 'password');
		const errors = {
			email: emailError(values.email),
			password: password ? undefined : m.error_required()
		};
		if (errors.email || errors.password)
			return invalid(400, { values, errors, message: m.error_form_invalid() });
		const result = await connectAccount(db(), {
			userId: user.id,
			email: values.email,
			password,
			ip: clientAddress(event)
		});
		switch (result.kind) {
			case 'throttled':
				event.setHeaders({ 'Retry-After': String(result.retryAfter) });
				return invalid(429, { values, errors: {}, message: throttledMessage(result.retryAfter) });
			case 'invalid':
				return invalid(400, { values, errors: {}, message: m.error_login_invalid() });
			case 'disabled':
				return invalid(403, { values, errors: {}, message: m.login_disabled({ contact: '' }) });
			case 'blocked':
				return invalid(409, { values, errors: {}, message: blockMessage[result.reason]() });
			case 'platform_taken':
				return invalid(409, { values, errors: {}, message: m.lti_connect_taken() });
		}
		// The launch-made account and its sessions are gone: sign in as the connected one, in the
		// LMS's iframe (partitioned cookie) as in a window.
		await startLtiSession(db(), event.cookies, result.user.id);
		redirect(303, '/settings?saved=lti');
	}
} satisfies Actions;
