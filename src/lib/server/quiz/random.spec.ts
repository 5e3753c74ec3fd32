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

	it('presents a question without its key, the same way for the same seed', () => {
		const L = (s: string) => ({ de: `${s}-de`, en: `${s}-en` });
		const q: Question = {
			id: 'x',
			type: 'single',
			source: '1',
			section: 's',
			prompt: L('prompt'),
			explanation: L('secret explanation'),
			hint: L('hint'),
			options: [
				{ id: 'a', text: L('A'), correct: true },
				{ id: 'b', text: L('B'), correct: false },
				{ id: 'c', text: L('C'), correct: false }
			]
		};
		const shown = presentQuestion(q, 99, 'en');
		expect(shown).toEqual(presentQuestion(q, 99, 'en'));
		expect(JSON.stringify(shown)).not.toMatch(/correct|secret/);
		expect(shown.prompt).toBe('prompt-en');
		expect(shown.options?.map((o) => o.id).sort()).toEqual(['a', 'b', 'c']);
	});
});
