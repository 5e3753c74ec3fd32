import { TIME_ZONE } from '$lib/format';
import { fsrs, generatorParameters, Rating, type Card, type Grade } from 'ts-fsrs';

/**
 * FSRS as the course uses it:
 * - request_retention 0.9: ts-fsrs's default and FSRS's recommended target; higher costs many more
 *   reviews for little gain.
 * - maximum_interval 365 days: a course is revisited within a year, not in decades (default 36500).
 * - enable_fuzz: a lesson's 9–10 cards are made in one moment; without fuzz they would stay in step
 *   and come due on the same days forever.
 * - enable_short_term false: no minute-long (re)learning steps. Learners come once a day, not for a
 *   flashcard session; a card answered is not due again before the next day.
 * - w: the default weights, until the review log holds enough answers to fit the course's own.
 */
export const FSRS_PARAMETERS = generatorParameters({
	request_retention: 0.9,
	maximum_interval: 365,
	enable_fuzz: true,
	enable_short_term: false
});
const scheduler = fsrs(FSRS_PARAMETERS);

/** Reviews a learner gets per day at most: a long break must not bury them. */
export const DAILY_CAP = 20;
/** A passed lesson's cards first come due the next day: retrieval right after the quiz is no spacing. */
export const FIRST_REVIEW_AFTER_MS = 86_400_000;
/** The zone a learner's days start in until they choose one: the zone the UI shows times in. */
export const DEFAULT_TIME_ZONE = TIME_ZONE;

/** The calendar day (YYYY-MM-DD) of `at` in `timeZone`. */
export const localDay = (at: Date, timeZone: string) =>
	new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);

/** Wrong is Again; right is Good, or Hard when the learner said they were unsure. */
export function ratingOf(correct: boolean, unsure: boolean): Grade {
	if (!correct) return Rating.Again;
	return unsure ? Rating.Hard : Rating.Good;
}

/** The FSRS part of a card row. */
export interface CardState {
	due: Date;
	stability: number;
	difficulty: number;
	elapsedDays: number;
	scheduledDays: number;
	learningSteps: number;
	reps: number;
	lapses: number;
	state: number;
	lastReview: Date | null;
}

const toFsrs = (c: CardState): Card => ({
	due: c.due,
	stability: c.stability,
	difficulty: c.difficulty,
	elapsed_days: c.elapsedDays,
	scheduled_days: c.scheduledDays,
	learning_steps: c.learningSteps,
	reps: c.reps,
	lapses: c.lapses,
	state: c.state,
	last_review: c.lastReview ?? undefined
});

export function newCardState(now: Date): CardState {
	return {
		due: new Date(now.getTime() + FIRST_REVIEW_AFTER_MS),
		stability: 0,
		difficulty: 0,
		elapsedDays: 0,
		scheduledDays: 0,
		learningSteps: 0,
		reps: 0,
		lapses: 0,
		state: 0,
		lastReview: null
	};
}

/** The card after an answer rated `rating` at `now`, and the log entry FSRS keeps for it. */
export function schedule(card: CardState, now: Date, rating: Grade) {
	const { card: next, log } = scheduler.next(toFsrs(card), now, rating);
	return {
		card: {
			due: next.due,
			stability: next.stability,
			difficulty: next.difficulty,
			elapsedDays: next.elapsed_days,
			scheduledDays: next.scheduled_days,
			learningSteps: next.learning_steps,
			reps: next.reps,
			lapses: next.lapses,
			state: next.state as number,
			lastReview: next.last_review ?? now
		} satisfies CardState,
		log: {
			rating: log.rating as number,
			state: log.state as number,
			due: log.due,
			stability: log.stability,
			difficulty: log.difficulty,
			elapsedDays: log.elapsed_days,
			lastElapsedDays: log.last_elapsed_days,
			scheduledDays: log.scheduled_days,
			learningSteps: log.learning_steps
		}
	};
}
