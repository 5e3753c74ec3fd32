import type { Response } from './grade';
import { shuffle, subSeed } from './random';
import { AnswerCodec } from './tokens';
import type { Locale, Question } from './types';

/** An option, order item or match side as the browser gets it: an opaque value and its text. */
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

/** What an attempt keeps secret: the seed of its shuffles and the key of its opaque values. */
export interface Draw {
	seed: number;
	secret: string;
}

/** Shuffled, but never already in the right order (that would hand over the answer). */
function shownOrder<T>(items: readonly T[], seed: number): T[] {
	for (let k = 0; k < 32; k++) {
		const out = shuffle(items, seed + k);
		if (out.some((x, i) => x !== items[i])) return out;
	}
	return [...items.slice(1), items[0]];
}

export function presentQuestion(q: Question, draw: Draw, locale: Locale): ClientQuestion {
	const s = subSeed(draw.seed, q.id);
	const codec = new AnswerCodec(draw.secret);
	const base = { id: q.id, type: q.type, prompt: q.prompt[locale] };
	switch (q.type) {
		case 'single':
		case 'multiple':
			return {
				...base,
				options: shuffle(q.options, s).map((o) => ({
					id: codec.encode(q.id, 'option', o.id),
					text: o.text[locale]
				}))
			};
		case 'truefalse':
			return base;
		case 'number':
			return { ...base, unit: q.unit?.[locale] };
		case 'order':
			return {
				...base,
				items: shownOrder(q.items, s).map((i) => ({
					id: codec.encode(q.id, 'item', i.id),
					text: i.text[locale]
				}))
			};
		case 'match':
			return {
				...base,
				lefts: shuffle(q.pairs, s).map((p) => ({
					id: codec.encode(q.id, 'left', p.id),
					text: p.left[locale]
				})),
				rights: shuffle(q.pairs, s + 1).map((p) => ({
					id: codec.encode(q.id, 'right', p.id),
					text: p.right[locale]
				}))
			};
	}
}

/** An answer (the learner's or the key) in words, ready to show. */
export type AnswerView =
	| { type: 'choices'; texts: string[] }
	| { type: 'truefalse'; value: boolean }
	| { type: 'number'; value: number; unit?: string }
	| { type: 'order'; texts: string[] }
	| { type: 'match'; pairs: { left: string; right: string }[] };

function viewOf(q: Question, r: Response | undefined, locale: Locale): AnswerView | undefined {
	if (!r || r.type !== q.type) return undefined;
	switch (q.type) {
		case 'single':
		case 'multiple': {
			const chosen = new Set(
				r.type === 'single' ? [r.option] : r.type === 'multiple' ? r.options : []
			);
			return {
				type: 'choices',
				texts: q.options.filter((o) => chosen.has(o.id)).map((o) => o.text[locale])
			};
		}
		case 'truefalse':
			return r.type === 'truefalse' ? { type: 'truefalse', value: r.value } : undefined;
		case 'number':
			return r.type === 'number'
				? { type: 'number', value: r.value, unit: q.unit?.[locale] }
				: undefined;
		case 'order': {
			if (r.type !== 'order') return undefined;
			const text = new Map(q.items.map((i) => [i.id, i.text[locale]]));
			return { type: 'order', texts: r.order.map((id) => text.get(id) ?? '') };
		}
		case 'match': {
			if (r.type !== 'match') return undefined;
			const right = new Map(q.pairs.map((p) => [p.id, p.right[locale]]));
			return {
				type: 'match',
				pairs: q.pairs.map((p) => ({ left: p.left[locale], right: right.get(r.pairs[p.id]) ?? '' }))
			};
		}
	}
}

/** The key as a response, so it is shown the way the learner's answer is. */
export function keyOf(q: Question): Response {
	switch (q.type) {
		case 'single':
			return { type: 'single', option: q.options.find((o) => o.correct)!.id };
		case 'multiple':
			return { type: 'multiple', options: q.options.filter((o) => o.correct).map((o) => o.id) };
		case 'truefalse':
			return { type: 'truefalse', value: q.answer };
		case 'number':
			return { type: 'number', value: q.answer };
		case 'order':
			return { type: 'order', order: q.items.map((i) => i.id) };
		case 'match':
			return { type: 'match', pairs: Object.fromEntries(q.pairs.map((p) => [p.id, p.id])) };
	}
}

/**
 * One answered question for the result page. Before the lesson is passed it carries no key: no
 * explanation, no solution — only whether it was right, the learner's own answer, the section to
 * re-read and a hint written not to give the answer away.
 */
export interface ReviewedQuestion {
	id: string;
	type: Question['type'];
	prompt: string;
	correct: boolean;
	points: number;
	section: string;
	answer?: AnswerView;
	hint?: string;
	explanation?: string;
	solution?: AnswerView;
}

export function reviewQuestion(
	answer: { question: Question; response: Response; correct: boolean; points: number },
	locale: Locale,
	reveal: boolean
): ReviewedQuestion {
	const q = answer.question;
	return {
		id: q.id,
		type: q.type,
		prompt: q.prompt[locale],
		correct: answer.correct,
		points: answer.points,
		section: q.section,
		answer: viewOf(q, answer.response, locale),
		// Old attempts' snapshots predate hints.
		hint: !reveal && !answer.correct ? q.hint?.[locale] : undefined,
		explanation: reveal ? q.explanation[locale] : undefined,
		solution: reveal ? viewOf(q, keyOf(q), locale) : undefined
	};
}
