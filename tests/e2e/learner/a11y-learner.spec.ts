import { expect, expectNoAxeViolations, register, test } from '../fixtures';

// The learner's pages in the dark colour scheme, in both languages; tests/e2e/a11y checks every page,
// these included, in the light one.
const signedOut = ['/', '/join', '/learn/comparison-complexity-functionality', '/does-not-exist'];
const signedIn = ['/learn', '/learn/kvm'];

for (const locale of ['de-DE', 'en-US']) {
	test.describe(`${locale}, dark`, () => {
		test.use({ locale, colorScheme: 'dark' });
		// Pairwise (see tests/e2e/a11y/pages.spec.ts): the light sweep has German on the desktop, the
		// dark one English there.
		test.skip(({ isMobile }) => isMobile !== (locale === 'de-DE'), 'pairwise: the other screen');

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
