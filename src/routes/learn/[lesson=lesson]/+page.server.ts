import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { getCourse } from '$lib/server/content';
import { lessonView } from '$lib/server/content/views';
import { textField } from '$lib/server/forms';
import { findCertificateOfUser } from '$lib/server/certificates/issue';
import { findOwnAttempt, questionsOf, submitAttempt, viewLesson } from '$lib/server/progress';
import { takeLessonState } from '$lib/server/lesson-state';
import { gradeQuiz, parseAnswers } from '$lib/server/quiz/grade';
import { AnswerCodec } from '$lib/server/quiz/tokens';
import { progressInfo, quizForLearner, resultForLearner } from '$lib/server/quiz/session';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ params, locals, url, setHeaders }) => {
	const lesson = lessonView(params.lesson, locals.locale);
	if (!lesson) error(404, m.error_not_found());
	const base = {
		lesson,
		passPercent: getCourse().passPercent,
		maxPerDay: getCourse().retakes.maxPerDay
	};
	if (!locals.user) {
		// The same page for every visitor in a language: browsers and CDNs may keep it a minute.
		// Signed-in pages stay `private, no-store` (hooks/headers.ts).
		setHeaders({ 'cache-control': 'public, max-age=60', vary: 'cookie, accept-language' });
		return { ...base, progress: null, quiz: null, closed: null, result: null };
	}

	const content = getCourse().bySlug.get(params.lesson)!;
	const attemptId = url.searchParams.get('attempt');
	// The learner's rows came with the session (hooks/auth.ts); a first view writes once.
	const view = await viewLesson(db(), locals.user.id, content.slug, content.quiz, {
		policy: getCourse().retakes,
		state: takeLessonState(locals, content.slug),
		draw: !attemptId
	});
	const progress = progressInfo(view.progress);
	const quiz = view.quiz && quizForLearner(view.quiz, content, locals.locale);
	if (attemptId) {
		const result = await resultForLearner(
			db(),
			locals.user.id,
			content,
			attemptId,
			locals.locale,
			!!progress?.passed
		);
		if (!result) error(404, m.error_not_found());
		// The pass that completed the course issued the certificate in the same transaction.
		const certificate = result.passed ? await findCertificateOfUser(db(), locals.user.id) : null;
		return {
			...base,
			progress,
			quiz: null,
			closed: null,
			result: { ...result, certificate: certificate?.code ?? null }
		};
	}
	return {
		...base,
		progress,
		quiz: quiz && 'attempt' in quiz ? quiz.attempt : null,
		closed: quiz && 'closed' in quiz ? quiz.closed : null,
		result: null
	};
}) satisfies PageServerLoad;

export const actions = {
	submit: async (event) => {
		const user = requireUser(event);
		const lesson = getCourse().bySlug.get(event.params.lesson)!;
		const form = await event.request.formData();
		const attempt = await findOwnAttempt(db(), textField(form, 'attempt'), user.id);
		if (!attempt || attempt.lesson !== lesson.slug) {
			return fail(400, { quiz: { message: m.quiz_attempt_unknown(), values: {}, problems: {} } });
		}
		const resultUrl = `/learn/${lesson.slug}?attempt=${attempt.id}#result`;
		// Submitted before (double click, replay, another tab): show that result, record nothing new.
		if (attempt.submittedAt) redirect(303, resultUrl);

		const questions = questionsOf(attempt, lesson.quiz);
		if (!questions)
			return fail(409, { quiz: { message: m.quiz_changed(), values: {}, problems: {} } });

		const parsed = parseAnswers(questions, form, new AnswerCodec(attempt.secret));
		const open = Object.keys(parsed.problems).length;
		if (open > 0) {
			return fail(400, {
				quiz: {
					message: m.quiz_incomplete({ count: open }),
					values: parsed.values,
					problems: parsed.problems
				}
			});
		}
		const course = getCourse();
		const grade = gradeQuiz(questions, parsed.responses, course.passPercent);
		await submitAttempt(db(), {
			attempt,
			questions,
			responses: parsed.responses,
			grade,
			passPercent: course.passPercent,
			course: { lessons: course.lessons.map((l) => l.slug), locale: event.locals.locale },
			reviewPool: lesson.quiz.questions.map((q) => q.id)
		});
		redirect(303, resultUrl);
	}
} satisfies Actions;
