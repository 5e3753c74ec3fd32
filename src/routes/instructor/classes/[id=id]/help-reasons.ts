import type { LearnerRow } from '$lib/server/reports';

/** What the instructor reads under "needs help"; each says only what the learner's rows show. */
export type HelpReason =
	| { kind: 'failed'; lesson: string; fails: number }
	| {
			kind: 'inactive';
			days: number;
			/** The lesson touched last and how far it got; null when nothing was ever opened. */
			last: { number: number; lesson: string; state: 'passed' | 'tried' | 'opened' } | null;
	  };

/**
 * Why a learner is on the needs-help list. The last lesson is the one opened last among all of
 * them, passed ones included: most learners who drop out stop right after passing a lesson, and
 * "not active since joining" is for those who never opened one.
 */
export function helpReasons(
	lessons: LearnerRow['lessons'],
	inactiveDays: number,
	inactiveLimit: number,
	lessonOf: (slug: string) => { number: number; title: string }
): HelpReason[] {
	const entries = Object.entries(lessons);
	const reasons: HelpReason[] = entries
		.filter(([, [, attempts, passed]]) => !passed && attempts >= 2)
		.map(([slug, [, fails]]) => ({ kind: 'failed', lesson: lessonOf(slug).title, fails }));
	if (inactiveDays >= inactiveLimit) {
		const last = entries.sort((a, b) => b[1][3].localeCompare(a[1][3]))[0];
		reasons.push({
			kind: 'inactive',
			days: inactiveDays,
			last: last
				? {
						number: lessonOf(last[0]).number,
						lesson: lessonOf(last[0]).title,
						state: last[1][2] ? 'passed' : last[1][1] > 0 ? 'tried' : 'opened'
					}
				: null
		});
	}
	return reasons;
}

/** What a reminder to one learner is about; `finished` gets none. */
export type ReminderKind =
	| { kind: 'finished' }
	| { kind: 'not_started' }
	| { kind: 'failed'; slug: string }
	| { kind: 'inactive' };

export function reminderKind(lessons: LearnerRow['lessons'], passed: number, total: number) {
	if (passed >= total) return { kind: 'finished' } as const;
	const entries = Object.entries(lessons);
	if (entries.length === 0) return { kind: 'not_started' } as const;
	const failed = entries
		.filter(([, [, attempts, ok]]) => !ok && attempts >= 2)
		.sort((a, b) => b[1][3].localeCompare(a[1][3]))[0];
	return failed ? ({ kind: 'failed', slug: failed[0] } as const) : ({ kind: 'inactive' } as const);
}
