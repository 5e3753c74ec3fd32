import { db } from '$lib/server/db';
import { courseOverview } from '$lib/server/content/views';
import { getCourseProgress } from '$lib/server/progress';
import { progressInfo } from '$lib/server/quiz/session';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const course = courseOverview(locals.locale);
	if (!locals.user) return { course, progress: {} };
	const rows = await getCourseProgress(db(), locals.user.id);
	return { course, progress: Object.fromEntries(rows.map((r) => [r.lesson, progressInfo(r)])) };
}) satisfies PageServerLoad;
