import type { LayoutServerLoad } from './$types';

export const load = (({ locals }) => ({
	user: locals.user && {
		name: locals.user.name,
		role: locals.user.role,
		unverified: !locals.user.emailVerifiedAt
	},
	locale: locals.locale
})) satisfies LayoutServerLoad;
