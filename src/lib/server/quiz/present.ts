import type { Response } from './grade';
import { shuffle, subSeed } from './random';
import type { Locale, Question } from './types';

export interface Choice {
	id: string;
	text: string;
}

/** What the browser gets before submission: prompts and option texts only — no keys, no explanations. */
export interface ClientQuestion {
	id: string;
	type: Question['type'];
	prompt: string;
	options?: Choice[];
	items?: Choice[];
	lefts?: Choice[];
	rights?: Choice[];
	unit?: string;
}

export function presentQuestion(q: Question, seed: number, locale: Locale): ClientQuestion {
	const s = subSeed(seed, q.id);
	const base = { id: q.id, type: q.type, prompt: q.prompt[locale] };
	switch (q.type) {
		case 'single':
		case 'multiple':
			return {
				...base,
				options: shuffle(q.options, s).map((o) => ({ id: o.id, text: o.text[locale] }))
			};
		case 'truefalse':
			return base;
		case 'number':
			return { ...base, unit: q.unit?.[locale] };
		case 'order':
			return {
				...base,
				items: shuffle(q.items, s).map((i) => ({ id: i.id, text: i.text[locale] }))
			};
		case 'match':
			return {
				...base,
				lefts: shuffle(q.pairs, s).map((p) => ({ id: p.id, text: p.left[locale] })),
				rights: shuffle(q.pairs, s + 1).map((p) => ({ id: p.id, text: p.right[locale] }))
			};
	}
}

/** The key in display form; shown only once the learner has passed the lesson. */
export type Solution =
	| { type: 'single' | 'multiple'; options: string[] }
	| { type: 'truefalse'; value: boolean }
	| { type: 'number'; value: number; tolerance: number }
	| { type: 'order'; order: string[] }
	| { type: 'match'; pairs: Record<string, string> };

export function solutionOf(q: Question): Solution {
	switch (q.type) {
		case 'single':
		case 'multiple':
			return { type: q.type, options: q.options.filter((o) => o.correct).map((o) => o.id) };
		case 'truefalse':
			return { type: 'truefalse', value: q.answer };
		case 'number':
			return { type: 'number', value: q.answer, tolerance: q.tolerance };
		case 'order':
			return { type: 'order', order: q.items.map((i) => i.id) };
		case 'match':
			return { type: 'match', pairs: Object.fromEntries(q.pairs.map((p) => [p.id, p.id])) };
	}
}

export interface ReviewedQuestion extends ClientQuestion {
	correct: boolean;
	points: number;
	explanation: string;
	section: string;
	response: Response;
	solution?: Solution;
}

export function reviewQuestion(
	answer: { question: Question; response: Response; correct: boolean; points: number },
	seed: number,
	locale: Locale,
	reveal: boolean
): ReviewedQuestion {
	const q = answer.question;
	return {
		...presentQuestion(q, seed, locale),
		correct: answer.correct,
		points: answer.points,
		explanation: q.explanation[locale],
		section: q.section,
		response: answer.response,
		solution: reveal ? solutionOf(q) : undefined
	};
}
