import type { Handle } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import {
	SESSION_COOKIE,
	validateSessionForLesson,
	validateSessionToken
} from '$lib/server/auth/session';
import { deleteSessionTokenCookie, setSessionTokenCookie } from '$lib/server/auth/cookies';
import { getCourse } from '$lib/server/content';
import { keepLessonState } from '$lib/server/lesson-state';
import { lessonKey } from '$lib/server/progress';

/** A lesson a GET request will show: its rows are read with the session, in one statement. */
function lessonOf(event: Parameters<Handle>[0]['event']) {
	if (event.request.method !== 'GET' || event.route.id !== '/learn/[lesson=lesson]') return null;
	const course = getCourse();
	const lesson = course.bySlug.get(event.params.lesson ?? '');
	return lesson ? lessonKey(lesson.slug, lesson.quiz, course.retakes) : null;
}

/** Always sets `locals.user` and `locals.session`, to `null` when signed out (Lucia pattern). */
export const handleAuth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const lesson = lessonOf(event);
		const { validation, lesson: state } = lesson
			? await validateSessionForLesson(db(), token, lesson)
			: { validation: await validateSessionToken(db(), token), lesson: null };
		const { session, user, renewed } = validation;
		if (session) {
			if (lesson && state) keepLessonState(event.locals, lesson.slug, state);
			if (renewed) setSessionTokenCookie(event.cookies, token, session.expiresAt);
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionTokenCookie(event.cookies);
		}
	}
	return resolve(event);
};
