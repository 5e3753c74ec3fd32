import { describe, expect, it } from 'vitest';
import { gradeAnswer, gradeQuiz, parseAnswers, type Response } from './grade';
import type { Question } from './types';

const L = (s: string) => ({ de: s, en: s });
const base = {
	source: '2.1',
	section: 's',
	prompt: L('?'),
	explanation: L('because'),
	hint: L('re-read')
};
const single: Question = {
	...base,
	id: 'single',
	type: 'single',
	options: [
		{ id: 'a', text: L('A'), correct: false },
		{ id: 'b', text: L('B'), correct: true },
		{ id: 'c', text: L('C'), correct: false }
	]
};
const multiple: Question = {
	...base,
	id: 'multi',
	type: 'multiple',
	options: [
		{ id: 'a', text: L('A'), correct: true },
		{ id: 'b', text: L('B'), correct: true },
		{ id: 'c', text: L('C'), correct: false },
		{ id: 'd', text: L('D'), correct: false }
	]
};
const tf: Question = { ...base, id: 'tf', type: 'truefalse', answer: false };
const num: Question = { ...base, id: 'num', type: 'number', answer: 39, tolerance: 1 };
const order: Question = {
	...base,
	id: 'order',
	type: 'order',
	items: [
		{ id: 'x', text: L('X') },
		{ id: 'y', text: L('Y') },
		{ id: 'z', text: L('Z') },
		{ id: 'w', text: L('W') }
	]
};
const match: Question = {
	...base,
	id: 'match',
	type: 'match',
	pairs: [
		{ id: 'p', left: L('P'), right: L('p') },
		{ id: 'q', left: L('Q'), right: L('q') },
		{ id: 'r', left: L('R'), right: L('r') }
	]
};
const all = [single, multiple, tf, num, order, match];

function form(entries: [string, string][]) {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
}

describe('grading', () => {
	it('single and true/false: all or nothing', () => {
		expect(gradeAnswer(single, { type: 'single', option: 'b' })).toEqual({
			correct: true,
			points: 1
		});
		expect(gradeAnswer(single, { type: 'single', option: 'a' })).toEqual({
			correct: false,
			points: 0
		});
		expect(gradeAnswer(tf, { type: 'truefalse', value: false })).toEqual({
			correct: true,
			points: 1
		});
		expect(gradeAnswer(tf, { type: 'truefalse', value: true })).toEqual({
			correct: false,
			points: 0
		});
	});

	it('multiple: partial credit, wrong picks cancel right ones, never below zero', () => {
		const g = (options: string[]) => gradeAnswer(multiple, { type: 'multiple', options });
		expect(g(['a', 'b'])).toEqual({ correct: true, points: 1 });
		expect(g(['a'])).toEqual({ correct: false, points: 0.5 });
		expect(g(['a', 'b', 'c'])).toEqual({ correct: false, points: 0.5 });
		expect(g(['a', 'c'])).toEqual({ correct: false, points: 0 });
		expect(g(['c', 'd'])).toEqual({ correct: false, points: 0 });
		expect(g(['a', 'b', 'c', 'd'])).toEqual({ correct: false, points: 0 });
	});

	it('number: within the tolerance', () => {
		const g = (value: number) => gradeAnswer(num, { type: 'number', value });
		expect(g(39).correct).toBe(true);
		expect(g(40).correct).toBe(true);
		expect(g(37.9).correct).toBe(false);
	});

	it('order: share of items in the right place', () => {
		const g = (o: string[]) => gradeAnswer(order, { type: 'order', order: o });
		expect(g(['x', 'y', 'z', 'w'])).toEqual({ correct: true, points: 1 });
		expect(g(['x', 'y', 'w', 'z'])).toEqual({ correct: false, points: 0.5 });
		expect(g(['w', 'z', 'y', 'x'])).toEqual({ correct: false, points: 0 });
	});

	it('match: share of pairs matched', () => {
		const g = (pairs: Record<string, string>) => gradeAnswer(match, { type: 'match', pairs });
		expect(g({ p: 'p', q: 'q', r: 'r' })).toEqual({ correct: true, points: 1 });
		expect(g({ p: 'p', q: 'r', r: 'q' })).toEqual({ correct: false, points: 0.33 });
		expect(g({ p: 'q', q: 'q', r: 'q' })).toEqual({ correct: false, points: 0.33 });
	});

	it('a response of the wrong type scores zero instead of throwing', () => {
		expect(gradeAnswer(single, { type: 'number', value: 1 } as Response)).toEqual({
			correct: false,
			points: 0
		});
	});

	it('sums a quiz, rounds the percent down and applies the pass mark', () => {
		const responses: Record<string, Response> = {
			single: { type: 'single', option: 'b' },
			multi: { type: 'multiple', options: ['a'] },
			tf: { type: 'truefalse', value: false },
			num: { type: 'number', value: 39 },
			order: { type: 'order', order: ['x', 'y', 'z', 'w'] },
			match: { type: 'match', pairs: { p: 'p', q: 'q', r: 'r' } }
		};
		const grade = gradeQuiz(all, responses, 80);
		expect(grade.score).toBe(5.5);
		expect(grade.maxScore).toBe(6);
		expect(grade.percent).toBe(91);
		expect(grade.passed).toBe(true);
		expect(
			gradeQuiz(all, { ...responses, tf: { type: 'truefalse', value: true } }, 80).percent
		).toBe(75);
		expect(gradeQuiz(all, {}, 80)).toMatchObject({ score: 0, percent: 0, passed: false });
	});
});

describe('reading answers from the form', () => {
	it('reads every type and ignores fields it did not ask for', () => {
		const parsed = parseAnswers(
			all,
			form([
				['q.single', 'b'],
				['q.multi', 'a'],
				['q.multi', 'b'],
				['q.tf', 'false'],
				['q.num', ' 39,0 '],
				['q.order.x', '1'],
				['q.order.y', '2'],
				['q.order.z', '4'],
				['q.order.w', '3'],
				['q.match.p', 'p'],
				['q.match.q', 'r'],
				['q.match.r', 'q'],
				['score', '100'],
				['passed', 'true'],
				['userId', 'someone-else']
			])
		);
		expect(parsed.problems).toEqual({});
		expect(parsed.responses).toEqual({
			single: { type: 'single', option: 'b' },
			multi: { type: 'multiple', options: ['a', 'b'] },
			tf: { type: 'truefalse', value: false },
			num: { type: 'number', value: 39 },
			order: { type: 'order', order: ['x', 'y', 'w', 'z'] },
			match: { type: 'match', pairs: { p: 'p', q: 'r', r: 'q' } }
		});
		expect(Object.keys(parsed.values)).not.toContain('score');
	});

	it('names each problem: unanswered, unknown ids, not a number, positions used twice', () => {
		const parsed = parseAnswers(
			all,
			form([
				['q.single', 'zz'],
				['q.tf', 'maybe'],
				['q.num', '39 percent'],
				['q.order.x', '1'],
				['q.order.y', '1'],
				['q.order.z', '2'],
				['q.order.w', '3'],
				['q.match.p', 'p'],
				['q.match.q', 'nope'],
				['q.match.r', 'r']
			])
		);
		expect(parsed.problems).toEqual({
			single: 'invalid',
			multi: 'unanswered',
			tf: 'invalid',
			num: 'not_number',
			order: 'order_positions',
			match: 'invalid'
		});
		expect(parsed.values['q.num']).toEqual(['39 percent']);
	});

	it('treats a partly answered order or match question as unanswered', () => {
		const parsed = parseAnswers(
			[order, match],
			form([
				['q.order.x', '1'],
				['q.match.p', 'p']
			])
		);
		expect(parsed.problems).toEqual({ order: 'unanswered', match: 'unanswered' });
	});
});
