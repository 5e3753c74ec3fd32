import { mailOrigin } from '$lib/server/origin';
import { db } from '$lib/server/db';
import { resendVerification } from '$lib/server/accounts';
import { requireUser } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/auth/client-address';
import { limits, take } from '$lib/server/auth/throttle';
import { invalid, throttledMessage } from '$lib/server/forms';
import { findUserById } from '$lib/server/users';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load = ((event) => {
	const user = requireUser(event);
	return { email: user.email, verified: !!user.emailVerifiedAt };
}) satisfies PageServerLoad;

export const actions = {
	/** A new confirmation link for the signed-in user's address (the banner's button). */
	default: async (event) => {
		const user = requireUser(event);
		const throttled = await take(db(), limits.verifyPerUser, user.id);
		if (throttled.limited) {
			event.setHeaders({ 'Retry-After': String(throttled.retryAfter) });
			return invalid(429, { message: throttledMessage(throttled.retryAfter) });
		}
		const row = await findUserById(db(), user.id);
		if (row && !row.emailVerifiedAt) {
			await resendVerification(
				db(),
				row,
				event.locals.locale,
				mailOrigin(event),
				clientAddress(event)
			);
		}
		return { sent: m.verify_resent() };
	}
} satisfies Actions;
