import { expect, test } from '../fixtures';

test.use({ locale: 'en-GB' });

test('switching the language keeps the section being read', async ({ page }) => {
	// The reader came to a section by its link (table of contents, "Re-read: …" on a result).
	await page.goto('/learn/kvm#vcpus');
	await page.locator('form.language-switch[data-ready]').waitFor();
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await page.waitForURL(/\/learn\/kvm#vcpus$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.locator('#vcpus')).toBeInViewport();
	await page.locator('form.language-switch[data-ready]').waitFor();
	// And back: the same id exists in English.
	await page.getByRole('button', { name: 'English' }).click();
	await page.waitForURL(/\/learn\/kvm#vcpus$/);
	await page.locator('form.language-switch[data-ready]').waitFor();
	await expect(page.locator('#vcpus')).toHaveText(/Virtual CPUs/);
});

test('without JavaScript the switch keeps the page (a form cannot send the #hash)', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
	const page = await context.newPage();
	await page.goto('/learn/kvm#vcpus');
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await page.waitForURL(/\/learn\/kvm/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await context.close();
});
