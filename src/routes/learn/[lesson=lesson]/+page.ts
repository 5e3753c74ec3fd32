import { lessonText } from '$lib/course/lessons';
import type { PageLoad } from './$types';

/**
 * The lesson text (see `lessonText`) and the quiz part, one of three views (form, result, retake
 * notice): loaded here (universal, since components can't be serialised), so a page fetches the code
 * of the view it shows and not the others'. On the server this is the same import.
 */
export const load = (async ({ data, parent }) => {
	const views = Promise.all([
		data.quiz ? import('$lib/components/quiz/QuizForm.svelte') : null,
		data.result ? import('$lib/components/quiz/QuizResult.svelte') : null,
		data.closed ? import('$lib/components/quiz/RetakeNotice.svelte') : null
	]);
	const { locale } = await parent();
	const [text, [form, result, closed]] = await Promise.all([
		lessonText(data.lesson.folder, locale),
		views
	]);
	return {
		...data,
		text,
		QuizForm: form?.default ?? null,
		QuizResult: result?.default ?? null,
		RetakeNotice: closed?.default ?? null
	};
}) satisfies PageLoad;
