import { mailOrigin } from '$lib/server/origin';
import { db } from '$lib/server/db';
import { inBackground, requestPasswordReset } from '$lib/server/accounts';
import { RESET_MINUTES } from '$lib/server/auth/email-token';
import { clientAddress } from '$lib/server/auth/client-address';
import { limits, take } from '$lib/server/auth/throttle';
import { emailError, invalid, textField, throttledMessage } from '$lib/server/forms';
import { normalizeEmail } from '$lib/server/users';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

/** `?email=` from the sign-in page's link fills the field in (V27); anything longer is cut. */
export const load = (({ url }) => ({
	email: (url.searchParams.get('email') ?? '').trim().slice(0, 254)
})) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const email = textField(await event.request.formData(), 'email');
		const error = emailError(email);
		if (error) return invalid(400, { values: { email }, errors: { email: error } });
		const throttled = await take(db(), limits.resetPerIp, clientAddress(event));
		if (throttled.limited) {
			event.setHeaders({ 'Retry-After': String(throttled.retryAfter) });
			return invalid(429, { values: { email }, message: throttledMessage(throttled.retryAfter) });
		}
		// The same answer, at the same time, whether the address has an account or not (L2): the
		// lookup, token and mail happen after the answer.
		const locale = event.locals.locale;
		const [origin, ip] = [mailOrigin(event), clientAddress(event)];
		inBackground('forgot', () => requestPasswordReset(db(), email, locale, origin, ip));
		return {
			sent: m.forgot_sent({ email: normalizeEmail(email), minutes: RESET_MINUTES })
		};
	}
} satisfies Actions;
