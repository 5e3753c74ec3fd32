import { db } from '$lib/server/db';
import { verifyEmail } from '$lib/server/accounts';
import { peekEmailToken } from '$lib/server/auth/email-token';
import { invalid } from '$lib/server/forms';
import { findUserById } from '$lib/server/users';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

// Opening the link shows a button; only its POST confirms (mail scanners fetch links).
export const load = (async ({ params, locals, setHeaders }) => {
	// The page names an address: no shared cache may keep it.
	setHeaders({ 'cache-control': 'private, no-store' });
	const row = await peekEmailToken(db(), params.token, 'verify');
	if (!row) return { email: null, signIn: false };
	// An e-mail change is confirmed only from the account's own session (H1).
	const owner = await findUserById(db(), row.userId);
	const change = !!owner && owner.email !== row.email;
	return { email: row.email, signIn: change && locals.user?.id !== row.userId };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { locals } = event;
		const session =
			locals.user && locals.session
				? { userId: locals.user.id, sessionId: locals.session.id }
				: undefined;
		const result = await verifyEmail(db(), event.params.token, locals.locale, session);
		if (result.kind === 'invalid') return invalid(400, { message: m.verify_invalid() });
		if (result.kind === 'taken') return invalid(409, { message: m.verify_taken() });
		if (result.kind === 'sign_in') return invalid(403, { message: m.verify_sign_in() });
		return { done: m.verify_done({ email: result.email }) };
	}
} satisfies Actions;
