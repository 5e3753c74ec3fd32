import { loadLessonComponent } from '$lib/course/lessons';
import type { PageLoad } from './$types';

/** The lesson text is an mdsvex component: loaded here (universal), since components can't be serialised. */
export const load = (async ({ data, parent }) => {
	const { locale } = await parent();
	return { ...data, Text: await loadLessonComponent(data.lesson.folder, locale) };
}) satisfies PageLoad;
