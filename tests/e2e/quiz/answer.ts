import type { Page } from '@playwright/test';
import { folderOf, quizOf } from '../course-data';

/** Answers every question of the quiz on the page, all right or all wrong. Returns the question ids. */
export async function answerQuiz(
	page: Page,
	slug: string,
	right: boolean,
	only?: number,
	{ js = true } = {}
) {
	// Input made before hydration can be reset by it: with JavaScript, wait until the form is live.
	if (js) await page.locator('form.quiz-form[data-ready]').waitFor();
	const pool = new Map(quizOf(folderOf(slug)).map((q) => [q.id, q]));
	const ids = await page
		.locator('fieldset[id^="question-"]')
		.evaluateAll((els) => els.map((e) => e.id.replace('question-', '')));
	for (const id of ids.slice(0, only ?? ids.length)) {
		const q = pool.get(id)!;
		const field = (part?: string) => page.locator(`[name="q.${id}${part ? `.${part}` : ''}"]`);
		switch (q.type) {
			case 'single': {
				const option = q.options!.find((o) => !!o.correct === right)!;
				await field()
					.and(page.locator(`[value="${option.id}"]`))
					.check();
				break;
			}
			case 'multiple':
				for (const o of q.options!.filter((o) => !!o.correct === right)) {
					await field()
						.and(page.locator(`[value="${o.id}"]`))
						.check();
				}
				break;
			case 'truefalse':
				await field()
					.and(page.locator(`[value="${right ? q.answer : !q.answer}"]`))
					.check();
				break;
			case 'number':
				await field().fill(String(right ? q.answer : Number(q.answer) + 1000));
				break;
			case 'order': {
				const n = q.items!.length;
				for (const [i, item] of q.items!.entries()) {
					await field(item.id).selectOption(String(right ? i + 1 : n - i));
				}
				break;
			}
			case 'match': {
				const n = q.pairs!.length;
				for (const [i, pair] of q.pairs!.entries()) {
					await field(pair.id).selectOption(right ? pair.id : q.pairs![(i + 1) % n].id);
				}
				break;
			}
		}
	}
	return ids;
}
