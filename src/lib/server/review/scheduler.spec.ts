import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FSRS_PARAMETERS, newCardState, ratingOf, schedule, type CardState } from './scheduler';

const DAY = 86_400_000;
const start = new Date('2026-01-05T08:00:00Z');
/** How late after its due time a learner gets to a card: 0 to 3 days, in minutes. */
const lateness = fc.integer({ min: 0, max: 3 * 24 * 60 });

/** Answers a card `answers.length` times, each `late` minutes after it came due. */
function run(answers: { correct: boolean; unsure: boolean; late: number }[]) {
	let card: CardState = newCardState(start);
	const steps: { at: Date; card: CardState }[] = [];
	for (const a of answers) {
		const at = new Date(card.due.getTime() + a.late * 60_000);
		card = schedule(card, at, ratingOf(a.correct, a.unsure)).card;
		steps.push({ at, card });
	}
	return steps;
}

describe('FSRS scheduling with simulated time', () => {
	it('uses the parameters the course chose', () => {
		expect(FSRS_PARAMETERS).toMatchObject({
			request_retention: 0.9,
			maximum_interval: 365,
			enable_fuzz: true,
			enable_short_term: false
		});
	});

	it('maps answers to ratings: wrong Again, right Good, right but unsure Hard', () => {
		expect([
			ratingOf(false, false),
			ratingOf(false, true),
			ratingOf(true, false),
			ratingOf(true, true)
		]).toEqual([1, 1, 3, 2]);
	});

	it('a learner who always answers right sees growing intervals (up to the maximum, 365 days)', () => {
		fc.assert(
			fc.property(fc.array(lateness, { minLength: 2, maxLength: 12 }), (lates) => {
				const steps = run(lates.map((late) => ({ correct: true, unsure: false, late })));
				for (let i = 1; i < steps.length; i++) {
					const [before, now] = [steps[i - 1].card.scheduledDays, steps[i].card.scheduledDays];
					// Fuzz spreads intervals by up to ~6 %: near the cap they wobble below it.
					const nearCap = 0.9 * FSRS_PARAMETERS.maximum_interval;
					if (before < nearCap) expect(now).toBeGreaterThan(before);
					else expect(now).toBeGreaterThanOrEqual(nearCap);
					// ts-fsrs keeps Good a day past Hard, even when Hard is at the maximum.
					expect(now).toBeLessThanOrEqual(FSRS_PARAMETERS.maximum_interval + 1);
				}
			})
		);
	});

	it('a lapse shortens the next interval', () => {
		fc.assert(
			fc.property(fc.array(lateness, { minLength: 1, maxLength: 8 }), lateness, (lates, late) => {
				const right = lates.map((l) => ({ correct: true, unsure: false, late: l }));
				const steps = run([...right, { correct: false, unsure: false, late }]);
				const [before, lapse] = steps.slice(-2).map((s) => s.card);
				expect(lapse.scheduledDays).toBeLessThan(Math.max(before.scheduledDays, 2));
				expect(lapse.lapses).toBe(1);
				expect(lapse.stability).toBeLessThan(before.stability);
			})
		);
	});

	it('"unsure" gives a shorter interval than a sure right answer', () => {
		fc.assert(
			fc.property(fc.array(lateness, { minLength: 1, maxLength: 6 }), (lates) => {
				const right = lates.map((l) => ({ correct: true, unsure: false, late: l }));
				const [last] = run(right).slice(-1);
				const at = new Date(last.card.due.getTime());
				const good = schedule(last.card, at, ratingOf(true, false)).card;
				const hard = schedule(last.card, at, ratingOf(true, true)).card;
				expect(hard.stability).toBeLessThan(good.stability);
				expect(hard.scheduledDays).toBeLessThanOrEqual(good.scheduledDays);
			})
		);
	});

	it('an answered card is never due again the same day: the next due is at least a day later', () => {
		const answer = fc.record({ correct: fc.boolean(), unsure: fc.boolean(), late: lateness });
		fc.assert(
			fc.property(fc.array(answer, { minLength: 1, maxLength: 15 }), (answers) => {
				for (const { at, card } of run(answers)) {
					expect(card.due.getTime()).toBeGreaterThanOrEqual(at.getTime() + DAY);
					expect(card.lastReview?.getTime()).toBe(at.getTime());
				}
			})
		);
	});
});
