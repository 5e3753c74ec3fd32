import { describe, expect, it } from 'vitest';
import { estimate, retryAfter, windowStart } from './throttle';

const at = (iso: string) => new Date(iso);

describe('throttling arithmetic', () => {
	it('aligns windows to multiples of their length', () => {
		expect(windowStart(at('2026-01-01T10:07:30Z'), 900).toISOString()).toBe(
			'2026-01-01T10:00:00.000Z'
		);
		expect(windowStart(at('2026-01-01T10:15:00Z'), 900).toISOString()).toBe(
			'2026-01-01T10:15:00.000Z'
		);
	});

	it('weights the previous window by how much of it still overlaps', () => {
		// 10:05 is a third into the 10:00–10:15 window: two thirds of the previous window still count.
		expect(estimate(9, 2, at('2026-01-01T10:05:00Z'), 900)).toBeCloseTo(8);
		expect(estimate(9, 2, at('2026-01-01T10:00:00Z'), 900)).toBeCloseTo(11);
		expect(estimate(0, 4, at('2026-01-01T10:14:59Z'), 900)).toBe(4);
	});

	it('says how long until the estimate falls below the limit', () => {
		// Full current window: wait for it to end.
		expect(retryAfter(0, 10, 10, at('2026-01-01T10:05:00Z'), 900)).toBe(600);
		// previous 10, current 5, limit 10 → estimate < 10 once 50 % of the window has passed (10:07:30).
		expect(retryAfter(10, 5, 10, at('2026-01-01T10:05:00Z'), 900)).toBe(150);
		expect(retryAfter(10, 5, 10, at('2026-01-01T10:07:29Z'), 900)).toBe(1);
	});
});
