import type { LayoutServerLoad } from './$types';

export const load = (({ locals }) => ({
	user: locals.user && { name: locals.user.name, role: locals.user.role },
	locale: locals.locale
})) satisfies LayoutServerLoad;
