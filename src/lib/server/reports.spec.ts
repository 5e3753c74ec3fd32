import { describe, expect, it } from 'vitest';
import { readFor } from './reports';

describe('how a class is read', () => {
	// The cells of `npm run bench:class-queries` (docs/OPERATIONS.md, fifth pass): classes of 1,000
	// to 10,000 beside each other (85,500 progress rows), and beside 50,000 others (310,500).
	it('joins only where joining measured faster', () => {
		expect(readFor(1_000, 85_500)).toBe('per-learner');
		expect(readFor(3_000, 85_500)).toBe('per-learner');
		expect(readFor(5_000, 85_500)).toBe('joined');
		expect(readFor(10_000, 85_500)).toBe('joined');
		for (const size of [1_000, 3_000, 5_000, 10_000])
			expect(readFor(size, 310_500)).toBe('per-learner');
	});

	it('reads learner by learner without statistics', () => {
		expect(readFor(10_000, -1)).toBe('per-learner');
		expect(readFor(0, 0)).toBe('per-learner');
	});
});
