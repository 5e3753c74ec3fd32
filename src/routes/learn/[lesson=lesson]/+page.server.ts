import { error } from '@sveltejs/kit';
import { lessonView } from '$lib/server/content/views';
import * as m from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

export const load = (({ params, locals }) => {
	const lesson = lessonView(params.lesson, locals.locale);
	if (!lesson) error(404, m.error_not_found());
	return { lesson };
}) satisfies PageServerLoad;
