import { describe, expect, it } from 'vitest';
import { helpReasons, reminderKind } from './help-reasons';

const title = (slug: string) => ({ number: Number(slug), title: `Lesson ${slug}` });
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;

describe('helpReasons (V3: needs help tells the truth)', () => {
	it('inactive after passing: names the lesson passed last, not "since joining"', () => {
		const lessons = {
			'1': [100, 1, true, at(10)],
			'5': [80, 2, true, at(22)],
			'3': [90, 1, true, at(15)]
		} satisfies Parameters<typeof helpReasons>[0];
		expect(helpReasons(lessons, 9, 7, title)).toEqual([
			{ kind: 'inactive', days: 9, last: { number: 5, lesson: 'Lesson 5', state: 'passed' } }
		]);
	});

	it('inactive after a failed try: the lesson tried last', () => {
		const lessons = {
			'1': [100, 1, true, at(10)],
			'2': [40, 1, false, at(12)]
		} satisfies Parameters<typeof helpReasons>[0];
		expect(helpReasons(lessons, 8, 7, title)).toEqual([
			{ kind: 'inactive', days: 8, last: { number: 2, lesson: 'Lesson 2', state: 'tried' } }
		]);
	});

	it('inactive after only opening a lesson: opened, not tried', () => {
		expect(helpReasons({ '4': [null, 0, false, at(3)] }, 12, 7, title)).toEqual([
			{ kind: 'inactive', days: 12, last: { number: 4, lesson: 'Lesson 4', state: 'opened' } }
		]);
	});

	it('never opened a lesson: no last lesson ("since joining")', () => {
		expect(helpReasons({}, 10, 7, title)).toEqual([{ kind: 'inactive', days: 10, last: null }]);
	});

	it('failed twice, active today: the failure only, no inactivity', () => {
		const lessons = {
			'4': [40, 2, false, at(30)],
			'3': [100, 3, true, at(29)]
		} satisfies Parameters<typeof helpReasons>[0];
		expect(helpReasons(lessons, 0, 7, title)).toEqual([
			{ kind: 'failed', lesson: 'Lesson 4', fails: 2 }
		]);
	});

	it('failed twice and inactive: both', () => {
		expect(helpReasons({ '6': [20, 3, false, at(1)] }, 7, 7, title)).toEqual([
			{ kind: 'failed', lesson: 'Lesson 6', fails: 3 },
			{ kind: 'inactive', days: 7, last: { number: 6, lesson: 'Lesson 6', state: 'tried' } }
		]);
	});
});

describe('reminderKind (V2: a default text that fits the reason)', () => {
	it('finished learners get no reminder', () => {
		expect(reminderKind({ '1': [100, 1, true, at(1)] }, 1, 1)).toEqual({ kind: 'finished' });
	});
	it('nothing opened: not started', () => {
		expect(reminderKind({}, 0, 9)).toEqual({ kind: 'not_started' });
	});
	it('failed twice: the lesson failed last', () => {
		const lessons = {
			'2': [40, 2, false, at(5)],
			'4': [20, 3, false, at(9)],
			'1': [100, 1, true, at(2)]
		} satisfies Parameters<typeof reminderKind>[0];
		expect(reminderKind(lessons, 1, 9)).toEqual({ kind: 'failed', slug: '4' });
	});
	it('otherwise: inactive (go on with the next lesson)', () => {
		expect(reminderKind({ '1': [100, 1, true, at(2)] }, 1, 9)).toEqual({ kind: 'inactive' });
	});
});
