import { redirect } from '@sveltejs/kit';
import { mailOrigin } from '$lib/server/origin';
import { db } from '$lib/server/db';
import { resetPassword } from '$lib/server/accounts';
import { homeOf } from '$lib/server/auth/after-sign-in';
import { peekEmailToken } from '$lib/server/auth/email-token';
import { startSession } from '$lib/server/auth/start-session';
import { invalid, passwordError, textField } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

// Opening the link uses nothing up (mail scanners fetch links): only the form's POST does.
export const load = (async ({ params, setHeaders }) => {
	// The page names the account's address: no shared cache may keep it (I1).
	setHeaders({ 'cache-control': 'private, no-store' });
	const row = await peekEmailToken(db(), params.token, 'reset');
	return { valid: !!row, email: row?.email ?? '' };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const password = textField(await event.request.formData(), 'password');
		const row = await peekEmailToken(db(), event.params.token, 'reset');
		if (!row) return invalid(400, { message: m.reset_invalid() });
		const problem = passwordError(password, row.email);
		if (problem) return invalid(400, { errors: { password: problem } });
		const account = await resetPassword(
			db(),
			event.params.token,
			password,
			mailOrigin(event),
			event.locals.locale
		);
		if (!account) return invalid(400, { message: m.reset_invalid() });
		// Every session of the account has ended; this browser gets a new one.
		if (!account.disabledAt) await startSession(db(), event.cookies, account.id);
		redirect(303, `${homeOf(account.role)}?reset=1`);
	}
} satisfies Actions;
