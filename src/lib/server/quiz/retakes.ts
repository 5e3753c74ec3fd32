/**
 * When a learner may draw a new quiz. Failing on purpose to collect answers, or drawing until an easy
 * set comes up, should cost time; a learner who just missed should still get a second go at once.
 */
export interface RetakePolicy {
	/** The wait after a failed attempt, once `waitAfterFailures` attempts in a row have failed. */
	waitMinutes: number;
	waitAfterFailures: number;
	/** Attempts per lesson in any 24 hours; null: no limit. */
	maxPerDay: number | null;
}

export const DEFAULT_RETAKES: RetakePolicy = {
	waitMinutes: 10,
	waitAfterFailures: 2,
	maxPerDay: 8
};

export interface PastAttempt {
	submittedAt: Date;
	passed: boolean;
}

export type RetakeGate = { open: true } | { open: false; until: Date; reason: 'wait' | 'daily' };

const DAY = 24 * 60 * 60 * 1000;

/** How many submitted attempts, newest first, `retakeGate` needs to see. */
export const historyNeeded = (p: RetakePolicy) =>
	Math.max(1, p.waitAfterFailures, p.maxPerDay ?? 0);

/** Pure: `history` is the lesson's submitted attempts, newest first. */
export function retakeGate(history: PastAttempt[], policy: RetakePolicy, now: Date): RetakeGate {
	const closed: { until: Date; reason: 'wait' | 'daily' }[] = [];
	if (policy.maxPerDay !== null) {
		const today = history.filter((a) => now.getTime() - a.submittedAt.getTime() < DAY);
		if (today.length >= policy.maxPerDay) {
			const oldest = today[policy.maxPerDay - 1];
			closed.push({ until: new Date(oldest.submittedAt.getTime() + DAY), reason: 'daily' });
		}
	}
	const failuresInARow = history.findIndex((a) => a.passed);
	const failures = failuresInARow === -1 ? history.length : failuresInARow;
	if (policy.waitMinutes > 0 && failures > 0 && failures >= policy.waitAfterFailures) {
		const until = new Date(history[0].submittedAt.getTime() + policy.waitMinutes * 60_000);
		closed.push({ until, reason: 'wait' });
	}
	const latest = closed
		.filter((c) => c.until > now)
		.sort((a, b) => b.until.getTime() - a.until.getTime())[0];
	return latest ? { open: false, ...latest } : { open: true };
}
