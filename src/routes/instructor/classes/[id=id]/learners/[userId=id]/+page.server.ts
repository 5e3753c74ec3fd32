import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { classForViewer, isEnrolled } from '$lib/server/classes';
import { getCourse } from '$lib/server/content';
import { reviewQuestion } from '$lib/server/quiz/present';
import { learnerAttempts } from '$lib/server/reports';
import { getCourseProgress } from '$lib/server/progress';
import { progressInfo } from '$lib/server/quiz/session';
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
	const course = getCourse();
	const titles = new Map(course.lessons.map((l) => [l.slug, l.text[locale].title]));
	const [attempts, progress] = await Promise.all([
		learnerAttempts(db(), learner.id),
		getCourseProgress(db(), learner.id)
	]);
	const bySlug = new Map(progress.map((p) => [p.lesson, p]));
	// The summary at the top (V27): one row per lesson in course order, failures counted.
	const lessons = course.lessons.map((l) => {
		const mine = attempts.filter((a) => a.lesson === l.slug);
		return {
			slug: l.slug,
			number: l.number,
			title: l.text[locale].title,
			progress: progressInfo(bySlug.get(l.slug)),
			attempts: mine.length,
			failed: mine.filter((a) => !a.passed).length
		};
	});
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
		lessons,
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
