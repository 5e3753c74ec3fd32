import { AnswerCodec, idsOf } from './tokens';
import type { Question } from './types';

export type Response =
	| { type: 'single'; option: string }
	| { type: 'multiple'; options: string[] }
	| { type: 'truefalse'; value: boolean }
	| { type: 'number'; value: number }
	| { type: 'order'; order: string[] }
	| { type: 'match'; pairs: Record<string, string> };

export type Problem = 'unanswered' | 'invalid' | 'not_number' | 'order_positions';

export interface ParsedAnswers {
	responses: Record<string, Response>;
	problems: Record<string, Problem>;
	/** What the learner entered, by field name, to refill a rejected form. */
	values: Record<string, string[]>;
}

interface FormLike {
	getAll(name: string): unknown[];
}

const texts = (form: FormLike, name: string) =>
	form.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');

export const fieldName = (questionId: string, part?: string) =>
	part ? `q.${questionId}.${part}` : `q.${questionId}`;

function parseOne(
	q: Question,
	form: FormLike,
	codec: AnswerCodec,
	values: Record<string, string[]>
): Response | Problem {
	const read = (part?: string) => {
		const name = fieldName(q.id, part);
		const v = texts(form, name);
		if (v.length) values[name] = v;
		return v;
	};
	// The browser only ever sees opaque values; anything else is not one of this attempt's answers.
	const decode = (part: Parameters<AnswerCodec['decode']>[1], token: string) =>
		codec.decode(q.id, part, token, idsOf(q, part));
	switch (q.type) {
		case 'single': {
			const [token, ...rest] = read();
			if (!token) return 'unanswered';
			const option = decode('option', token);
			if (rest.length || !option) return 'invalid';
			return { type: 'single', option };
		}
		case 'multiple': {
			const tokens = read();
			if (!tokens.length) return 'unanswered';
			if (new Set(tokens).size !== tokens.length) return 'invalid';
			const options = tokens.map((t) => decode('option', t));
			if (!options.every((o) => o !== undefined)) return 'invalid';
			return { type: 'multiple', options: options as string[] };
		}
		case 'truefalse': {
			const [value, ...rest] = read();
			if (!value) return 'unanswered';
			if (rest.length || (value !== 'true' && value !== 'false')) return 'invalid';
			return { type: 'truefalse', value: value === 'true' };
		}
		case 'number': {
			const [raw] = read();
			if (!raw || !raw.trim()) return 'unanswered';
			// Accept a decimal comma (German) and thin/regular spaces or apostrophes as thousands separators.
			const normalized = raw
				.trim()
				.replace(/[\s'’\u202f]/g, '')
				.replace(',', '.');
			if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized)) return 'not_number';
			return { type: 'number', value: Number(normalized) };
		}
		case 'order': {
			const n = q.items.length;
			const positions = q.items.map((item) => read(codec.encode(q.id, 'item', item.id))[0]);
			if (positions.some((p) => !p)) return 'unanswered';
			const numbers = positions.map(Number);
			if (!numbers.every((p) => Number.isInteger(p) && p >= 1 && p <= n)) return 'invalid';
			if (new Set(numbers).size !== n) return 'order_positions';
			const order = q.items
				.map((item, i) => ({ id: item.id, at: numbers[i] }))
				.sort((a, b) => a.at - b.at);
			return { type: 'order', order: order.map((x) => x.id) };
		}
		case 'match': {
			const pairs: Record<string, string> = {};
			for (const pair of q.pairs) {
				const [token] = read(codec.encode(q.id, 'left', pair.id));
				if (!token) return 'unanswered';
				const right = decode('right', token);
				if (!right) return 'invalid';
				pairs[pair.id] = right;
			}
			return { type: 'match', pairs };
		}
	}
}

/**
 * Reads the answers to `questions` from a form whose values are the attempt's opaque ones (see
 * tokens.ts); anything else in it (score, userId, …) is ignored.
 */
export function parseAnswers(
	questions: Question[],
	form: FormLike,
	codec: AnswerCodec
): ParsedAnswers {
	const result: ParsedAnswers = { responses: {}, problems: {}, values: {} };
	for (const q of questions) {
		const parsed = parseOne(q, form, codec, result.values);
		if (typeof parsed === 'string') result.problems[q.id] = parsed;
		else result.responses[q.id] = parsed;
	}
	return result;
}

export interface GradedAnswer {
	correct: boolean;
	/** 0..1: partial credit for multiple, order and match. */
	points: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Pure: the same question and response always give the same grade. A response of another type scores 0. */
export function gradeAnswer(q: Question, r: Response): GradedAnswer {
	if (q.type !== r.type) return { correct: false, points: 0 };
	switch (q.type) {
		case 'single': {
			const ok = q.options.find((o) => o.correct)?.id === (r as { option: string }).option;
			return { correct: ok, points: ok ? 1 : 0 };
		}
		case 'multiple': {
			const chosen = new Set((r as { options: string[] }).options);
			const right = q.options.filter((o) => o.correct);
			const hits = right.filter((o) => chosen.has(o.id)).length;
			const falseHits = q.options.filter((o) => !o.correct && chosen.has(o.id)).length;
			const correct = hits === right.length && falseHits === 0;
			return {
				correct,
				points: correct ? 1 : round2(Math.max(0, (hits - falseHits) / right.length))
			};
		}
		case 'truefalse': {
			const ok = q.answer === (r as { value: boolean }).value;
			return { correct: ok, points: ok ? 1 : 0 };
		}
		case 'number': {
			const ok = Math.abs((r as { value: number }).value - q.answer) <= q.tolerance + 1e-9;
			return { correct: ok, points: ok ? 1 : 0 };
		}
		case 'order': {
			const order = (r as { order: string[] }).order;
			const inPlace = q.items.filter((item, i) => order[i] === item.id).length;
			return { correct: inPlace === q.items.length, points: round2(inPlace / q.items.length) };
		}
		case 'match': {
			const pairs = (r as { pairs: Record<string, string> }).pairs;
			const right = q.pairs.filter((p) => pairs[p.id] === p.id).length;
			return { correct: right === q.pairs.length, points: round2(right / q.pairs.length) };
		}
	}
}

export interface QuizGrade {
	answers: Record<string, GradedAnswer>;
	score: number;
	maxScore: number;
	percent: number;
	passed: boolean;
}

export function gradeQuiz(
	questions: Question[],
	responses: Record<string, Response>,
	passPercent: number
): QuizGrade {
	const answers: Record<string, GradedAnswer> = {};
	let score = 0;
	for (const q of questions) {
		const r = responses[q.id];
		answers[q.id] = r ? gradeAnswer(q, r) : { correct: false, points: 0 };
		score += answers[q.id].points;
	}
	score = round2(score);
	const maxScore = questions.length;
	const percent = maxScore ? Math.floor((score / maxScore) * 100 + 1e-9) : 0;
	return { answers, score, maxScore, percent, passed: percent >= passPercent };
}
