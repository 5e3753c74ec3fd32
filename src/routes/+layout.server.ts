import { isFreshRegistration } from '$lib/server/notice';
import type { LayoutServerLoad } from './$types';

export const load = (({ locals, cookies }) => ({
	user: locals.user && {
		name: locals.user.name,
		role: locals.user.role,
		// The "please confirm" banner waits while the mail is fresh (see markFreshRegistration).
		unverified: !locals.user.emailVerifiedAt && !isFreshRegistration(cookies)
	},
	locale: locals.locale
})) satisfies LayoutServerLoad;
