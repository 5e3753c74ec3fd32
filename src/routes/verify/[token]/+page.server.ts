import { db } from '$lib/server/db';
import { verifyEmail } from '$lib/server/accounts';
import { peekEmailToken } from '$lib/server/auth/email-token';
import { invalid } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

// Opening the link shows a button; only its POST confirms (mail scanners fetch links).
export const load = (async ({ params }) => {
	const row = await peekEmailToken(db(), params.token, 'verify');
	return { email: row?.email ?? null };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const result = await verifyEmail(db(), event.params.token, event.locals.locale);
		if (result.kind === 'invalid') return invalid(400, { message: m.verify_invalid() });
		if (result.kind === 'taken') return invalid(409, { message: m.verify_taken() });
		return { done: m.verify_done({ email: result.email }) };
	}
} satisfies Actions;
