import type { Page } from '@playwright/test';
import { folderOf, quizOf } from '../course-data';

/**
 * Answers every question of the quiz on the page, all right or all wrong. The page's values are
 * opaque, so like a person this finds the answers by their text (the keys come from content/).
 * Returns the question ids.
 */
export async function answerQuiz(
	page: Page,
	slug: string,
	right: boolean,
	only?: number,
	{ js = true } = {}
) {
	// Input made before hydration can be reset by it: with JavaScript, wait until the form is live.
	if (js) await page.locator('form.quiz-form[data-ready]').waitFor();
	const lang = (await page.locator('html').getAttribute('lang')) === 'en' ? 'en' : 'de';
	const pool = new Map(quizOf(folderOf(slug)).map((q) => [q.id, q]));
	const ids = await page
		.locator('fieldset[id^="question-"]')
		.evaluateAll((els) => els.map((e) => e.id.replace('question-', '')));
	for (const id of ids.slice(0, only ?? ids.length)) {
		const q = pool.get(id)!;
		const fieldset = page.locator(`fieldset[id="question-${id}"]`);
		const choice = (text: string) =>
			fieldset
				.locator('label.choice')
				.filter({ has: page.getByText(text, { exact: true }) })
				.locator('input');
		switch (q.type) {
			case 'single': {
				const option = q.options!.find((o) => !!o.correct === right)!;
				await choice(option.text[lang]).check();
				break;
			}
			case 'multiple':
				for (const o of q.options!.filter((o) => !!o.correct === right)) {
					await choice(o.text[lang]).check();
				}
				break;
			case 'truefalse':
				await fieldset.locator(`input[value="${right ? q.answer : !q.answer}"]`).check();
				break;
			case 'number':
				await fieldset
					.locator('input[type=text]')
					.fill(String(right ? q.answer : Number(q.answer) + 1000));
				break;
			case 'order': {
				const n = q.items!.length;
				for (const [i, item] of q.items!.entries()) {
					await fieldset
						.getByLabel(item.text[lang], { exact: true })
						.selectOption(String(right ? i + 1 : n - i));
				}
				break;
			}
			case 'match': {
				const n = q.pairs!.length;
				for (const [i, pair] of q.pairs!.entries()) {
					const answer = right ? pair : q.pairs![(i + 1) % n];
					await fieldset
						.getByLabel(pair.left[lang], { exact: true })
						.selectOption({ label: answer.right[lang] });
				}
				break;
			}
		}
	}
	return ids;
}
