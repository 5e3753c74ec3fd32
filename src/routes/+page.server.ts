import { courseOverview } from '$lib/server/content/views';
import type { PageServerLoad } from './$types';

export const load = (({ locals }) => ({
	course: courseOverview(locals.locale)
})) satisfies PageServerLoad;
