import { describe, expect, it } from 'vitest';
import { retakeGate, type PastAttempt, type RetakePolicy } from './retakes';

const now = new Date('2026-11-27T14:00:00Z');
const ago = (minutes: number, passed = false): PastAttempt => ({
	submittedAt: new Date(now.getTime() - minutes * 60_000),
	passed
});
const policy: RetakePolicy = { waitMinutes: 10, waitAfterFailures: 2, maxPerDay: 4 };

describe('the retake policy', () => {
	it('opens the first attempt and the first retake at once', () => {
		expect(retakeGate([], policy, now)).toEqual({ open: true });
		expect(retakeGate([ago(1)], policy, now)).toEqual({ open: true });
	});

	it('makes the learner wait after failing twice in a row, counted from the last failure', () => {
		expect(retakeGate([ago(3), ago(5)], policy, now)).toEqual({
			open: false,
			reason: 'wait',
			until: new Date('2026-11-27T14:07:00Z')
		});
		expect(retakeGate([ago(10), ago(12)], policy, now)).toEqual({ open: true });
	});

	it('does not count failures before a pass', () => {
		expect(retakeGate([ago(1), ago(2, true), ago(3)], policy, now)).toEqual({ open: true });
	});

	it('limits attempts in any 24 hours, until the oldest of them is a day old', () => {
		const day = [ago(30), ago(60, true), ago(90), ago(23 * 60)];
		expect(retakeGate(day, policy, now)).toEqual({
			open: false,
			reason: 'daily',
			until: new Date('2026-11-27T15:00:00Z')
		});
		expect(retakeGate(day.slice(0, 3), policy, now)).toEqual({ open: true });
	});

	it('can be switched off', () => {
		const off: RetakePolicy = { waitMinutes: 0, waitAfterFailures: 1, maxPerDay: null };
		expect(retakeGate([ago(0), ago(0), ago(0)], off, now)).toEqual({ open: true });
	});
});
