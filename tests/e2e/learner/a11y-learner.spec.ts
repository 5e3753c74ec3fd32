import { expect, expectNoAxeViolations, register, test } from '../fixtures';

// The pages this work changed, in both languages and both colour schemes (tests/e2e/a11y covers the
// rest in the light scheme).
const signedOut = ['/', '/join', '/learn/comparison-complexity-functionality', '/does-not-exist'];
const signedIn = ['/learn', '/learn/kvm'];

for (const locale of ['de-DE', 'en-US']) {
	for (const colorScheme of ['light', 'dark'] as const) {
		test.describe(`${locale}, ${colorScheme}`, () => {
			test.use({ locale, colorScheme });

			test('@phone changed pages pass axe, signed out', async ({ page }) => {
				test.setTimeout(360_000); // axe is slow on a shared 2-core machine
				for (const path of signedOut) {
					await page.goto(path);
					await expectNoAxeViolations(page);
				}
			});

			test('@phone changed pages pass axe, signed in', async ({ page }) => {
				test.setTimeout(360_000);
				await register(page);
				for (const path of signedIn) {
					await page.goto(path);
					if (path === '/learn/kvm') await page.locator('form.quiz-form[data-ready]').waitFor();
					await expectNoAxeViolations(page);
					const overflow = await page.evaluate(
						() => document.documentElement.scrollWidth - innerWidth
					);
					expect(overflow, path).toBeLessThanOrEqual(0);
				}
			});
		});
	}
}
