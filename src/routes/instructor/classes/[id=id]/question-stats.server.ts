import { getCourse } from '$lib/server/content';
import type { QuestionStat } from '$lib/server/reports';
import type { Locale, Question } from '$lib/server/quiz/types';

/** Below this many answers a figure is marked tentative. */
export const TENTATIVE_BELOW = 10;
export const STATS_SORTS = ['facility', 'discrimination', 'order'] as const;
export type StatsSort = (typeof STATS_SORTS)[number];

export const parseStatsSort = (url: URL): StatsSort =>
	STATS_SORTS.find((s) => s === url.searchParams.get('qsort')) ?? 'facility';

/** A wrong choice as the instructor reads it: option text, value, the order given, the pair matched. */
export function wrongChoiceText(q: Question, choice: string, locale: Locale): string[] {
	switch (q.type) {
		case 'single':
		case 'multiple':
			return [q.options.find((o) => o.id === choice)?.text[locale] ?? choice];
		case 'truefalse':
		case 'number':
			return [choice];
		case 'order': {
			let ids: unknown;
			try {
				ids = JSON.parse(choice);
			} catch {
				return [choice];
			}
			if (!Array.isArray(ids)) return [choice];
			return ids.map((id) => q.items.find((i) => i.id === id)?.text[locale] ?? String(id));
		}
		case 'match': {
			const [left, right] = choice.split('=');
			const text = (id: string, side: 'left' | 'right') =>
				q.pairs.find((p) => p.id === id)?.[side][locale] ?? id;
			return [`${text(left, 'left')} → ${text(right, 'right')}`];
		}
	}
}

/** The class's item statistics, one group per lesson in course order, sorted within the lesson. */
export function questionGroups(stats: QuestionStat[], locale: Locale, sort: StatsSort) {
	const course = getCourse();
	const byKey = new Map(stats.map((s) => [`${s.lesson}/${s.questionId}`, s]));
	const nullsLast = (v: number | null) => (v === null ? Infinity : v);
	return course.lessons
		.map((lesson) => {
			const questions = lesson.quiz.questions
				.map((q, index) => {
					const s = byKey.get(`${lesson.slug}/${q.id}`);
					const wrong = Object.entries(s?.wrongChoices ?? {}).sort(
						(a, b) => b[1] - a[1] || a[0].localeCompare(b[0])
					)[0];
					const wrongAnswers = s ? s.shown - s.correct : 0;
					return {
						id: q.id,
						index,
						prompt: q.prompt[locale],
						type: q.type,
						section: q.section,
						shown: s?.shown ?? 0,
						firstAttempts: s?.firstAttempts ?? 0,
						facility: s?.facility ?? null,
						facilityTentative: (s?.firstAttempts ?? 0) < TENTATIVE_BELOW,
						discrimination: s?.discrimination ?? null,
						discriminationN: s?.discriminationN ?? 0,
						discriminationTentative: (s?.discriminationN ?? 0) < TENTATIVE_BELOW,
						wrongAnswers,
						wrong: wrong
							? { parts: wrongChoiceText(q, wrong[0], locale), times: wrong[1], of: wrongAnswers }
							: null
					};
				})
				.filter((q) => q.shown > 0);
			const key = {
				facility: (q: (typeof questions)[number]) => nullsLast(q.facility),
				discrimination: (q: (typeof questions)[number]) => nullsLast(q.discrimination),
				order: (q: (typeof questions)[number]) => q.index
			}[sort];
			questions.sort((a, b) => key(a) - key(b) || a.index - b.index);
			return {
				slug: lesson.slug,
				number: lesson.number,
				title: lesson.text[locale].title,
				questions
			};
		})
		.filter((g) => g.questions.length > 0);
}

export type QuestionGroup = ReturnType<typeof questionGroups>[number];
