import type { Db } from '../../src/lib/server/db';
import {
	createAttempt,
	questionsOf,
	submitAttempt,
	type Submission
} from '../../src/lib/server/progress';
import { gradeQuiz, type Response } from '../../src/lib/server/quiz/grade';
import type { Question, Quiz } from '../../src/lib/server/quiz/types';

export const L = (s: string) => ({ de: s, en: s });

/** A pool of true/false questions `q1…q{size}` (the key is always "true"). */
export function trueFalseQuiz(size: number, draw = size, version = 'v1'): Quiz {
	const questions: Question[] = Array.from({ length: size }, (_, i) => ({
		id: `q${i + 1}`,
		type: 'truefalse',
		source: '1',
		section: 's',
		prompt: L(`Question ${i + 1}`),
		explanation: L('because'),
		hint: L('think again'),
		answer: true
	}));
	return { version, draw, questions };
}

/** True/false answers: `right(question, index)` decides which are right. */
export function trueFalseAnswers(
	questions: Question[],
	right: (q: Question, i: number) => boolean
): Record<string, Response> {
	return Object.fromEntries(
		questions.map((q, i) => [q.id, { type: 'truefalse', value: right(q, i) }])
	);
}

/** Draws an attempt and submits it, graded at 80 %, as the quiz page would. */
export async function takeQuiz(
	db: Db,
	o: {
		userId: string;
		lesson: string;
		quiz: Quiz;
		right: (q: Question, i: number) => boolean;
		now?: Date;
		course?: Submission['course'];
		reviewPool?: Submission['reviewPool'];
	}
) {
	const attempt = await createAttempt(db, o.userId, o.lesson, o.quiz);
	const questions = questionsOf(attempt, o.quiz)!;
	const responses = trueFalseAnswers(questions, o.right);
	const submitted = await submitAttempt(db, {
		attempt,
		questions,
		responses,
		grade: gradeQuiz(questions, responses, 80),
		passPercent: 80,
		course: o.course,
		reviewPool: o.reviewPool,
		now: o.now
	});
	return { attempt, submitted };
}
