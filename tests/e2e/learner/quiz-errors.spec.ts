import { expect, register, test } from '../fixtures';
import { answerQuiz } from '../quiz/answer';

test.describe('German, with JavaScript', () => {
	test.use({ locale: 'de-DE' });
	test('a failed submit focuses the error summary; one open question is singular', async ({
		page
	}) => {
		await register(page);
		await page.goto('/learn/esxi');
		await answerQuiz(page, 'esxi', true, 4);
		await page.getByRole('button', { name: 'Antworten abgeben' }).click();
		const summary = page.locator('#quiz-errors');
		await expect(summary).toContainText('1 ist noch offen');
		await expect(summary).toBeFocused();
		await expect(summary).toBeInViewport();
		// The summary links to the open question.
		await summary.getByRole('link').click();
		await expect(page.locator('fieldset.has-problem')).toBeInViewport();
	});
});
