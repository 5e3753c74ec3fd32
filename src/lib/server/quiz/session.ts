import type { Db } from '../db';
import type { QuizAttempt } from '../db/schema';
import type { Lesson } from '../content/load';
import { findAttempt, getLessonProgress, questionsOf, type OpenedQuiz } from '../progress';
import { presentQuestion, reviewQuestion, type ClientQuestion } from './present';
import type { Locale } from './types';

/**
 * Presented attempts, per attempt and language: a draw never changes (questions, seed and secret are
 * fixed when it is made; content only with a new build), so a reload need not shuffle and HMAC every
 * option again. Bounded: the oldest entry goes first (a Map keeps insertion order).
 */
const presented = new Map<string, ClientQuestion[]>();
const MAX_PRESENTED = 1_000;

function presentedQuestions(attempt: QuizAttempt, lesson: Lesson, locale: Locale) {
	const key = `${attempt.id}\u0000${locale}`;
	let questions = presented.get(key);
	if (!questions) {
		// viewLesson only returns attempts of the current quiz version, so every drawn id exists.
		questions = questionsOf(attempt, lesson.quiz)!.map((q) => presentQuestion(q, attempt, locale));
		if (presented.size >= MAX_PRESENTED) presented.delete(presented.keys().next().value!);
		presented.set(key, questions);
	}
	return questions;
}

export function progressInfo(row: Awaited<ReturnType<typeof getLessonProgress>> | undefined) {
	return row
		? { attempts: row.attempts, bestPercent: row.bestPercent, passed: row.passedAt !== null }
		: null;
}

/**
 * The attempt to show (from `viewLesson`) — prompts and option texts under opaque values only — or,
 * when the retake policy says to wait, when the next one opens.
 */
export function quizForLearner(opened: OpenedQuiz, lesson: Lesson, locale: Locale) {
	if ('closed' in opened) {
		return { closed: { until: opened.closed.until.toISOString(), reason: opened.closed.reason } };
	}
	const { attempt } = opened;
	return { attempt: { id: attempt.id, questions: presentedQuestions(attempt, lesson, locale) } };
}

/** A submitted attempt of this learner, with feedback; the key only once the lesson is passed. */
export async function resultForLearner(
	db: Db,
	userId: string,
	lesson: Lesson,
	attemptId: string,
	locale: Locale,
	lessonPassed: boolean
) {
	const found = await findAttempt(db, attemptId, userId);
	if (!found || found.attempt.lesson !== lesson.slug || !found.attempt.submittedAt)
		return undefined;
	const { attempt, answers } = found;
	const byId = new Map(answers.map((a) => [a.questionId, a]));
	return {
		id: attempt.id,
		score: attempt.score ?? 0,
		maxScore: attempt.maxScore ?? 0,
		percent: attempt.percent ?? 0,
		passed: attempt.passed ?? false,
		revealed: lessonPassed,
		questions: attempt.questionIds
			.map((id) => byId.get(id))
			.filter((a) => a !== undefined)
			.map((a) => reviewQuestion(a, locale, lessonPassed))
	};
}
