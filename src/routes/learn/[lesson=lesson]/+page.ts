import { loadLessonComponent } from '$lib/course/lessons';
import type { PageLoad } from './$types';

/**
 * The lesson text is an mdsvex component, and the quiz part is one of three views (form, result,
 * retake notice): all loaded here (universal, since components can't be serialised), so a page
 * fetches the code of the view it shows and not the others'. On the server this is the same import.
 */
export const load = (async ({ data, parent }) => {
	const views = Promise.all([
		data.quiz ? import('$lib/components/quiz/QuizForm.svelte') : null,
		data.result ? import('$lib/components/quiz/QuizResult.svelte') : null,
		data.closed ? import('$lib/components/quiz/RetakeNotice.svelte') : null
	]);
	const { locale } = await parent();
	const [Text, [form, result, closed]] = await Promise.all([
		loadLessonComponent(data.lesson.folder, locale),
		views
	]);
	return {
		...data,
		Text,
		QuizForm: form?.default ?? null,
		QuizResult: result?.default ?? null,
		RetakeNotice: closed?.default ?? null
	};
}) satisfies PageLoad;
