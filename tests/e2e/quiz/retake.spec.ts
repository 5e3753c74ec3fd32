import type { Page } from '@playwright/test';
import { folderOf, quizOf } from '../course-data';
import { expect, expectNoAxeViolations, register, test } from '../fixtures';
import { answerQuiz } from './answer';

/** Takes the lesson's quiz and fails it; returns the question ids it asked. */
async function failQuiz(page: Page, slug: string, js: boolean) {
	await page.goto(`/learn/${slug}`);
	const ids = await answerQuiz(page, slug, false, undefined, { js });
	await page.locator('form.quiz-form button[type=submit]').click();
	await page.waitForURL(/\?attempt=/);
	return ids;
}

const TIME = /\d{1,2}:\d{2}/;

test.describe('in German, with JavaScript', () => {
	test.use({ locale: 'de-DE' });
	test('a retake asks new questions; after two failures the quiz waits and says until when', async ({
		page
	}) => {
		await register(page);
		const first = await failQuiz(page, 'kvm', true);
		const second = await failQuiz(page, 'kvm', true);
		const pool = quizOf(folderOf('kvm')).length;
		const repeated = second.filter((id) => first.includes(id));
		expect(repeated.length).toBeLessThanOrEqual(Math.max(0, 5 - (pool - 5)));

		await page.getByRole('link', { name: 'Neuer Versuch' }).click();
		const notice = page.locator('.quiz [role=status]');
		await expect(notice).toContainText('Das Quiz ist um');
		await expect(notice).toContainText(TIME);
		await expect(page.locator('form.quiz-form')).toHaveCount(0);
		await expectNoAxeViolations(page);
		// A reload draws nothing either: the server decides.
		await page.reload();
		await expect(page.locator('form.quiz-form')).toHaveCount(0);
	});
});

test.describe('in English, without JavaScript', () => {
	test.use({ locale: 'en-GB', javaScriptEnabled: false });
	test('the waiting notice works without JavaScript', async ({ page }) => {
		await register(page);
		await failQuiz(page, 'esxi', false);
		await failQuiz(page, 'esxi', false);
		await page.goto('/learn/esxi');
		const notice = page.locator('.quiz [role=status]');
		await expect(notice).toContainText('The quiz opens again at');
		await expect(notice).toContainText(TIME);
		await expect(page.locator('form.quiz-form')).toHaveCount(0);
	});
});
