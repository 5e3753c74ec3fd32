import type { Locale } from '../quiz/types';
import { getCourse } from './index';

/** Client-safe views of the course: titles, order, reading times — never quiz data. */
export function courseOverview(locale: Locale) {
	const course = getCourse();
	return {
		title: course.title[locale],
		description: course.description[locale],
		goals: course.goals[locale],
		passPercent: course.passPercent,
		totalMinutes: course.lessons.reduce((sum, l) => sum + l.text[locale].minutes, 0),
		chapters: course.chapters.map((chapter, index) => ({
			number: index + 1,
			title: chapter.title[locale],
			lessons: chapter.lessons.map((slug) => lessonSummary(slug, locale))
		}))
	};
}

export function lessonSummary(slug: string, locale: Locale) {
	const lesson = getCourse().bySlug.get(slug)!;
	const t = lesson.text[locale];
	return { slug, number: lesson.number, title: t.title, summary: t.summary, minutes: t.minutes, source: t.source };
}

export function lessonView(slug: string, locale: Locale) {
	const course = getCourse();
	const lesson = course.bySlug.get(slug);
	if (!lesson) return undefined;
	const t = lesson.text[locale];
	const prev = course.lessons[lesson.number - 2];
	const next = course.lessons[lesson.number];
	return {
		slug,
		folder: lesson.folder,
		number: lesson.number,
		count: course.lessons.length,
		chapter: course.chapters[lesson.chapter].title[locale],
		title: t.title,
		summary: t.summary,
		minutes: t.minutes,
		source: t.source,
		goals: t.goals,
		sections: t.sections,
		questionCount: lesson.quiz.draw,
		prev: prev && { slug: prev.slug, title: prev.text[locale].title },
		next: next && { slug: next.slug, title: next.text[locale].title }
	};
}

export type LessonView = NonNullable<ReturnType<typeof lessonView>>;
