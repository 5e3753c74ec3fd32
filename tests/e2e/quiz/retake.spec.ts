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
const cases = [
	{ locale: 'de-DE', js: true, slug: 'kvm', retry: 'Neuer Versuch', wait: 'Das Quiz ist um' },
	{ locale: 'de-DE', js: false, slug: 'esxi', retry: 'Neuer Versuch', wait: 'Das Quiz ist um' },
	{
		locale: 'en-GB',
		js: true,
		slug: 'hypervisors',
		retry: 'Try again',
		wait: 'The quiz opens again at'
	},
	{
		locale: 'en-GB',
		js: false,
		slug: 'kvm-on-ibm-z',
		retry: 'Try again',
		wait: 'The quiz opens again at'
	}
];

for (const c of cases) {
	test.describe(`${c.locale}, JavaScript ${c.js ? 'on' : 'off'}`, () => {
		test.use({ locale: c.locale, javaScriptEnabled: c.js });
		test('a retake asks new questions; after two failures the quiz waits and says until when', async ({
			page
		}) => {
			await register(page);
			const first = await failQuiz(page, c.slug, c.js);
			const second = await failQuiz(page, c.slug, c.js);
			// Where the pool allows, the retake asked none of the first attempt's questions.
			const pool = quizOf(folderOf(c.slug)).length;
			const repeated = second.filter((id) => first.includes(id));
			expect(repeated.length).toBeLessThanOrEqual(Math.max(0, 5 - (pool - 5)));

			await page.getByRole('link', { name: c.retry }).click();
			const notice = page.locator('.quiz [role=status]');
			await expect(notice).toContainText(c.wait);
			await expect(notice).toContainText(TIME);
			await expect(page.locator('form.quiz-form')).toHaveCount(0);
			// axe needs JavaScript in the page; once, in German: the English notice is the same markup.
			if (c.js && c.locale === 'de-DE') await expectNoAxeViolations(page);
			// A reload draws nothing either: the server decides.
			await page.reload();
			await expect(page.locator('form.quiz-form')).toHaveCount(0);
		});
	});
}
