import type { Cookies, Handle } from '@sveltejs/kit';
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
import {
	deleteLtiSessionCookie,
	LTI_SESSION_COOKIE,
	setLtiSessionCookie
} from '$lib/server/lti/session';

/** A lesson a GET request will show: its rows are read with the session, in one statement. */
function lessonOf(event: Parameters<Handle>[0]['event']) {
	if (event.request.method !== 'GET' || event.route.id !== '/learn/[lesson=lesson]') return null;
	const course = getCourse();
	const lesson = course.bySlug.get(event.params.lesson ?? '');
	return lesson ? lessonKey(lesson.slug, lesson.quiz, course.retakes) : null;
}

/**
 * The session cookies, in the order they are tried: the app's own, then the partitioned one that
 * is all an LMS iframe sends (src/lib/server/lti/session.ts). One path for both, so a learner in
 * the iframe gets the same one-statement lesson view and sliding renewal.
 */
const COOKIES: {
	name: string;
	renew: (cookies: Cookies, token: string, expiresAt: Date) => void;
	drop: (cookies: Cookies) => void;
}[] = [
	{ name: SESSION_COOKIE, renew: setSessionTokenCookie, drop: deleteSessionTokenCookie },
	{ name: LTI_SESSION_COOKIE, renew: setLtiSessionCookie, drop: deleteLtiSessionCookie }
];

/** Always sets `locals.user` and `locals.session`, to `null` when signed out (Lucia pattern). */
export const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	for (const cookie of COOKIES) {
		const token = event.cookies.get(cookie.name);
		if (!token) continue;
		const lesson = lessonOf(event);
		const { validation, lesson: state } = lesson
			? await validateSessionForLesson(db(), token, lesson)
			: { validation: await validateSessionToken(db(), token), lesson: null };
		const { session, user, renewed } = validation;
		if (!session) {
			cookie.drop(event.cookies);
			continue;
		}
		if (lesson && state) keepLessonState(event.locals, lesson.slug, state);
		if (renewed) cookie.renew(event.cookies, token, session.expiresAt);
		event.locals.user = user;
		event.locals.session = session;
		break;
	}
	return resolve(event);
};
