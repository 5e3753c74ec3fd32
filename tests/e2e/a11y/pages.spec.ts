import {
	continueAfterRegistering,
	expect,
	expectNoAxeViolations,
	register,
	test
} from '../fixtures';

const signedOut = [
	'/',
	'/join',
	'/login',
	'/register',
	'/learn/kvm-on-ibm-z',
	'/learn/comparison-complexity-functionality',
	'/certificates/verify',
	'/glossary',
	'/glossary?q=DPM',
	'/does-not-exist'
];
const signedIn = ['/learn', '/settings', '/settings/delete', '/learn/esxi'];
/** The account pages of issue 13, apart so each test stays within its time on a busy machine. */
const accountPages = [
	'/register/sent',
	'/forgot',
	'/forgot?email=ada%40example.org',
	`/reset/${'a'.repeat(32)}`,
	`/verify/${'a'.repeat(32)}`
];

// Pairwise, not every combination: each page goes through axe in both languages and on both screens
// (German on the desktop, English on the phone; tests/e2e/learner/a11y-learner.spec.ts crosses them
// for the dark scheme). axe is the most expensive step of CI, and what it checks depends on the
// language (texts, lang attributes) and on the screen (layout, hidden navigation), hardly on the pair.
for (const locale of ['de-DE', 'en-US']) {
	test.describe(`every page passes axe (${locale})`, () => {
		test.use({ locale });
		test.skip(({ isMobile }) => isMobile !== (locale === 'en-US'), 'pairwise: the other screen');
		// Every page through axe, one after the other.
		test.describe.configure({ timeout: 180_000 });

		test('@phone signed out', async ({ page }) => {
			for (const path of signedOut) {
				await page.goto(path);
				await expectNoAxeViolations(page);
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - innerWidth
				);
				expect(overflow, path).toBeLessThanOrEqual(0);
			}
		});

		test('@phone account pages', async ({ page }) => {
			test.setTimeout(360_000);
			for (const path of accountPages) {
				await page.goto(path);
				await expectNoAxeViolations(page);
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - innerWidth
				);
				expect(overflow, path).toBeLessThanOrEqual(0);
			}
			await register(page);
			await page.goto('/verify');
			await expectNoAxeViolations(page);
		});

		test('@phone signed in', async ({ page }) => {
			await register(page);
			for (const path of signedIn) {
				await page.goto(path);
				await expectNoAxeViolations(page);
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - innerWidth
				);
				expect(overflow, path).toBeLessThanOrEqual(0);
			}
		});
	});
}

test.describe('by keyboard', () => {
	test.use({ locale: 'en-US' });

	test('the skip link is the first stop and moves focus to the content', async ({ page }) => {
		await page.goto('/learn/hypervisors');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Skip to content' });
		await expect(skip).toBeFocused();
		await expect(skip).toBeInViewport();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/#main$/);
	});

	test('register and answer a quiz question with the keyboard alone', async ({ page }) => {
		await page.goto('/register');
		await page.getByLabel('Name').focus();
		await page.keyboard.type('Keya Board');
		await page.keyboard.press('Tab');
		await page.keyboard.type(`keya-${Date.now()}@example.com`);
		await page.keyboard.press('Tab');
		await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
		await page.keyboard.type('Tasten-statt-Maus-2026');
		await page.keyboard.press('Enter');
		await continueAfterRegistering(page);

		await page.goto('/learn/introduction');
		const first = page.locator('fieldset[id^="question-"]').first();
		const control = first.locator('input, select').first();
		await control.focus();
		const tag = await control.evaluate((e) => `${e.tagName}:${(e as HTMLInputElement).type}`);
		if (tag === 'INPUT:radio') {
			await page.keyboard.press('ArrowDown');
			await expect(first.locator('input:checked')).toHaveCount(1);
		} else if (tag === 'INPUT:checkbox') {
			await page.keyboard.press('Space');
			await expect(first.locator('input:checked')).toHaveCount(1);
		} else if (tag.startsWith('SELECT')) {
			await page.keyboard.press('ArrowDown');
			await expect(control).not.toHaveValue('');
		} else {
			await page.keyboard.type('42');
			await expect(control).toHaveValue('42');
		}
	});
});
