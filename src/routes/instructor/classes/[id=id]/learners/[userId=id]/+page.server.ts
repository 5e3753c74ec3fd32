import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { classForViewer, isEnrolled } from '$lib/server/classes';
import { getCourse } from '$lib/server/content';
import { reviewQuestion } from '$lib/server/quiz/present';
import { learnerAttempts } from '$lib/server/reports';
import { findUserById } from '$lib/server/users';
import * as m from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const viewer = requireUser(event, 'instructor', 'admin');
	const klass = await classForViewer(db(), event.params.id, viewer);
	// Only learners of this class, and only for its instructor (or an admin).
	if (!klass || !(await isEnrolled(db(), klass.id, event.params.userId)))
		error(404, m.error_not_found());
	const learner = (await findUserById(db(), event.params.userId))!;
	const locale = event.locals.locale;
	const titles = new Map(getCourse().lessons.map((l) => [l.slug, l.text[locale].title]));
	const attempts = await learnerAttempts(db(), learner.id);
	// Numbered per lesson, oldest first: headings (and so the landmarks' names) stay unique.
	const nth = new Map<string, number>();
	const seen = new Map<string, number>();
	for (const a of [...attempts].reverse()) {
		seen.set(a.lesson, (seen.get(a.lesson) ?? 0) + 1);
		nth.set(a.id, seen.get(a.lesson)!);
	}
	return {
		klass: { id: klass.id, name: klass.name },
		learner: { name: learner.name },
		attempts: attempts.map((a) => ({
			id: a.id,
			lesson: a.lesson,
			lessonTitle: titles.get(a.lesson) ?? a.lesson,
			nth: nth.get(a.id)!,
			submittedAt: a.submittedAt.toISOString(),
			score: a.score,
			maxScore: a.maxScore,
			percent: a.percent,
			passed: a.passed,
			questions: a.answers.map((answer) => reviewQuestion(answer, locale, true))
		}))
	};
}) satisfies PageServerLoad;
