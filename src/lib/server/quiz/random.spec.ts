import { describe, expect, it } from 'vitest';
import { drawQuestions, shuffle, subSeed } from './random';
import { presentQuestion } from './present';
import type { Question } from './types';

const ids = Array.from({ length: 10 }, (_, i) => `q${i}`);

describe('draw and shuffle', () => {
	it('are reproducible from their seed', () => {
		expect(drawQuestions(ids, 5, 42)).toEqual(drawQuestions(ids, 5, 42));
		expect(shuffle(ids, 7)).toEqual(shuffle(ids, 7));
		expect(subSeed(1, 'a')).toBe(subSeed(1, 'a'));
	});

	it('draw distinct questions from the pool, and different seeds give different draws', () => {
		const draw = drawQuestions(ids, 5, 42);
		expect(new Set(draw).size).toBe(5);
		expect(draw.every((id) => ids.includes(id))).toBe(true);
		const draws = new Set(
			Array.from({ length: 20 }, (_, seed) => drawQuestions(ids, 5, seed).join())
		);
		expect(draws.size).toBeGreaterThan(15);
	});

	it('shuffles are permutations and every position is reachable', () => {
		const firsts = new Set<string>();
		for (let seed = 0; seed < 200; seed++) {
			const s = shuffle(['a', 'b', 'c', 'd'], seed);
			expect([...s].sort()).toEqual(['a', 'b', 'c', 'd']);
			firsts.add(s[0]);
		}
		expect(firsts.size).toBe(4);
	});

	it('draws a retake from the questions the last attempt did not ask, while there are enough', () => {
		for (let seed = 0; seed < 50; seed++) {
			const first = drawQuestions(ids, 5, seed);
			const retake = drawQuestions(ids, 5, seed + 1000, [first]);
			expect(retake.filter((id) => first.includes(id))).toEqual([]);
			// A pool of 8 has only 3 others: they all come, and 2 repeat.
			const small = ids.slice(0, 8);
			const again = drawQuestions(small, 5, seed + 2000, [
				first.filter((id) => small.includes(id))
			]);
			expect(new Set(again).size).toBe(5);
			expect(small.filter((id) => !first.includes(id)).every((id) => again.includes(id))).toBe(
				true
			);
		}
	});
	it('prefers questions not seen in any earlier attempt, then mixes (V25)', () => {
		const pool15 = Array.from({ length: 15 }, (_, i) => `p${i}`);
		for (let seed = 0; seed < 50; seed++) {
			// Pool 15, draw 5: the third draw asks the five never seen, not the first draw again.
			const a = drawQuestions(pool15, 5, seed);
			const b = drawQuestions(pool15, 5, seed + 1, [a]);
			const c = drawQuestions(pool15, 5, seed + 2, [b, a]);
			expect(new Set([...a, ...b, ...c]).size).toBe(15);
			// Pool 10, draw 5: everything was seen once; the third draw never repeats a whole attempt.
			const first = drawQuestions(ids, 5, seed);
			const second = drawQuestions(ids, 5, seed + 1, [first]);
			const third = drawQuestions(ids, 5, seed + 2, [second, first]);
			for (const earlier of [first, second])
				expect([...third].sort()).not.toEqual([...earlier].sort());
			// The fourth prefers the questions seen once over those seen twice.
			const fourth = drawQuestions(ids, 5, seed + 3, [third, second, first]);
			expect(fourth.filter((id) => third.includes(id))).toEqual([]);
		}
	});
});

describe('presenting a question', () => {
	const L = (s: string) => ({ de: `${s}-de`, en: `${s}-en` });
	const base = {
		source: '1',
		section: 's',
		prompt: L('prompt'),
		explanation: L('secret explanation'),
		hint: L('h')
	};
	const single: Question = {
		...base,
		id: 'x',
		type: 'single',
		options: [
			{ id: 'a', text: L('A'), correct: true },
			{ id: 'b', text: L('B'), correct: false },
			{ id: 'c', text: L('C'), correct: false }
		]
	};

	it('shows no key, no explanation and no content ids, the same way for the same attempt', () => {
		const draw = { seed: 99, secret: 's1' };
		const shown = presentQuestion(single, draw, 'en');
		expect(shown).toEqual(presentQuestion(single, draw, 'en'));
		expect(JSON.stringify(shown)).not.toMatch(/correct|secret|"[abc]"/);
		expect(shown.prompt).toBe('prompt-en');
		expect(shown.options?.map((o) => o.text).sort()).toEqual(['A-en', 'B-en', 'C-en']);
		expect(presentQuestion(single, { seed: 99, secret: 's2' }, 'en').options).not.toEqual(
			shown.options
		);
	});

	it('never shows an order question already solved, and names match sides apart', () => {
		const items = ['one', 'two'].map((id) => ({ id, text: L(id) }));
		const order: Question = { ...base, id: 'o', type: 'order', items };
		const pairs = ['p', 'q'].map((id) => ({ id, left: L(`l${id}`), right: L(`r${id}`) }));
		const match: Question = { ...base, id: 'm', type: 'match', pairs };
		for (let seed = 0; seed < 100; seed++) {
			const shown = presentQuestion(order, { seed, secret: 'k' }, 'en');
			expect(shown.items!.map((i) => i.text)).toEqual(['two-en', 'one-en']);
			const m = presentQuestion(match, { seed, secret: 'k' }, 'en');
			const lefts = new Set(m.lefts!.map((l) => l.id));
			expect(m.rights!.some((r) => lefts.has(r.id))).toBe(false);
		}
	});
});
