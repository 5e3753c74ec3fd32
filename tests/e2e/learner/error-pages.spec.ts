import { expect, test } from '../fixtures';

for (const [locale, title, hint] of [
	['de-DE', 'Diese Seite gibt es nicht.', 'Prüfe die Adresse oder beginne auf der Startseite.'],
	['en-GB', 'This page does not exist.', 'Check the address, or start from the home page.']
] as const) {
	test.describe(locale, () => {
		test.use({ locale });
		test('a 404 says it once, then what to do', async ({ page }) => {
			const response = await page.goto('/no-such-page');
			expect(response?.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
			const main = (await page.locator('main').innerText()).split(title);
			expect(main).toHaveLength(2);
			await expect(page.locator('main')).toContainText(hint);
			// axe: tests/e2e/a11y/pages.spec.ts checks a 404 page in both languages (and the dark one in
			// tests/e2e/learner/a11y-learner.spec.ts).
		});
	});
}
