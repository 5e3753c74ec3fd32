import { getCourse } from '$lib/server/content';
import type { Db } from '$lib/server/db';
import type { Locale } from '$lib/server/quiz/types';
import type { ProgressRead } from '$lib/server/reports';
import { classRetention } from '$lib/server/review/retention';
import { TENTATIVE_BELOW } from './question-stats.server';

const share = (right: number, answers: number) =>
	answers > 0 ? Math.round((right / answers) * 100) : null;

/** The retention view: per lesson in course order, then the questions the class forgets most. */
export async function retentionView(db: Db, classId: string, locale: Locale, read?: ProgressRead) {
	const { lessons, forgotten } = await classRetention(db, classId, read);
	const course = getCourse();
	const bySlug = new Map(lessons.map((l) => [l.lesson, l]));
	const figure = (f: { answers: number; right: number; learners: number } | undefined) => ({
		percent: f ? share(f.right, f.answers) : null,
		answers: f?.answers ?? 0,
		learners: f?.learners ?? 0,
		tentative: (f?.learners ?? 0) < TENTATIVE_BELOW
	});
	return {
		lessons: course.lessons
			.filter((l) => bySlug.has(l.slug))
			.map((l) => ({
				number: l.number,
				title: l.text[locale].title,
				quiz: figure(bySlug.get(l.slug)?.quiz),
				review: figure(bySlug.get(l.slug)?.review)
			})),
		forgotten: forgotten.map((f) => {
			const lesson = course.bySlug.get(f.lesson);
			const question = lesson?.quiz.questions.find((q) => q.id === f.questionId);
			return {
				lesson: lesson ? `L${lesson.number}` : f.lesson,
				prompt: question?.prompt[locale] ?? f.questionId,
				...figure(f)
			};
		})
	};
}
