import * as m from '$lib/paraglide/messages';

const problems: Record<string, () => string> = {
	unanswered: m.quiz_problem_unanswered,
	invalid: m.quiz_problem_invalid,
	not_number: m.quiz_problem_not_number,
	order_positions: m.quiz_problem_order_positions
};

/** The sentence for a problem code the server sent back with a question. */
export const problemText = (code: string) => problems[code]?.() ?? code;
