import { db } from '$lib/server/db';
import { courseOverview } from '$lib/server/content/views';
import { getCourseProgress } from '$lib/server/progress';
import { progressInfo } from '$lib/server/quiz/session';
import { takeNotice } from '$lib/server/notice';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, cookies }) => {
	const course = courseOverview(locals.locale);
	const notice = takeNotice(cookies) ?? null;
	if (!locals.user) return { course, notice, progress: {} };
	const rows = await getCourseProgress(db(), locals.user.id);
	return {
		course,
		notice,
		progress: Object.fromEntries(rows.map((r) => [r.lesson, progressInfo(r)]))
	};
}) satisfies PageServerLoad;
