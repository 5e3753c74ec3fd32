import { db } from '$lib/server/db';
import { classesOfLearner } from '$lib/server/classes';
import { requireUser } from '$lib/server/auth/guard';
import { courseOverview } from '$lib/server/content/views';
import { getCourseProgress } from '$lib/server/progress';
import { progressInfo } from '$lib/server/quiz/session';
import { reviewSummary } from '$lib/server/review/cards';
import { now } from '$lib/server/review/clock';
import { certificateForLearner } from './certificate.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUser(event);
	const course = courseOverview(event.locals.locale);
	const [rows, classes, review] = await Promise.all([
		getCourseProgress(db(), user.id),
		classesOfLearner(db(), user.id),
		// One statement in the same batch: the due count costs no extra round trip.
		reviewSummary(db(), user.id, now(event.request))
	]);
	const bySlug = new Map(rows.map((r) => [r.lesson, r]));
	const lessons = course.chapters.flatMap((c) =>
		c.lessons.map((l) => ({ ...l, chapter: c.title, progress: progressInfo(bySlug.get(l.slug)) }))
	);
	const open = lessons.filter((l) => !l.progress?.passed);
	// Resume at the first lesson not yet passed, in course order: a failed quiz is not skipped.
	const next = open[0];
	const certificate = await certificateForLearner(
		user,
		event.locals.locale,
		event.url.origin,
		open.length === 0
	);
	return {
		title: course.title,
		lessons,
		passed: lessons.length - open.length,
		minutesLeft: open.reduce((sum, l) => sum + l.minutes, 0),
		next: next && {
			slug: next.slug,
			number: next.number,
			title: next.title,
			// "Start" only for someone who has not opened any lesson yet.
			started: rows.length > 0
		},
		certificate,
		review,
		classes: classes.map((c) => ({ name: c.name, instructor: c.instructor }))
	};
}) satisfies PageServerLoad;
