import { describe, expect, it } from 'vitest';
import { AnswerCodec, newAttemptSecret } from './tokens';

describe('opaque answer values', () => {
	it('round-trips and differs per attempt, per part and per question', () => {
		const one = new AnswerCodec(newAttemptSecret());
		const two = new AnswerCodec(newAttemptSecret());
		const token = one.encode('q1', 'option', 'a');
		expect(one.decode('q1', 'option', token, ['a', 'b'])).toBe('a');
		expect(two.decode('q1', 'option', token, ['a', 'b'])).toBeUndefined();
		expect(one.encode('q1', 'left', 'p')).not.toBe(one.encode('q1', 'right', 'p'));
		expect(one.encode('q1', 'option', 'a')).not.toBe(one.encode('q2', 'option', 'a'));
		expect(token).toMatch(/^[A-Za-z0-9_-]{12}$/);
	});

	it('gives values whose sort order is unrelated to the ids', () => {
		// Over many attempts the id `a` is the smallest value about a quarter of the time among four.
		let aFirst = 0;
		for (let i = 0; i < 2000; i++) {
			const codec = new AnswerCodec(newAttemptSecret());
			const values = ['a', 'b', 'c', 'd'].map((id) => ({ id, v: codec.encode('q', 'option', id) }));
			if (values.sort((x, y) => (x.v < y.v ? -1 : 1))[0].id === 'a') aFirst++;
		}
		expect(aFirst / 2000).toBeGreaterThan(0.2);
		expect(aFirst / 2000).toBeLessThan(0.3);
	});
});
